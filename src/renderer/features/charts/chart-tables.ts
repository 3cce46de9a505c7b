import { formatBytes } from '#shared/byte-size';
import type { Percentiles } from '../../lib/percentiles';
import { RATE_WINDOW_MS, type RateSummary } from './charts-model';
import { binLabel, HISTOGRAM_BINS } from './histogram';

/** One row of a chart's text alternative: what the figure is, and its value as text. */
export type FigureRow = readonly [label: string, value: string];

/** The figures each chart shows, as rows of a small table (the charts' text alternative). */
export interface ChartTables {
  latency: FigureRow[];
  rates: FigureRow[];
  interArrival: FigureRow[];
}

/** Histogram rows shown at most: the busiest bins, so a table stays small on any stream. */
export const MAX_BIN_ROWS = 8;

export function formatMs(v: number): string {
  return v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`;
}

function formatRate(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(2);
}

/** A histogram bin's span in words: "under 10µs", "1ms–1.8ms", "56s and more". */
export function binRange(i: number): string {
  if (i === 0) return 'under 10µs';
  if (i === HISTOGRAM_BINS - 1) return `${binLabel(i)} and more`;
  return `${binLabel(i)}–${binLabel(i + 1)}`;
}

function percentileRows(p: Percentiles | null, unit: string): FigureRow[] {
  if (!p) return [];
  return [
    ['p50', formatMs(p.p50)],
    ['p95', formatMs(p.p95)],
    ['p99', formatMs(p.p99)],
    ['mean', formatMs(p.mean)],
    [unit, p.count.toLocaleString('en-US')],
  ];
}

/** The window the newest rates are of: up to now, or up to the session's close. */
function windowName(rates: RateSummary): string {
  return `last ${RATE_WINDOW_MS / 1000} s${rates.atClose ? ' before close' : ''}`;
}

/**
 * The charts' current figures as table rows: latency percentiles, the newest windowed rates
 * with their recent range, and the inter-arrival percentiles with the busiest histogram bins (in
 * bin order). Empty lists while a chart has nothing to show.
 */
export function chartTables(
  latency: Percentiles | null,
  rates: RateSummary | null,
  gaps: Percentiles | null,
  histogram: ArrayLike<number>,
): ChartTables {
  const rateRows: FigureRow[] = rates
    ? [
        [`events/s (${windowName(rates)})`, formatRate(rates.eventsPerSec)],
        [`bytes/s (${windowName(rates)})`, `${formatBytes(rates.bytesPerSec)}/s`],
        [`lowest events/s (${rates.seconds.toFixed(0)} s)`, formatRate(rates.min)],
        [`highest events/s (${rates.seconds.toFixed(0)} s)`, formatRate(rates.max)],
      ]
    : [];
  const bins: number[] = [];
  for (let i = 0; i < Math.min(HISTOGRAM_BINS, histogram.length); i++) if (histogram[i]! > 0) bins.push(i);
  const busiest = bins
    .sort((a, b) => histogram[b]! - histogram[a]! || a - b)
    .slice(0, MAX_BIN_ROWS)
    .sort((a, b) => a - b);
  const binRows: FigureRow[] = busiest.map((i) => [`gaps ${binRange(i)}`, histogram[i]!.toLocaleString('en-US')]);
  return {
    latency: percentileRows(latency, 'samples'),
    rates: rateRows,
    interArrival: [...percentileRows(gaps, 'gaps'), ...binRows],
  };
}

/** One string per table set: the panel re-renders its tables only when a figure changed. */
export function tablesKey(t: ChartTables): string {
  return JSON.stringify(t);
}
