import type { StreamRecord } from '../../../shared/records';
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
  latency(summary: Percentiles | null): LatencySeries;
  /** `includeLast`: also the newest (still filling) bucket, e.g. once the stream has ended. */
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
      messages = 0;
      untimed = 0;
    },
    latencySummary: () => window.summary(),
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
      const seconds = rateBuckets.widthMs / 1000;
      const end = includeLast ? rateBuckets.length : rateBuckets.length - 1;
      for (let i = 0; i < end; i++) {
        out.x.push(rateBuckets.startOf(i) / 1000 + seconds);
        out.eventsPerSec.push(rateBuckets.count(0, i) / seconds);
        out.bytesPerSec.push(rateBuckets.sum(1, i) / seconds);
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
