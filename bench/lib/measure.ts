/** Small statistics helpers shared by the benchmarks. */

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile of an unsorted sample (q in [0,1]). */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Runs `fn` `runs` times and returns every result (medians are taken by the caller). */
export async function repeat<T>(runs: number, fn: (run: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/**
 * Milliseconds on the system's monotonic clock (CLOCK_MONOTONIC on Linux): the same in every
 * process, so a time stamped in one process can be subtracted from one read in another (each
 * process's performance.timeOrigin is its own start, and the wall clock may be stepped or slewed).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
