import type { StreamRecord } from '#shared/records';
import { createGapHistogram, HISTOGRAM_BINS } from './histogram';
import { receivedMessage, wireBytesIn } from '../../lib/messages';
import { createSampleWindow, type Percentiles } from '../../lib/percentiles';
import { createTimeBuckets } from './time-buckets';

/** Reads a message's send time (ms since epoch) from its text, or null. */
export type TimestampReader = (text: string) => number | null;

/** Series ready for uPlot: x in seconds since the session's first record. */
export interface LatencySeries {
  x: number[];
  mean: Array<number | null>;
  max: Array<number | null>;
  p50: number[];
  p95: number[];
  p99: number[];
}

export interface RateSeries {
  x: number[];
  eventsPerSec: number[];
  bytesPerSec: number[];
}

/**
 * Span the events/s and bytes/s figures average over. A rate read per 250 ms bucket jumps
 * between 0 and 8 for a steady 2.5 events/s; over 5 s it stays within ±4 % of the true rate.
 */
export const RATE_WINDOW_MS = 5000;

export interface ChartModelOptions {
  /** Latency samples kept for the percentiles (sliding window). Default 10,000. */
  windowSize?: number;
  /** Most points per time series. Default 600. */
  maxPoints?: number;
}

/**
 * Everything the charts draw, updated one record at a time in O(1) and read as bounded arrays:
 * latency per time bucket (mean and max) with window percentiles, inter-arrival histogram, and
 * events/s and bytes/s.
 */
export interface ChartModel {
  consume(record: StreamRecord): void;
  reset(): void;
  readonly messages: number;
  readonly latencySamples: number;
  /** Messages whose text had no readable timestamp. */
  readonly untimed: number;
  latencySummary(): Percentiles | null;
  /** Percentiles of the gaps between consecutive messages (the last `windowSize` gaps). */
  interArrivalSummary(): Percentiles | null;
  latency(summary: Percentiles | null): LatencySeries;
  /**
   * Rates over a sliding window of {@link RATE_WINDOW_MS} ending at each point (over the time
   * elapsed while the session is younger than that). `includeLast`: also the newest (still
   * filling) bucket, e.g. once the stream has ended.
   */
  rates(includeLast: boolean): RateSeries;
  histogram(): { x: number[]; counts: number[] };
}

