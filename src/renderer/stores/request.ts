import { create } from 'zustand';
import { EMPTY_DRAFT, isDraft, isStringList, type RequestDraft } from '../lib/request-draft';
import { redactUrl } from '#shared/redact';
import { draftForStorage, hasReference } from '#shared/workspace';
import { loadJson, pushRecent, saveJson } from '../lib/storage';
import { useComposer } from './composer';

const KEYS = {
  draft: 'streamscope.draft',
  recent: 'streamscope.recentUrls',
} as const;

interface RequestState {
  draft: RequestDraft;
  recentUrls: string[];
  patch(p: Partial<RequestDraft>): void;
  replace(d: RequestDraft): void;
  rememberUrl(url: string): void;
}

/**
 * The request bar's draft and the recent URLs, persisted in localStorage with secrets redacted
 * (keep one across restarts as a secret variable: see stores/workspace.ts).
 */
export const useRequest = create<RequestState>((set, get) => ({
  draft: loadJson(KEYS.draft, isDraft, EMPTY_DRAFT),
  recentUrls: loadJson(KEYS.recent, isStringList, []),
  patch: (p) => {
    const draft = { ...get().draft, ...p };
    set({ draft });
    saveJson(KEYS.draft, draftForStorage(draft));
  },
  replace: ({ messages, ...draft }) => {
    // A saved WebSocket request brings its composer history back; the draft itself stays lean.
    if (messages?.length) useComposer.getState().restore(draft.url.trim(), messages);
    set({ draft });
    saveJson(KEYS.draft, draftForStorage(draft));
  },
  rememberUrl: (url) => {
    // Credentials in a URL are remembered only as {{variable}} references.
    const recentUrls = pushRecent(get().recentUrls, redactUrl(url, hasReference));
    set({ recentUrls });
    saveJson(KEYS.recent, recentUrls);
  },
}));
