import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { parseJsonPath } from '#shared/json-path';
import { extractTimestamp, TIMESTAMP_FIELDS } from '#shared/timestamp';
import { getRecords, useSessions } from '../../stores/sessions';
import { createChartModel, RATE_WINDOW_MS, summarizeRates, type ChartModel, type RateSummary } from './charts-model';
import { formatBytes } from '#shared/byte-size';
import { isClosed } from '../../lib/format';
import type { Percentiles } from '../../lib/percentiles';
import { histogramOptions, latencyOptions, rateOptions } from './plot-options';
import { createRingCursor, readNew, type RingCursor } from '../../lib/ring-cursor';
import { useRecordsOnFrame } from '../../lib/use-records-on-frame';
import { chartTables, formatMs, tablesKey, type ChartTables, type FigureRow } from './chart-tables';

// Sorting the latency window costs ~1 ms; a few times a second is plenty for labels.
const SUMMARY_EVERY_MS = 250;
const DRAW_EVERY_MS = 50;
// The tables re-render the panel: once a second is enough to read them.
const TABLES_EVERY_MS = 1000;
const NO_TABLES: ChartTables = { latency: [], rates: [], interArrival: [] };
// Catching up with a full ring happens over several frames (JSON.parse per message).
const MAX_RECORDS_PER_FRAME = 10_000;

interface Plots {
  latency: uPlot;
  rates: uPlot;
  histogram: uPlot;
}

const ms = formatMs;

function percentilesText(p: Percentiles): string {
  return `p50 ${ms(p.p50)} · p95 ${ms(p.p95)} · p99 ${ms(p.p99)} · mean ${ms(p.mean)}`;
}

function gapsText(gaps: Percentiles | null): string {
  return gaps ? `${percentilesText(gaps)} (${gaps.count.toLocaleString()} gaps)` : '';
}

function rate(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(2);
}

function ratesText(r: RateSummary | null): string {
  if (!r) return '';
  return (
    `${r.atClose ? 'at close' : 'now'} ${rate(r.eventsPerSec)} events/s · ${formatBytes(r.bytesPerSec)}/s over ${r.atClose ? 'its' : 'the'} last ${RATE_WINDOW_MS / 1000} s` +
    ` · range ${rate(r.min)}–${rate(r.max)} events/s over ${r.seconds.toFixed(0)} s`
  );
}

function summaryText(model: ChartModel, summary: Percentiles | null): string {
  if (!summary) return '';
  const window =
    summary.count < model.latencySamples
      ? ` (last ${summary.count.toLocaleString()} of ${model.latencySamples.toLocaleString()})`
      : ` (${summary.count.toLocaleString()} samples)`;
  return `${percentilesText(summary)}${window}`;
}

/**
 * Latency over time (with p50/p95/p99), inter-arrival histogram and events/s + bytes/s for one
 * session. The uPlot instances live in a ref; records are read incrementally from the session's
 * ring on animation frames, so the component itself renders only when the latency path changes.
 */
