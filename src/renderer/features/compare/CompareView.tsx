import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './compare.css';
import { READY_STATE_NAMES, type Transport } from '#shared/records';
import { getRecords, useSessions } from '../../stores/sessions';
import { createRingCursor, readNew } from '../../lib/ring-cursor';
import { useRecordsOnFrame } from '../../lib/use-records-on-frame';
import { formatBytes } from '#shared/byte-size';
import { formatMs } from '../../lib/format';
import { alignLatencies, createCompareSide, type CompareFigures, type CompareSide } from './compare-model';

const REFRESH_MS = 250;

function useSideFigures(sessionId: string, transport: Transport): { figures: CompareFigures; side: CompareSide } {
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
  return { figures, side: side.current };
}

function axisColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--fg').trim() || '#222';
}

function gridColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--border').trim() || '#ddd';
}

/** Both sides' latency over the last few hundred messages, redrawn when the figures refresh. */
function LatencyChart({
  sse,
  ws,
  sseFigures,
  wsFigures,
}: {
  sse: CompareSide;
  ws: CompareSide;
  sseFigures: CompareFigures;
  wsFigures: CompareFigures;
}) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const axis = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    const fmt = (_u: uPlot, v: number | null) => (v === null ? '–' : `${v.toFixed(2)} ms`);
    const created = new uPlot(
      {
        width: Math.max(300, (el.current?.clientWidth ?? 600) - 4),
        height: 160,
        scales: { x: { time: false } },
        cursor: { drag: { x: false, y: false } },
        axes: [
          { ...axis, label: 's', labelSize: 16 },
          { ...axis, label: 'latency ms', labelSize: 18, size: 56 },
        ],
        series: [
          { label: 't (s)', value: (_u, v) => (v === null ? '–' : v.toFixed(2)) },
          { label: 'SSE', stroke: '#3b82f6', width: 1.5, spanGaps: true, value: fmt, points: { show: false } },
          { label: 'WebSocket', stroke: '#a855f7', width: 1.5, spanGaps: true, value: fmt, points: { show: false } },
        ],
      },
      [[], [], []],
      el.current!,
    );
    plot.current = created;
    const resize = new ResizeObserver(() => {
      const w = Math.max(300, (el.current?.clientWidth ?? 600) - 4);
      if (Math.abs(created.width - w) > 1) created.setSize({ width: w, height: created.height });
    });
    if (el.current) resize.observe(el.current);
    return () => {
      resize.disconnect();
      created.destroy();
      plot.current = null;
    };
  }, []);
  useEffect(() => {
    const a = sse.recentLatencies();
    const b = ws.recentLatencies();
    const origin = Math.min(a[0]?.[0] ?? Infinity, b[0]?.[0] ?? Infinity);
    if (plot.current && Number.isFinite(origin)) plot.current.setData(alignLatencies(a, b, origin));
  }, [sse, ws, sseFigures, wsFigures]);
  return <div className="plot-box compare-chart" ref={el} data-testid="compare-latency-chart" />;
}

function stateText(transport: Transport, readyState: number | undefined): string {
  if (readyState === undefined) return 'GONE';
  return READY_STATE_NAMES[transport][readyState] ?? String(readyState);
}

interface Metric {
  label: string;
  sse: number | null;
  ws: number | null;
  format: (v: number) => string;
  /** Lower is better (latency, overhead): the better side is highlighted; null: no judgement. */
  lowerIsBetter: boolean | null;
}

