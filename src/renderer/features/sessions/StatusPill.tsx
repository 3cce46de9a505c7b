import { readyStateLabel } from '../../lib/format';
import { useSessions } from '../../stores/sessions';

/**
 * The readyState word (an element whose whole text is CONNECTING / OPEN / CLOSED, which outside
 * checks look for) with the reconnect count in a sibling element. A replay that has not emitted
 * anything yet is READY (nothing is connecting); one paused part-way says so next to its state.
 */
export function StatusPill({ sessionId }: { sessionId: string }) {
  const label = useSessions((s) => {
    const info = s.sessions[sessionId];
    if (!info) return 'CLOSED';
    if (info.replay && !info.replay.playing && info.replay.index === 0) return 'READY';
    return readyStateLabel(info.transport, info.readyState);
  });
  const paused = useSessions((s) => {
    const r = s.sessions[sessionId]?.replay;
    return !!r && !r.playing && r.index > 0 && r.index < r.total;
  });
  const reconnects = useSessions((s) => s.sessions[sessionId]?.stats.reconnects ?? 0);
  return (
    <span className={`pill pill-${label.toLowerCase()}`}>
      <span
        className="pill-state"
        role="status"
        aria-label={label === 'READY' ? 'Replay ready, paused' : `Connection ${label}`}
        title={label === 'READY' ? 'Ready to replay: press Play or Step' : undefined}
      >
        {label}
      </span>
      {paused && <span className="pill-paused">paused</span>}
      {reconnects > 0 && (
        <span className="pill-reconnects" title="Reconnects">
          ↻{reconnects}
        </span>
      )}
    </span>
  );
}