export function ChartsPanel({ sessionId }: { sessionId: string }) {
  const [pathInput, setPathInput] = useState('');
  const [path, setPath] = useState('');
  const [hasLatency, setHasLatency] = useState(false);
  const [hasMessages, setHasMessages] = useState(false);
  const latencyEl = useRef<HTMLDivElement>(null);
  const ratesEl = useRef<HTMLDivElement>(null);
  const histogramEl = useRef<HTMLDivElement>(null);
  const summaryEl = useRef<HTMLElement>(null);
  const gapsEl = useRef<HTMLElement>(null);
  const ratesTextEl = useRef<HTMLParagraphElement>(null);
  const plots = useRef<Plots | null>(null);
  const model = useRef<ChartModel | null>(null);
  const modelPath = useRef<string | null>(null);
  const cursor = useRef<RingCursor>(createRingCursor());
  const lastSummaryAt = useRef(-Infinity);
  const summary = useRef<Percentiles | null>(null);
  const lastTablesAt = useRef(-Infinity);
  const [tables, setTables] = useState<ChartTables>(NO_TABLES);

  const parsed = pathInput.trim() ? parseJsonPath(pathInput) : null;
  const pathError = parsed && !parsed.ok ? parsed.error : null;

  // A new path means new latency figures: rebuild the model and re-read the whole ring.
  if (!model.current || modelPath.current !== path) {
    const reader = path ? (text: string) => extractTimestamp(text, path) : (text: string) => extractTimestamp(text);
    model.current = createChartModel(reader);
    modelPath.current = path;
    cursor.current = createRingCursor();
    summary.current = null;
    lastSummaryAt.current = -Infinity;
    lastTablesAt.current = -Infinity;
  }

  useEffect(() => {
    const width = (el: HTMLElement | null) => Math.max(240, (el?.clientWidth ?? 600) - 4);
    const created: Plots = {
      latency: new uPlot(latencyOptions(width(latencyEl.current)), [[], [], [], [], [], []], latencyEl.current!),
      rates: new uPlot(rateOptions(width(ratesEl.current)), [[], [], []], ratesEl.current!),
      histogram: new uPlot(histogramOptions(width(histogramEl.current)), [[], []], histogramEl.current!),
    };
    plots.current = created;
    const resize = new ResizeObserver(() => {
      for (const [plot, el] of [
        [created.latency, latencyEl.current],
        [created.rates, ratesEl.current],
        [created.histogram, histogramEl.current],
      ] as const) {
        const w = width(el);
        if (Math.abs(plot.width - w) > 1) plot.setSize({ width: w, height: plot.height });
      }
    });
    for (const el of [latencyEl.current, ratesEl.current, histogramEl.current]) if (el) resize.observe(el);
    return () => {
      resize.disconnect();
      created.latency.destroy();
      created.rates.destroy();
      created.histogram.destroy();
      plots.current = null;
    };
  }, []);

  useRecordsOnFrame(
    sessionId,
    () => {
      const m = model.current;
      const p = plots.current;
      if (!m || !p) return;
      const read = readNew(getRecords(sessionId), cursor.current, m.consume, m.reset, MAX_RECORDS_PER_FRAME);
      const now = performance.now();
      const info = useSessions.getState().sessions[sessionId];
      const ended = info ? isClosed(info.transport, info.readyState) : true;
      // Once the session has ended and its records are read, nothing calls this again: its last
      // figures are written now, not at the next interval.
      const final = ended && read.remaining === 0;
      if (final || now - lastSummaryAt.current >= SUMMARY_EVERY_MS) {
        lastSummaryAt.current = now;
        summary.current = m.latencySummary();
        if (summaryEl.current) summaryEl.current.textContent = summaryText(m, summary.current);
        if (gapsEl.current) gapsEl.current.textContent = gapsText(m.interArrivalSummary());
      }
      const lat = m.latency(summary.current);
      p.latency.setData([lat.x, lat.mean, lat.max, lat.p50, lat.p95, lat.p99]);
      const rates = m.rates(ended);
      p.rates.setData([rates.x, rates.eventsPerSec, rates.bytesPerSec]);
      const rateSummary = summarizeRates(rates, ended);
      if (ratesTextEl.current) ratesTextEl.current.textContent = ratesText(rateSummary);
      const h = m.histogram();
      p.histogram.setData([h.x, h.counts]);
      if (final || now - lastTablesAt.current >= TABLES_EVERY_MS) {
        lastTablesAt.current = now;
        const next = chartTables(summary.current, rateSummary, m.interArrivalSummary(), h.counts);
        // Same figures, same object: React skips the render.
        setTables((old) => (tablesKey(old) === tablesKey(next) ? old : next));
      }
      // Both are booleans: React skips the render when they did not change.
      setHasLatency(m.latencySamples > 0);
      setHasMessages(m.messages > 0);
      return read.remaining > 0;
    },
    DRAW_EVERY_MS,
    path,
  );

  const apply = () => {
    if (!pathError) setPath(pathInput.trim());
  };

  return (
    <section className="charts-panel" aria-label="Charts">
      <form
        className="path-controls charts-path"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          Timestamp path
          <input
            type="text"
            value={pathInput}
            placeholder={`auto: ${TIMESTAMP_FIELDS.join(', ')}`}
            spellCheck={false}
            aria-invalid={pathError ? true : undefined}
            onChange={(e) => setPathInput(e.target.value)}
          />
        </label>
        <button type="submit" disabled={!!pathError}>
          Apply
        </button>
        {path && (
          <button
            type="button"
            onClick={() => {
              setPathInput('');
              setPath('');
            }}
          >
            Auto-detect
          </button>
        )}
        {pathError && (
          <span className="path-error" role="alert">
            {pathError}
          </span>
        )}
      </form>
      <h3>Latency (arrival − {path ? <code>{path}</code> : 'send timestamp'})</h3>
      <dl className="charts-figures">
        <dt>Latency</dt>
        <dd className="charts-summary" ref={summaryEl} data-testid="latency-summary" />
        <dt>Inter-arrival</dt>
        <dd className="charts-summary" ref={gapsEl} data-testid="interarrival-summary" />
      </dl>
      {hasMessages && !hasLatency && (
        <p className="charts-empty">
          No send timestamp found in the messages{path ? ` at ${path}` : ` (tried ${TIMESTAMP_FIELDS.join(', ')})`}.
          Enter the JSON path of a timestamp (s, ms or µs since the epoch, or ISO-8601).
        </p>
      )}
      <ChartFigure name="Latency" plotRef={latencyEl} testId="latency-chart" rows={tables.latency} />
      <h3>Events/s and bytes/s</h3>
      <p className="charts-summary" ref={ratesTextEl} data-testid="rate-summary" />
      <ChartFigure name="Events/s and bytes/s" plotRef={ratesEl} testId="rate-chart" rows={tables.rates} />
      <h3>Inter-arrival time</h3>
      <ChartFigure
        name="Inter-arrival time"
        plotRef={histogramEl}
        testId="histogram-chart"
        rows={tables.interArrival}
      />
      {!hasMessages && <p className="charts-empty">Waiting for messages: charts fill in as events arrive.</p>}
    </section>
  );
}

/**
 * One chart with its text alternative: the canvas is an image named after the chart and
 * described by a small table of its current figures. The table is always there for assistive
 * technology; "Table" shows it on screen too.
 */
function ChartFigure({
  name,
  plotRef,
  testId,
  rows,
}: {
  name: string;
  plotRef: RefObject<HTMLDivElement | null>;
  testId: string;
  rows: readonly FigureRow[];
}): ReactNode {
  const [shown, setShown] = useState(false);
  const tableId = useId();
  return (
    <div className="charts-figure">
      <div
        className="plot-box charts-plot"
        ref={plotRef}
        data-testid={testId}
        role="img"
        aria-label={`${name} chart`}
        aria-describedby={tableId}
      />
      <button
        type="button"
        className="charts-table-toggle"
        aria-pressed={shown}
        title={`Show the ${name.toLowerCase()} figures as a table`}
        onClick={() => setShown(!shown)}
      >
        Table
      </button>
      {/* A table ignores a 1-pixel width: its wrapper is what hides it from the screen. */}
      <div className={shown ? 'charts-table-wrap' : 'sr-only'}>
        <table id={tableId} className="charts-table">
          <caption>{name}: current figures</caption>
          <thead>
            <tr>
              <th scope="col">figure</th>
              <th scope="col">value</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={2}>no data yet</td>
              </tr>
            ) : (
              rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