export function createChartModel(readTimestamp: TimestampReader, options: ChartModelOptions = {}): ChartModel {
  const maxPoints = options.maxPoints ?? 600;
  const latencyBuckets = createTimeBuckets({ initialWidthMs: 20, maxBuckets: maxPoints });
  // Channel 0: messages, channel 1: wire bytes.
  const rateBuckets = createTimeBuckets({ initialWidthMs: 250, maxBuckets: Math.min(maxPoints, 240), channels: 2 });
  const window = createSampleWindow(options.windowSize ?? 10_000);
  const gaps = createGapHistogram();
  const gapWindow = createSampleWindow(options.windowSize ?? 10_000);
  let lastArrival: number | null = null;
  let messages = 0;
  let untimed = 0;

  return {
    get messages() {
      return messages;
    },
    get latencySamples() {
      return window.total;
    },
    get untimed() {
      return untimed;
    },
    consume(record) {
      latencyBuckets.setOrigin(record.t);
      rateBuckets.setOrigin(record.t);
      const bytes = wireBytesIn(record);
      if (bytes > 0) rateBuckets.add(record.t, 1, bytes);
      const message = receivedMessage(record);
      if (!message) return;
      messages++;
      rateBuckets.add(message.t, 0, 1);
      gaps.arrival(message.t);
      if (lastArrival !== null) gapWindow.add(Math.max(0, message.t - lastArrival));
      lastArrival = message.t;
      const sentAt = message.text === null ? null : readTimestamp(message.text);
      if (sentAt === null) {
        untimed++;
        return;
      }
      const latency = message.t - sentAt;
      latencyBuckets.add(message.t, 0, latency);
      window.add(latency);
    },
    reset() {
      latencyBuckets.clear();
      rateBuckets.clear();
      window.clear();
      gaps.clear();
      gapWindow.clear();
      lastArrival = null;
      messages = 0;
      untimed = 0;
    },
    latencySummary: () => window.summary(),
    interArrivalSummary: () => gapWindow.summary(),
    latency(summary) {
      const out: LatencySeries = { x: [], mean: [], max: [], p50: [], p95: [], p99: [] };
      const width = latencyBuckets.widthMs;
      for (let i = 0; i < latencyBuckets.length; i++) {
        const n = latencyBuckets.count(0, i);
        out.x.push((latencyBuckets.startOf(i) + width / 2) / 1000);
        out.mean.push(n ? latencyBuckets.sum(0, i) / n : null);
        out.max.push(n ? latencyBuckets.max(0, i) : null);
        out.p50.push(summary?.p50 ?? NaN);
        out.p95.push(summary?.p95 ?? NaN);
        out.p99.push(summary?.p99 ?? NaN);
      }
      return out;
    },
    rates(includeLast) {
      const out: RateSeries = { x: [], eventsPerSec: [], bytesPerSec: [] };
      const width = rateBuckets.widthMs;
      // The window in whole buckets: the bucket width doubles as the session grows.
      const span = Math.max(1, Math.round(RATE_WINDOW_MS / width));
      const end = includeLast ? rateBuckets.length : rateBuckets.length - 1;
      let events = 0;
      let bytes = 0;
      for (let i = 0; i < end; i++) {
        events += rateBuckets.count(0, i);
        bytes += rateBuckets.sum(1, i);
        if (i >= span) {
          events -= rateBuckets.count(0, i - span);
          bytes -= rateBuckets.sum(1, i - span);
        }
        const seconds = (Math.min(span, i + 1) * width) / 1000;
        out.x.push(rateBuckets.startOf(i) / 1000 + width / 1000);
        out.eventsPerSec.push(events / seconds);
        out.bytesPerSec.push(bytes / seconds);
      }
      return out;
    },
    histogram() {
      const x: number[] = [];
      const counts: number[] = [];
      for (let i = 0; i < HISTOGRAM_BINS; i++) {
        x.push(i);
        counts.push(gaps.counts[i]!);
      }
      return { x, counts };
    },
  };
}

/** The rate chart in words: the newest windowed rates and the events/s range over recent points. */
export interface RateSummary {
  eventsPerSec: number;
  bytesPerSec: number;
  /** Lowest and highest events/s over the points of the last `seconds` (after the first window). */
  min: number;
  max: number;
  /** Seconds the range covers (less while the session is young). */
  seconds: number;
  /**
   * The session has ended: the newest rates are those of the window before it closed, not of
   * now (the Stats panel's rate, which is of now, has fallen to 0 by then).
   */
  atClose: boolean;
}

/** Null until a point exists past the first window (before that the figures are still settling). */
export function summarizeRates(rates: RateSeries, ended: boolean, seconds = 20): RateSummary | null {
  const last = rates.x.length - 1;
  if (last < 0 || rates.x[last]! < RATE_WINDOW_MS / 1000) return null;
  const from = Math.max(rates.x[last]! - seconds, RATE_WINDOW_MS / 1000);
  let min = Infinity;
  let max = -Infinity;
  for (let i = last; i >= 0 && rates.x[i]! >= from; i--) {
    min = Math.min(min, rates.eventsPerSec[i]!);
    max = Math.max(max, rates.eventsPerSec[i]!);
  }
  return {
    eventsPerSec: rates.eventsPerSec[last]!,
    bytesPerSec: rates.bytesPerSec[last]!,
    min,
    max,
    seconds: rates.x[last]! - from,
    atClose: ended,
  };
}
