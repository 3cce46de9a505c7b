import { create } from 'zustand';
import {
  EMPTY_DRAFT,
  isDraft,
  isSavedList,
  isStringList,
  type RequestDraft,
  type SavedRequest,
} from '../lib/request-draft';
import { loadJson, pushRecent, saveJson } from '../lib/storage';
import { composerHistory, useComposer } from './composer';

const KEYS = {
  draft: 'streamscope.draft',
  recent: 'streamscope.recentUrls',
  saved: 'streamscope.savedRequests',
} as const;

interface RequestState {
  draft: RequestDraft;
  recentUrls: string[];
  saved: SavedRequest[];
  patch(p: Partial<RequestDraft>): void;
  replace(d: RequestDraft): void;
  rememberUrl(url: string): void;
  save(name: string): void;
  forget(name: string): void;
}

/** The request bar's draft plus the recent URLs and saved requests, persisted in localStorage. */
export const useRequest = create<RequestState>((set, get) => ({
  draft: loadJson(KEYS.draft, isDraft, EMPTY_DRAFT),
  recentUrls: loadJson(KEYS.recent, isStringList, []),
  saved: loadJson(KEYS.saved, isSavedList, []),
  patch: (p) => {
    const draft = { ...get().draft, ...p };
    set({ draft });
    saveJson(KEYS.draft, draft);
  },
  replace: ({ messages, ...draft }) => {
    // A saved WebSocket request brings its composer history back; the draft itself stays lean.
    if (messages?.length) useComposer.getState().restore(draft.url.trim(), messages);
    set({ draft });
    saveJson(KEYS.draft, draft);
  },
  rememberUrl: (url) => {
    const recentUrls = pushRecent(get().recentUrls, url);
    set({ recentUrls });
    saveJson(KEYS.recent, recentUrls);
  },
  save: (name) => {
    const draft = get().draft;
    const messages = composerHistory(draft.url.trim());
    const entry = { name, draft: messages.length ? { ...draft, messages } : draft };
    const saved = [entry, ...get().saved.filter((s) => s.name !== name)].slice(0, 50);
    set({ saved });
    saveJson(KEYS.saved, saved);
  },
  forget: (name) => {
    const saved = get().saved.filter((s) => s.name !== name);
    set({ saved });
    saveJson(KEYS.saved, saved);
  },
}));
