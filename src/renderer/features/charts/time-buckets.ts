/**
 * Fixed-memory time series: samples fall into buckets of `widthMs` counted from an origin; when
 * the buckets run out the width doubles and neighbours merge. A session of any length therefore
 * plots with at most `maxBuckets` points, and adding a sample is O(1) (amortised).
 */
export interface TimeBuckets {
  readonly widthMs: number;
  /** Time of bucket 0's start (ms since epoch); null before the first sample. */
  readonly originMs: number | null;
  /** Buckets in use (index of the last touched bucket + 1). */
  readonly length: number;
  readonly channels: number;
  /** Adds `value` at time `t` to `channel` (count +1, sum += value, max = max(max, value)). */
  add(t: number, channel: number, value: number): void;
  /** Fixes the origin before the first sample (e.g. the session's first record). */
  setOrigin(t: number): void;
  count(channel: number, index: number): number;
  sum(channel: number, index: number): number;
  max(channel: number, index: number): number;
  /** Start of bucket `index`, ms since the origin. */
  startOf(index: number): number;
  clear(): void;
}

export function createTimeBuckets(options: {
  initialWidthMs: number;
  maxBuckets: number;
  channels?: number;
}): TimeBuckets {
  const channels = options.channels ?? 1;
  const maxBuckets = Math.max(2, options.maxBuckets & ~1);
  const counts = Array.from({ length: channels }, () => new Float64Array(maxBuckets));
  const sums = Array.from({ length: channels }, () => new Float64Array(maxBuckets));
  const maxes = Array.from({ length: channels }, () => new Float64Array(maxBuckets).fill(-Infinity));
  let width = options.initialWidthMs;
  let origin: number | null = null;
  let length = 0;

  // Halve the resolution: bucket i becomes the merge of 2i and 2i+1.
  const compact = () => {
    for (let c = 0; c < channels; c++) {
      const n = counts[c]!;
      const s = sums[c]!;
      const m = maxes[c]!;
      for (let i = 0; i < maxBuckets / 2; i++) {
        n[i] = n[2 * i]! + n[2 * i + 1]!;
        s[i] = s[2 * i]! + s[2 * i + 1]!;
        m[i] = Math.max(m[2 * i]!, m[2 * i + 1]!);
      }
      n.fill(0, maxBuckets / 2);
      s.fill(0, maxBuckets / 2);
      m.fill(-Infinity, maxBuckets / 2);
    }
    width *= 2;
    length = Math.ceil(length / 2);
  };

  return {
    get widthMs() {
      return width;
    },
    get originMs() {
      return origin;
    },
    get length() {
      return length;
    },
    channels,
    setOrigin(t) {
      if (origin === null) origin = t;
    },
    add(t, channel, value) {
      if (origin === null) origin = t;
      // Slightly out-of-order stamps (another connection) land in the first bucket.
      let index = Math.max(0, Math.floor((t - origin) / width));
      while (index >= maxBuckets) {
        compact();
        index = Math.max(0, Math.floor((t - origin) / width));
      }
      counts[channel]![index]! += 1;
      sums[channel]![index]! += value;
      if (value > maxes[channel]![index]!) maxes[channel]![index] = value;
      if (index + 1 > length) length = index + 1;
    },
    count: (c, i) => counts[c]![i] ?? 0,
    sum: (c, i) => sums[c]![i] ?? 0,
    max: (c, i) => maxes[c]![i] ?? -Infinity,
    startOf: (i) => i * width,
    clear() {
      for (let c = 0; c < channels; c++) {
        counts[c]!.fill(0);
        sums[c]!.fill(0);
        maxes[c]!.fill(-Infinity);
      }
      width = options.initialWidthMs;
      origin = null;
      length = 0;
    },
  };
}
