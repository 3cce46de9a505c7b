/**
 * Live statistics of one session, updated per record in O(1) with bounded memory: counts, bytes,
 * rates over a sliding window, latency and inter-arrival percentiles from streaming histograms,
 * reconnects, time to first byte and to first event.
 */
import type { SessionStats } from '#shared/api';
import type { StreamRecord } from '#shared/records';
import { createTimestampReader, extractTimestamp } from '#shared/timestamp';
import type { EventRun } from '../stream';
import { now } from '../clock';
import { createHistogram } from './histogram';
import { createRateWindow } from './rate-window';

export interface StatsTracker {
  /** Accounts for one record (called by the session as records arrive). */
  observe(record: StreamRecord): void;
  /** Accounts for the events of a run, as `observe` would for each of them in turn. */
  observeEvents(run: EventRun): void;
  /** A fresh snapshot; rates are computed for `at` (default: now). */
  snapshot(at?: number): SessionStats;
  /** Forget everything but the start time (the ring buffer was cleared). */
  reset(): void;
}

export interface StatsOptions {
  /** When the session started (ms since epoch). */
  startedAt: number;
  /** JSON path of the send timestamp; default: auto-detect sentAt/timestamp/created/ts. */
  latencyPath?: string;
  /** Readiness number meaning "open" for this transport (1 for SSE and WS). */
  openState?: number;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function createStatsTracker(options: StatsOptions): StatsTracker {
  const openState = options.openState ?? 1;
  const latency = createHistogram();
  const interArrival = createHistogram();
  const eventRate = createRateWindow();
  const bytesRate = createRateWindow();
  let records = 0;
  let events = 0;
  let framesIn = 0;
  let framesOut = 0;
  let comments = 0;
  let errors = 0;
  let bytes = 0;
  let reconnects = 0;
  let ttfbMs: number | null = null;
  let firstEventMs: number | null = null;
  let firstRequestAt: number | null = null;
  let lastArrival: number | null = null;
  let openSince: number | null = null;
  let connectedMs = 0;
  const readTimestamp = createTimestampReader(options.latencyPath);

  /** `count` messages arrived together at `t`: each after the first 0 ms after the one before. */
  function arrived(t: number, count: number): void {
    eventRate.add(t, count);
    if (firstEventMs === null) firstEventMs = t - (firstRequestAt ?? options.startedAt);
    if (lastArrival !== null) interArrival.add(Math.max(0, t - lastArrival));
    interArrival.addRepeated(0, count - 1);
    lastArrival = t;
  }

  function message(t: number, data: string | null): void {
    arrived(t, 1);
    if (data !== null) {
      const sent = extractTimestamp(data, options.latencyPath);
      // Clock skew between machines can make this negative; the histogram clamps to its floor,
      // the mean stays exact.
      if (sent !== null) latency.add(t - sent);
    }
  }

  function reset(): void {
    latency.reset();
    interArrival.reset();
    eventRate.reset();
    bytesRate.reset();
    records = events = framesIn = framesOut = comments = errors = bytes = reconnects = 0;
    lastArrival = null;
  }

  return {
    observe(r) {
      records++;
      switch (r.kind) {
        case 'chunk':
          bytes += r.bytes.byteLength;
          bytesRate.add(r.t, r.bytes.byteLength);
          break;
        case 'event':
          events++;
          message(r.t, r.data);
          break;
        case 'frame':
          if (r.dir === 'in') {
            framesIn++;
            bytes += r.size;
            bytesRate.add(r.t, r.size);
            message(r.t, r.opcode === 'text' ? r.data : null);
          } else {
            framesOut++;
          }
          break;
        case 'comment':
          comments++;
          break;
        case 'error':
          errors++;
          break;
        case 'response':
          if (firstRequestAt === null) firstRequestAt = r.requestSentAt;
          if (ttfbMs === null) ttfbMs = r.t - r.requestSentAt;
          break;
        case 'state':
          if (r.reason === 'reconnecting') reconnects++;
          if (r.readyState === openState) {
            if (openSince === null) openSince = r.t;
          } else if (openSince !== null) {
            connectedMs += r.t - openSince;
            openSince = null;
          }
          break;
        default:
          break;
      }
    },
    observeEvents(run) {
      const n = run.count;
      if (n === 0) return;
      const t = run.chunk.t;
      records += n;
      events += n;
      arrived(t, n);
      const { dataStart, dataEnd } = run;
      readTimestamp.start(run.text);
      for (let i = 0; i < n; i++) {
        const sent = readTimestamp.read(dataStart[i]!, dataEnd[i]!);
        if (sent !== null) latency.add(t - sent);
      }
    },
    snapshot(at = now()) {
      return {
        records,
        events,
        framesIn,
        framesOut,
        comments,
        errors,
        bytes,
        reconnects,
        eventRate: round(eventRate.rate(at)),
        bytesRate: round(bytesRate.rate(at)),
        ttfbMs: ttfbMs === null ? null : round(ttfbMs),
        firstEventMs: firstEventMs === null ? null : round(firstEventMs),
        latency:
          latency.count === 0
            ? null
            : {
                count: latency.count,
                mean: round(latency.mean),
                p50: round(latency.quantile(0.5)),
                p95: round(latency.quantile(0.95)),
                p99: round(latency.quantile(0.99)),
              },
        interArrival:
          interArrival.count === 0
            ? null
            : {
                mean: round(interArrival.mean),
                p50: round(interArrival.quantile(0.5)),
                p95: round(interArrival.quantile(0.95)),
                p99: round(interArrival.quantile(0.99)),
              },
        startedAt: options.startedAt,
        connectedMs: round(connectedMs + (openSince === null ? 0 : Math.max(0, at - openSince))),
      };
    },
    reset,
  };
}
