import type { InspectorApi, SessionInfo } from '#shared/api';
import type { ListFilterSpec } from '#shared/list-filter';
import { useSessions } from '../stores/sessions';
import { useView } from '../stores/view';

/** A filter being edited settles before it is sent (the bar already debounces typing). */
const SEND_AFTER_MS = 300;

/**
 * Each session's list filter lives in the back end too, so it outlives this page and goes into
 * the session's recording: every change of a view's filter is sent (once it settles), and a
 * session this page has no view of yet takes the filter its info carries (after a reload, or a
 * replay of a recording that has one). Runs outside React; returns the stop function.
 */
export function startFilterSync(api: InspectorApi): () => void {
  /** The filter the back end has (or was sent) per session: not sent back to it. */
  const known = new Map<string, ListFilterSpec>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const adopt = (sessions: Record<string, SessionInfo>) => {
    for (const info of Object.values(sessions)) {
      if (!info.filter || known.has(info.id) || useView.getState().views[info.id]) continue;
      known.set(info.id, info.filter);
      useView.getState().patchView(info.id, info.transport, { filter: info.filter });
    }
  };

  const stopSessions = useSessions.subscribe((s, prev) => {
    if (s.sessions !== prev.sessions) adopt(s.sessions);
    for (const id of known.keys()) if (!(id in s.sessions)) known.delete(id);
  });
  const stopViews = useView.subscribe((s, prev) => {
    if (s.views === prev.views) return;
    for (const [id, view] of Object.entries(s.views)) {
      if (prev.views[id]?.filter === view.filter || known.get(id) === view.filter) continue;
      clearTimeout(timers.get(id));
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          const filter = useView.getState().views[id]?.filter;
          if (!filter || known.get(id) === filter) return;
          known.set(id, filter);
          // A session closed meanwhile answers not-found: nothing to keep then.
          void api.sessions.setFilter(id, filter);
        }, SEND_AFTER_MS),
      );
    }
  });
  adopt(useSessions.getState().sessions);
  return () => {
    stopSessions();
    stopViews();
    for (const t of timers.values()) clearTimeout(t);
  };
}
