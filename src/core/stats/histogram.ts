/**
 * A streaming histogram with logarithmic buckets: percentiles of an unbounded stream of values in
 * bounded memory, with a bounded relative error. Each bucket spans a factor of (1 + 2·precision),
 * and a percentile is reported as its bucket's midpoint, so the answer is within `precision`
 * (relative) of a value in that bucket. Values at or below `min` share one bucket.
 */
export interface Histogram {
  /** Adds one value (ms, or any non-negative unit). Non-finite values are ignored. */
  add(value: number): void;
  /** `times` calls of add(value) at once (the sum may round differently, not for 0). */
  addRepeated(value: number, times: number): void;
  readonly count: number;
  /** Exact mean of everything added; 0 when empty. */
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** The q-quantile (0..1), e.g. 0.95; 0 when empty. */
  quantile(q: number): number;
  reset(): void;
}

export interface HistogramOptions {
  /** Relative error bound of quantiles. Default 0.01 (1 %). */
  precision?: number;
  /** Values at or below this share the lowest bucket. Default 0.01. */
  min?: number;
  /** Values above this are clamped into the highest bucket. Default 1e9 (11.5 days in ms). */
  max?: number;
}

export function createHistogram(options: HistogramOptions = {}): Histogram {
  const precision = options.precision ?? 0.01;
  const low = options.min ?? 0.01;
  const high = options.max ?? 1e9;
  const gamma = (1 + precision) / (1 - precision);
  const logGamma = Math.log(gamma);
  // Bucket 0 holds values <= low; bucket i >= 1 holds (low·γ^(i-1), low·γ^i].
  const size = Math.ceil(Math.log(high / low) / logGamma) + 2;
  // Fixed-size typed array: memory is bounded (~1,000 buckets at 1 %) whatever the stream does.
  const counts = new Float64Array(size);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;

  function bucketOf(value: number): number {
    if (value <= low) return 0;
    const i = Math.ceil(Math.log(value / low) / logGamma);
    return i >= size ? size - 1 : i;
  }

  function valueOf(bucket: number): number {
    if (bucket === 0) return low;
    // Midpoint (in the relative sense) of (low·γ^(i-1), low·γ^i].
    return (low * Math.pow(gamma, bucket) * 2) / (gamma + 1);
  }

  return {
    add(value) {
      if (!Number.isFinite(value)) return;
      counts[bucketOf(value)]!++;
      count++;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    },
    addRepeated(value, times) {
      if (!Number.isFinite(value) || times <= 0) return;
      counts[bucketOf(value)]! += times;
      count += times;
      sum += value * times;
      if (value < min) min = value;
      if (value > max) max = value;
    },
    get count() {
      return count;
    },
    get mean() {
      return count === 0 ? 0 : sum / count;
    },
    get min() {
      return count === 0 ? 0 : min;
    },
    get max() {
      return count === 0 ? 0 : max;
    },
    quantile(q) {
      if (count === 0) return 0;
      const rank = Math.max(1, Math.ceil(Math.min(Math.max(q, 0), 1) * count));
      let seen = 0;
      for (let i = 0; i < size; i++) {
        seen += counts[i]!;
        if (seen >= rank) {
          // The extremes are known exactly; never report beyond them.
          return Math.min(Math.max(valueOf(i), min), max);
        }
      }
      return max;
    },
    reset() {
      counts.fill(0);
      count = 0;
      sum = 0;
      min = Infinity;
      max = -Infinity;
    },
  };
}
