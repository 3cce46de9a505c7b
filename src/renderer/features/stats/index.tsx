import './stats.css';
import { useSessions } from '../../stores/sessions';
import { statItems } from './stats-model';

/**
 * The session's live counters (connection time, messages, latency mean/p95/p99, reconnects,
 * bytes, rate, TTFB, first event). The back end recomputes SessionInfo.stats with each batch, so
 * this renders at most once per batch and never reads records.
 */
export function StatsPanel({ sessionId }: { sessionId: string }) {
  const stats = useSessions((s) => s.sessions[sessionId]?.stats);
  const transport = useSessions((s) => s.sessions[sessionId]?.transport ?? 'sse');
  if (!stats) return <p className="stats-empty">No statistics for this session yet.</p>;
  return (
    <section className="stats-panel" aria-label="Statistics">
      <dl className="stats-grid">
        {statItems(stats, transport).map((item) => (
          <div className="stats-item" key={item.label} title={item.hint}>
            <dt>{item.label}</dt>
            <dd data-testid={`stat-${item.label.toLowerCase().replace(/\W+/g, '-')}`}>{item.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
