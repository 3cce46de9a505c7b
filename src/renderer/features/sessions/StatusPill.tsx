import { readyStateLabel } from '../../lib/format';
import { useSessions } from '../../stores/sessions';

/**
 * The readyState word (an element whose whole text is CONNECTING / OPEN / CLOSED, which outside
 * checks look for) with the reconnect count in a sibling element.
 */
export function StatusPill({ sessionId }: { sessionId: string }) {
  const label = useSessions((s) => {
    const info = s.sessions[sessionId];
    return info ? readyStateLabel(info.transport, info.readyState) : 'CLOSED';
  });
  const reconnects = useSessions((s) => s.sessions[sessionId]?.stats.reconnects ?? 0);
  return (
    <span className={`pill pill-${label.toLowerCase()}`}>
      <span className="pill-state" role="status" aria-label={`Connection ${label}`}>
        {label}
      </span>
      {reconnects > 0 && (
        <span className="pill-reconnects" title="Reconnects">
          ↻{reconnects}
        </span>
      )}
    </span>
  );
}
