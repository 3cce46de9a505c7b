import { useRef, useState } from 'react';
import './compare.css';
import type { Transport } from '../../../shared/records';
import { getRecords, useSessions } from '../../stores/sessions';
import { createRingCursor, readNew } from '../charts/ring-cursor';
import { useRecordsOnFrame } from '../charts/use-records-on-frame';
import { formatBytes, formatMs } from '../stats/stats-view';
import { createCompareSide, type CompareFigures, type CompareSide } from './compare-model';

const REFRESH_MS = 250;

function useSideFigures(sessionId: string, transport: Transport): CompareFigures {
  const side = useRef<CompareSide>(createCompareSide(transport));
  const cursor = useRef(createRingCursor());
  const [figures, setFigures] = useState<CompareFigures>(() => side.current.figures());
  useRecordsOnFrame(
    sessionId,
    () => {
      const s = side.current;
      const read = readNew(getRecords(sessionId), cursor.current, s.consume, s.reset, 10_000);
      if (read.visited > 0 || read.reset) setFigures(s.figures());
      return read.remaining > 0;
    },
    REFRESH_MS,
  );
  return figures;
}

function stateText(transport: Transport, readyState: number | undefined): string {
  if (readyState === undefined) return 'GONE';
  return (transport === 'ws' ? ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] : ['CONNECTING', 'OPEN', 'CLOSED'])[readyState] ?? String(readyState);
}

interface Metric {
  label: string;
  sse: number | null;
  ws: number | null;
  format: (v: number) => string;
  /** Lower is better (latency, overhead): the better side is highlighted. */
  lowerIsBetter: boolean;
}

function Bars({ metric }: { metric: Metric }) {
  const max = Math.max(metric.sse ?? 0, metric.ws ?? 0) || 1;
  const better = metric.sse !== null && metric.ws !== null && metric.sse !== metric.ws ? ((metric.sse < metric.ws) === metric.lowerIsBetter ? 'sse' : 'ws') : null;
  return (
    <div className="compare-metric" role="group" aria-label={metric.label}>
      <div className="compare-metric-label">{metric.label}</div>
      {(['sse', 'ws'] as const).map((side) => {
        const v = metric[side];
        return (
          <div className={`compare-bar-row${better === side ? ' better' : ''}`} key={side}>
            <span className="compare-bar-name">{side === 'sse' ? 'SSE' : 'WS'}</span>
            <span className="compare-bar-track">
              <span className={`compare-bar compare-bar-${side}`} style={{ width: `${v === null ? 0 : Math.max(1, (v / max) * 100)}%` }} />
            </span>
            <span className="compare-bar-value" data-testid={`compare-${side}-${metric.label.toLowerCase().replace(/\W+/g, '-')}`}>
              {v === null ? '–' : metric.format(v)}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/**
 * SSE and WebSocket side by side on the same demo messages: how many arrived, how late (from
 * their `sentAt`), and how many bytes each transport spends around every message.
 */
export function CompareView({ sseSessionId, wsSessionId }: { sseSessionId: string; wsSessionId: string }) {
  const sse = useSideFigures(sseSessionId, 'sse');
  const ws = useSideFigures(wsSessionId, 'ws');
  const sseState = useSessions((s) => s.sessions[sseSessionId]?.readyState);
  const wsState = useSessions((s) => s.sessions[wsSessionId]?.readyState);
  const sseUrl = useSessions((s) => s.sessions[sseSessionId]?.request.url ?? '');
  const wsUrl = useSessions((s) => s.sessions[wsSessionId]?.request.url ?? '');
  const count = (v: number) => v.toLocaleString('en-US');
  const bytes = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} B`;
  const metrics: Metric[] = [
    { label: 'Messages', sse: sse.messages, ws: ws.messages, format: count, lowerIsBetter: false },
    { label: 'Mean latency', sse: sse.latency?.mean ?? null, ws: ws.latency?.mean ?? null, format: formatMs, lowerIsBetter: true },
    { label: 'p95 latency', sse: sse.latency?.p95 ?? null, ws: ws.latency?.p95 ?? null, format: formatMs, lowerIsBetter: true },
    { label: 'Overhead per message', sse: sse.overheadPerMessage, ws: ws.overheadPerMessage, format: bytes, lowerIsBetter: true },
    { label: 'Payload per message', sse: sse.payloadPerMessage, ws: ws.payloadPerMessage, format: bytes, lowerIsBetter: false },
  ];
  return (
    <section className="compare-view" aria-label="SSE vs WebSocket">
      <div className="compare-heads">
        {([
          ['SSE', sse, 'sse' as const, sseState, sseUrl],
          ['WebSocket', ws, 'ws' as const, wsState, wsUrl],
        ] as const).map(([name, f, transport, state, url]) => (
          <div className={`compare-head compare-head-${transport}`} key={name} data-testid={`compare-head-${transport}`}>
            <div className="compare-head-title">
              <strong>{name}</strong> <span className={`compare-pill state-${stateText(transport, state).toLowerCase()}`}>{stateText(transport, state)}</span>
            </div>
            <div className="compare-url" title={url}>
              {url}
            </div>
            <div className="compare-totals">
              {count(f.messages)} messages · {formatBytes(f.wireBytes)} on the wire · {formatBytes(f.payloadBytes)} payload
              {f.rate !== null ? ` · ${f.rate.toFixed(1)} msg/s` : ''}
            </div>
          </div>
        ))}
      </div>
      <div className="compare-metrics">
        {metrics.map((m) => (
          <Bars metric={m} key={m.label} />
        ))}
      </div>
      <p className="compare-note">
        Overhead: SSE counts every byte of the response body beyond the event data (field names, &quot;data: &quot; prefixes, line
        ends, comments); WebSocket counts each inbound frame&apos;s header (2–10 bytes from the payload size; server frames are not
        masked). The HTTP response head and the WebSocket handshake are paid once per connection and left out.
      </p>
    </section>
  );
}
