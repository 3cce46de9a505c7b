import { create } from 'zustand';
import { loadJson, saveJson } from '../lib/storage';
import {
  addToHistory,
  isSentEntryList,
  isTemplateList,
  putTemplate,
  type MessageTemplate,
  type SentEntry,
} from '../lib/ws-messages';

const KEYS = { history: 'streamscope.composerHistory', templates: 'streamscope.messageTemplates' } as const;

/** Request URLs whose history is kept; the least recently used goes first. */
export const HISTORY_URL_LIMIT = 30;

/** URL → sent messages (newest first); key order is use order, oldest first. */
type HistoryByUrl = Record<string, SentEntry[]>;

function isHistoryByUrl(v: unknown): v is HistoryByUrl {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length <= HISTORY_URL_LIMIT &&
    Object.values(v).every(isSentEntryList)
  );
}

/** `url` moved to the newest end, with `entries`; the oldest URLs beyond the limit dropped. */
function withHistory(all: HistoryByUrl, url: string, entries: SentEntry[]): HistoryByUrl {
  const rest = Object.entries(all).filter(([u]) => u !== url);
  const kept = [...rest, [url, entries] as const].slice(-HISTORY_URL_LIMIT);
  // Object.fromEntries defines own properties, so a "__proto__" URL stays data.
  return Object.fromEntries(kept);
}

interface ComposerState {
  history: HistoryByUrl;
  templates: MessageTemplate[];
  /** A message was sent (or refused) on a session of `url`. */
  sent(url: string, entry: SentEntry): void;
  /** The history of `url`, as a saved request brings it back. */
  restore(url: string, entries: SentEntry[]): void;
  saveTemplate(template: MessageTemplate): void;
  deleteTemplate(name: string): void;
}

/**
 * The composer's memory, persisted in localStorage: what was sent per request URL (so it
 * survives a restart, and a saved request carries it) and the named message templates.
 */
export const useComposer = create<ComposerState>((set, get) => ({
  history: loadJson(KEYS.history, isHistoryByUrl, {}),
  templates: loadJson(KEYS.templates, isTemplateList, []),
  sent: (url, entry) => {
    const history = withHistory(get().history, url, addToHistory(get().history[url] ?? [], entry));
    set({ history });
    saveJson(KEYS.history, history);
  },
  restore: (url, entries) => {
    const history = withHistory(get().history, url, entries);
    set({ history });
    saveJson(KEYS.history, history);
  },
  saveTemplate: (template) => {
    const templates = putTemplate(get().templates, template);
    set({ templates });
    saveJson(KEYS.templates, templates);
  },
  deleteTemplate: (name) => {
    const templates = get().templates.filter((t) => t.name !== name);
    set({ templates });
    saveJson(KEYS.templates, templates);
  },
}));

const NO_HISTORY: SentEntry[] = [];

function historyIn(history: HistoryByUrl, url: string): SentEntry[] {
  return Object.prototype.hasOwnProperty.call(history, url) ? history[url]! : NO_HISTORY;
}

/** The sent messages of a request URL, newest first (read once). */
export function composerHistory(url: string): SentEntry[] {
  return historyIn(useComposer.getState().history, url);
}

/** The sent messages of a request URL, newest first. */
export function useComposerHistory(url: string): SentEntry[] {
  return useComposer((s) => historyIn(s.history, url));
}
