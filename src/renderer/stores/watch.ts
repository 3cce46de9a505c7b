import { create } from 'zustand';
import type { WatchOverview } from '#shared/watch';
import { useSessions } from './sessions';

interface WatchState {
  /** The last overview the back end sent; null before any watch was opened. */
  overview: WatchOverview | null;
  /** True while the Watch view fills the workspace. */
  show: boolean;
  setOverview(overview: WatchOverview | null): void;
  setShow(show: boolean): void;
}

export const useWatch = create<WatchState>((set) => ({
  overview: null,
  show: false,
  setOverview: (overview) => set({ overview }),
  setShow: (show) => set({ show }),
}));

// Choosing a session (a tab, a new connection) leaves the Watch view.
useSessions.subscribe((state, previous) => {
  if (state.activeId !== previous.activeId && state.activeId !== null) useWatch.getState().setShow(false);
});
