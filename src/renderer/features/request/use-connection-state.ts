import { disconnectTarget } from '../../lib/connect-toggle';
import { useRequest } from '../../stores/request';
import { useSessions } from '../../stores/sessions';
import { useView } from '../../stores/view';

/** The session the request bar acts on, and whether its button reads Connect or Disconnect. */
export function useConnectionTarget(): { activeId: string | null; connected: boolean } {
  const activeId = useSessions((s) => s.activeId);
  const showCompare = useView((s) => s.showCompare);
  const draft = useRequest((s) => s.draft);
  const connected = useSessions(
    (s) => disconnectTarget(s.activeId ? s.sessions[s.activeId] : undefined, showCompare, draft) !== null,
  );
  return { activeId: showCompare ? null : activeId, connected };
}
