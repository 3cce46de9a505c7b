/**
 * Inter-arrival histogram on a log scale: 4 bins per decade from 10 µs to 100 s, plus one bin
 * for gaps under 10 µs (events that arrived in the same network read). Fixed memory.
 */
export const BINS_PER_DECADE = 4;
const MIN_EXP = -2; // 10^-2 ms = 10 µs
const MAX_EXP = 5; // 10^5 ms = 100 s
/** Bin 0 is "< 10 µs"; the last bin also takes everything above 100 s. */
export const HISTOGRAM_BINS = 1 + (MAX_EXP - MIN_EXP) * BINS_PER_DECADE;

/** The bin a gap of `ms` falls into. */
export function binOf(ms: number): number {
  if (!(ms >= 10 ** MIN_EXP)) return 0;
  const bin = 1 + Math.floor((Math.log10(ms) - MIN_EXP) * BINS_PER_DECADE);
  return Math.min(HISTOGRAM_BINS - 1, bin);
}

/** Lower edge of bin `index` in ms (bin 0 starts at 0). */
export function binStartMs(index: number): number {
  return index === 0 ? 0 : 10 ** (MIN_EXP + (index - 1) / BINS_PER_DECADE);
}

/** Short label for a duration in ms: "10µs", "1ms", "2.5s". */
export function formatGap(ms: number): string {
  if (ms < 1) return `${+(ms * 1000).toPrecision(2)}µs`;
  if (ms < 1000) return `${+ms.toPrecision(2)}ms`;
  return `${+(ms / 1000).toPrecision(2)}s`;
}

/** Label of bin `index`: its lower edge ("<10µs" for bin 0). */
export function binLabel(index: number): string {
  return index === 0 ? '<10µs' : formatGap(binStartMs(index));
}

export interface GapHistogram {
  readonly counts: Float64Array;
  readonly total: number;
  /** Feeds the arrival time of the next message; the gap to the previous one is counted. */
  arrival(t: number): void;
  clear(): void;
}

export function createGapHistogram(): GapHistogram {
  const counts = new Float64Array(HISTOGRAM_BINS);
  let previous: number | null = null;
  let total = 0;
  return {
    counts,
    get total() {
      return total;
    },
    arrival(t) {
      if (previous !== null) {
        counts[binOf(Math.max(0, t - previous))]! += 1;
        total++;
      }
      previous = t;
    },
    clear() {
      counts.fill(0);
      previous = null;
      total = 0;
    },
  };
}
