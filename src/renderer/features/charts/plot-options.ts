import uPlot from 'uplot';
import { binLabel, BINS_PER_DECADE, HISTOGRAM_BINS } from './histogram';

/** Reads a theme variable at draw time, so light/dark switches recolour axes on the next frame. */
function themeColor(name: string, fallback: string): () => string {
  return () => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const fg = themeColor('--fg', '#222');
const grid = themeColor('--border', '#ddd');

/** uPlot's default tick face, tick length and gap, named here so a y axis can be sized to its values. */
const TICK_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const TICK_SIZE = 10;
const TICK_GAP = 5;

let measure: CanvasRenderingContext2D | null = null;
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = TICK_FONT;
  return measure.measureText(text).width;
}

/**
 * A y axis as wide as its widest tick value (at least `least` px): with a fixed width, a value
 * such as "2,000,000" bytes/s was drawn over the axis label (which uPlot puts beyond the width).
 */
function fitValues(least: number): uPlot.Axis.Size {
  return (_u, values) => {
    const widest = Math.max(0, ...(values ?? []).map(textWidth));
    return Math.max(least, Math.ceil(TICK_SIZE + TICK_GAP + widest + 3));
  };
}

function axis(extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: () => fg(),
    grid: { stroke: () => grid(), width: 1 },
    ticks: { stroke: () => grid(), width: 1, size: TICK_SIZE },
    font: TICK_FONT,
    gap: TICK_GAP,
    ...extra,
  };
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });
/** Rates as 400K, 1.25M: a byte rate's full digits would take a narrow panel's plot width. */
const compactValues = (_u: uPlot, splits: number[]) => splits.map((v) => compact.format(v));

const fmt = (digits: number) => (_u: uPlot, v: number | null) =>
  v === null || !Number.isFinite(v) ? '–' : v.toFixed(digits);

export const PLOT_HEIGHT = 170;

export function latencyOptions(width: number): uPlot.Options {
  return {
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: false } },
    axes: [
      axis({ label: 's since start', labelSize: 18 }),
      axis({ label: 'latency ms', labelSize: 18, size: fitValues(56) }),
    ],
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: 't (s)', value: fmt(2) },
      { label: 'mean', stroke: '#3b82f6', width: 1.5, value: fmt(1), spanGaps: true },
      { label: 'max', stroke: '#94a3b8', width: 1, value: fmt(1), spanGaps: true },
      { label: 'p50', stroke: '#16a34a', dash: [6, 4], width: 1, value: fmt(1), points: { show: false } },
      { label: 'p95', stroke: '#d97706', dash: [6, 4], width: 1, value: fmt(1), points: { show: false } },
      { label: 'p99', stroke: '#dc2626', dash: [6, 4], width: 1, value: fmt(1), points: { show: false } },
    ],
  };
}

/** Rates are drawn from 0, so a steady stream reads as a flat line, not magnified noise. */
const fromZero: uPlot.Scale.Range = (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1];

export function rateOptions(width: number): uPlot.Options {
  return {
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: false }, y: { range: fromZero }, bytes: { range: fromZero } },
    axes: [
      axis({ label: 's since start', labelSize: 18 }),
      axis({ label: 'events/s', labelSize: 18, size: fitValues(56), values: compactValues }),
      axis({
        scale: 'bytes',
        side: 1,
        label: 'bytes/s',
        labelSize: 18,
        size: fitValues(64),
        values: compactValues,
        grid: { show: false },
      }),
    ],
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: 't (s)', value: fmt(2) },
      { label: 'events/s', stroke: '#3b82f6', width: 1.5, value: fmt(0) },
      { label: 'bytes/s', stroke: '#a855f7', width: 1.5, scale: 'bytes', value: fmt(0) },
    ],
  };
}

export function histogramOptions(width: number): uPlot.Options {
  const bars = uPlot.paths.bars!({ size: [0.85, 40] });
  return {
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: false, range: [-0.5, HISTOGRAM_BINS - 0.5] } },
    axes: [
      axis({
        label: 'gap between messages',
        labelSize: 18,
        splits: () =>
          Array.from({ length: HISTOGRAM_BINS }, (_, i) => i).filter((i) => i > 0 && (i - 1) % BINS_PER_DECADE === 0),
        values: (_u, splits) => splits.map((i) => binLabel(i)),
      }),
      axis({ label: 'count', labelSize: 18, size: fitValues(56), values: compactValues }),
    ],
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: 'from', value: (_u, v) => (v === null ? '–' : binLabel(v)) },
      {
        label: 'messages',
        stroke: '#0891b2',
        fill: 'rgba(8,145,178,0.35)',
        paths: bars,
        points: { show: false },
        value: fmt(0),
      },
    ],
  };
}