function Bars({ metric }: { metric: Metric }) {
  const max = Math.max(metric.sse ?? 0, metric.ws ?? 0) || 1;
  const better =
    metric.lowerIsBetter !== null && metric.sse !== null && metric.ws !== null && metric.sse !== metric.ws
      ? metric.sse < metric.ws === metric.lowerIsBetter
        ? 'sse'
        : 'ws'
      : null;
  return (
    <div className="compare-metric" role="group" aria-label={metric.label}>
      <div className="compare-metric-label">{metric.label}</div>
      {(['sse', 'ws'] as const).map((side) => {
        const v = metric[side];
        return (
          <div className={`compare-bar-row${better === side ? ' better' : ''}`} key={side}>
            <span className="compare-bar-name">{side === 'sse' ? 'SSE' : 'WS'}</span>
            <span className="compare-bar-track">
              <span
                className={`compare-bar compare-bar-${side}`}
                style={{ width: `${v === null ? 0 : Math.max(1, (v / max) * 100)}%` }}
              />
            </span>
            <span
              className="compare-bar-value"
              data-testid={`compare-${side}-${metric.label.toLowerCase().replace(/\W+/g, '-')}`}
            >
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
  const sseSide = useSideFigures(sseSessionId, 'sse');
  const wsSide = useSideFigures(wsSessionId, 'ws');
  const sse = sseSide.figures;
  const ws = wsSide.figures;
  const sseState = useSessions((s) => s.sessions[sseSessionId]?.readyState);
  const wsState = useSessions((s) => s.sessions[wsSessionId]?.readyState);
  const sseUrl = useSessions((s) => s.sessions[sseSessionId]?.request.url ?? '');
  const wsUrl = useSessions((s) => s.sessions[wsSessionId]?.request.url ?? '');
  const count = (v: number) => v.toLocaleString('en-US');
  const bytes = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} B`;
  const metrics: Metric[] = [
    { label: 'Messages', sse: sse.messages, ws: ws.messages, format: count, lowerIsBetter: null },
    {
      label: 'Mean latency',
      sse: sse.latency?.mean ?? null,
      ws: ws.latency?.mean ?? null,
      format: formatMs,
      lowerIsBetter: true,
    },
    {
      label: 'p95 latency',
      sse: sse.latency?.p95 ?? null,
      ws: ws.latency?.p95 ?? null,
      format: formatMs,
      lowerIsBetter: true,
    },
    {
      label: 'Overhead per message',
      sse: sse.overheadPerMessage,
      ws: ws.overheadPerMessage,
      format: bytes,
      lowerIsBetter: true,
    },
    {
      label: 'Payload per message',
      sse: sse.payloadPerMessage,
      ws: ws.payloadPerMessage,
      format: bytes,
      lowerIsBetter: null,
    },
  ];
  return (
    <section className="compare-view" aria-label="SSE vs WebSocket">
      <div className="compare-heads">
        {(
          [
            ['SSE', sse, 'sse' as const, sseState, sseUrl],
            ['WebSocket', ws, 'ws' as const, wsState, wsUrl],
          ] as const
        ).map(([name, f, transport, state, url]) => (
          <div
            className={`compare-head compare-head-${transport}`}
            key={name}
            data-testid={`compare-head-${transport}`}
          >
            <div className="compare-head-title">
              <strong>{name}</strong>{' '}
              <span className={`compare-pill state-${stateText(transport, state).toLowerCase()}`}>
                {stateText(transport, state)}
              </span>
            </div>
            <div className="compare-url" title={url}>
              {url}
            </div>
            <div className="compare-totals">
              {count(f.messages)} messages · {formatBytes(f.wireBytes)} on the wire · {formatBytes(f.payloadBytes)}{' '}
              payload
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
      <h3 className="compare-chart-title">Latency of recent messages</h3>
      <LatencyChart sse={sseSide.side} ws={wsSide.side} sseFigures={sse} wsFigures={ws} />
      <p className="compare-note">
        Overhead: SSE counts every byte of the response body beyond the event data (field names, &quot;data: &quot;
        prefixes, line ends, comments); WebSocket counts each inbound frame&apos;s header (2–10 bytes from the payload
        size; server frames are not masked). The HTTP response head and the WebSocket handshake are paid once per
        connection and left out.
      </p>
    </section>
  );
}
