import { isLive } from '../../lib/format';
import { useSessions } from '../../stores/sessions';
import { useView } from '../../stores/view';

/** The session the request bar acts on, and whether its button reads Connect or Disconnect. */
export function useConnectionTarget(): { activeId: string | null; connected: boolean } {
  const activeId = useSessions((s) => s.activeId);
  const showCompare = useView((s) => s.showCompare);
  const connected = useSessions((s) => {
    const info = s.activeId ? s.sessions[s.activeId] : undefined;
    return !!info && info.source === 'live' && isLive(info.transport, info.readyState);
  });
  return { activeId: showCompare ? null : activeId, connected: connected && !showCompare };
}
