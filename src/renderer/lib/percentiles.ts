/** Summary of a set of samples. */
export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/**
 * The last `capacity` samples in a fixed Float64Array, with their percentiles on demand: memory
 * stays bounded whatever the stream's length, and the figures describe recent behaviour.
 */
export interface SampleWindow {
  readonly capacity: number;
  readonly size: number;
  /** Samples ever added (including those that fell out of the window). */
  readonly total: number;
  add(value: number): void;
  summary(): Percentiles | null;
  clear(): void;
}

export function createSampleWindow(capacity: number): SampleWindow {
  const values = new Float64Array(capacity);
  let size = 0;
  let next = 0;
  let total = 0;
  // Shaped like the record ring (lib/record-ring.ts): a fixed buffer behind getters, but of
  // numbers in a typed array, summarised rather than read by index.
  return {
    capacity,
    get size() {
      return size;
    },
    get total() {
      return total;
    },
    add(value) {
      values[next] = value;
      next = (next + 1) % capacity;
      if (size < capacity) size++;
      total++;
    },
    summary() {
      if (size === 0) return null;
      const sorted = values.slice(0, size).sort();
      let sum = 0;
      for (let i = 0; i < size; i++) sum += sorted[i]!;
      return {
        count: size,
        mean: sum / size,
        p50: percentileOfSorted(sorted, 50),
        p95: percentileOfSorted(sorted, 95),
        p99: percentileOfSorted(sorted, 99),
      };
    },
    clear() {
      size = 0;
      next = 0;
      total = 0;
    },
  };
}
