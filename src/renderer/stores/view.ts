import { create } from 'zustand';
import { defaultFilterSpec, type ListFilterSpec } from '../lib/record-filter';
import type { Settings } from '#shared/api';
import type { Transport } from '#shared/records';
import { getApi } from '../bridge';

export type ThemeChoice = Settings['theme'];
export type NoticeTone = 'error' | 'info';

/** Per-session view state: what the list shows and what is selected. */
export interface SessionView {
  filter: ListFilterSpec;
  paused: boolean;
  /** seq of the selected record. */
  selectedSeq: number | null;
  /**
   * null while the list follows new rows; once the user selects a row or scrolls up, the seq of
   * the newest row listed at that moment (rows after it are counted as new).
   */
  followPausedAt: number | null;
  /** The open side panel: an id of features/sessions/side-panels.tsx (an unknown one shows the first). */
  sideTab: string;
}

interface ViewState {
  views: Record<string, SessionView>;
  /** The user's theme: kept in the settings (the one place it is stored), loaded at start. */
  theme: ThemeChoice;
  /** True once the user picked a theme in this run: a slower settings load must not undo it. */
  themeChosen: boolean;
  shortcutsOpen: boolean;
  /** The demo's compare view: an SSE and a WS session shown side by side. */
  compare: { sseSessionId: string; wsSessionId: string } | null;
  /** True while the compare view (not a session tab) fills the workspace. */
  showCompare: boolean;
  /** The last action's outcome, shown inline under the request bar: a failure, or plain information. */
  notice: { text: string; tone: NoticeTone } | null;
  /** Names the user gave session tabs (Rename in the tab's menu), by session id. */
  tabNames: Record<string, string>;
  patchView(id: string, transport: Transport, p: Partial<SessionView>): void;
  dropView(id: string): void;
  /** Name a session's tab; an empty name gives the tab its URL label back. */
  renameTab(id: string, name: string): void;
  /** Apply and save a theme the user picked. */
  setTheme(t: ThemeChoice): void;
  /** Apply the theme of the settings (unless the user picked one already). */
  loadTheme(): Promise<void>;
  setShortcutsOpen(open: boolean): void;
  setCompare(c: ViewState['compare']): void;
  setShowCompare(show: boolean): void;
  /** Show a notice (an error unless `tone` says otherwise), or hide it with null. */
  setNotice(text: string | null, tone?: NoticeTone): void;
}

export function defaultView(transport: Transport): SessionView {
  return {
    filter: defaultFilterSpec(transport),
    paused: false,
    selectedSeq: null,
    followPausedAt: null,
    sideTab: 'detail',
  };
}

export const useView = create<ViewState>((set, get) => ({
  views: {},
  theme: 'system',
  themeChosen: false,
  shortcutsOpen: false,
  compare: null,
  showCompare: false,
  notice: null,
  tabNames: {},
  patchView: (id, transport, p) =>
    set((s) => ({ views: { ...s.views, [id]: { ...(s.views[id] ?? defaultView(transport)), ...p } } })),
  dropView: (id) =>
    set((s) => {
      const { [id]: _gone, ...views } = s.views;
      const { [id]: _name, ...tabNames } = s.tabNames;
      const compare = s.compare && (s.compare.sseSessionId === id || s.compare.wsSessionId === id) ? null : s.compare;
      return { views, tabNames, compare, showCompare: compare ? s.showCompare : false };
    }),
  renameTab: (id, name) =>
    set((s) => {
      const { [id]: _old, ...tabNames } = s.tabNames;
      return { tabNames: name.trim() ? { ...tabNames, [id]: name.trim() } : tabNames };
    }),
  setTheme: (theme) => {
    set({ theme, themeChosen: true });
    void getApi()
      .settings.set({ theme })
      .then((res) => {
        if (!res.ok) get().setNotice(`The theme applies, but could not be saved: ${res.error.message}`);
      });
  },
  async loadTheme() {
    const res = await getApi().settings.get();
    if (res.ok && !get().themeChosen) set({ theme: res.value.theme });
  },
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setCompare: (compare) => set({ compare, showCompare: compare !== null }),
  setShowCompare: (showCompare) => set({ showCompare }),
  setNotice: (text, tone = 'error') => set({ notice: text === null ? null : { text, tone } }),
}));

/** The view of one session (a stable default until something is changed). */
const fallbacks = { sse: defaultView('sse'), ws: defaultView('ws') };
export function useSessionView(id: string, transport: Transport): SessionView {
  return useView((s) => s.views[id] ?? fallbacks[transport]);
}
