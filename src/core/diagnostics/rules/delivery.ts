/**
 * Rules about how the stream travels: response headers that invite buffering, arrival patterns
 * that show buffering happened, silences long enough for proxies to cut the stream, reconnect
 * delays nobody chose, and events too big for comfort.
 */
import { DEFAULT_RECONNECT_MS } from '#shared/request';
import type { StreamRecord } from '#shared/records';
import type { ConnectionEnd, Report, RuleModule } from '../types';
import type { RuleId } from '../catalog';

/** Tunables of the delivery rules; the defaults are what the rule texts promise. */
export interface DeliveryOptions {
  /** Idle thresholds and the rule each one reports. Default 30 s → idle-30s, 60 s → idle-60s. */
  idle?: Array<{ ms: number; rule: RuleId }>;
  /** An event's data larger than this is reported. Default 1 MiB. */
  largeEventBytes?: number;
  /** A read after at least this much silence may start a burst. Default 1000 ms. */
  burstSilenceMs?: number;
  /** Reads within this long of the burst's first read count as "the same moment". Default 5 ms. */
  burstWindowMs?: number;
  /** Events needed in one burst to report it. Default 10. */
  burstMinEvents?: number;
  /** Skip the response-head rules (compression, cache-control). Default false. */
  skipHeaderRules?: boolean;
}

interface Activity {
  t: number;
  seq: number;
}

interface Burst {
  startT: number;
  silenceMs: number;
  events: number;
  chunkSeqs: number[];
  lastEventSeq: number;
  connection: number;
}

const MIB = 1024 * 1024;

export function createDeliveryRules(report: Report, options: DeliveryOptions = {}): RuleModule {
  const idle = options.idle ?? [
    { ms: 30_000, rule: 'idle-30s' },
    { ms: 60_000, rule: 'idle-60s' },
  ];
  const largeEventBytes = options.largeEventBytes ?? MIB;
  const burstSilenceMs = options.burstSilenceMs ?? 1000;
  const burstWindowMs = options.burstWindowMs ?? 5;
  const burstMinEvents = options.burstMinEvents ?? 10;

  // The open connection, if any: idle and burst rules only run while one is open.
  let open: { connection: number; lastActivity: Activity; lastChunkT: number } | null = null;
  let burst: Burst | null = null;
  let sawRetry = false;

  function checkIdle(now: number, connection: number, from: Activity, toSeq: number | null): void {
    const gap = now - from.t;
    for (const { ms, rule } of idle) {
      if (gap <= ms) continue;
      report({
        rule,
        message: `no event or comment for ${(gap / 1000).toFixed(1)} s (over ${ms / 1000} s): idle proxies and load balancers may close the stream; send a comment line (": keep-alive") every 15 s or so`,
        refs: toSeq === null ? [from.seq] : [from.seq, toSeq],
        t: now,
        connection,
      });
    }
  }

  function closeBurst(): void {
    if (burst === null) return;
    const b = burst;
    burst = null;
    if (b.events < burstMinEvents) return;
    report({
      rule: 'burst-delivery',
      message: `${b.events} events arrived within ${burstWindowMs} ms after ${(b.silenceMs / 1000).toFixed(1)} s of silence: something between the server and the client (a proxy, compression, or the server's own output buffer) holds the stream back and releases it in lumps`,
      refs: [...b.chunkSeqs.slice(0, 20), b.lastEventSeq],
      t: b.startT,
      connection: b.connection,
    });
  }

  function checkHeaders(record: Extract<StreamRecord, { kind: 'response' }>): void {
    // Only for a real event stream: a failed or wrong-typed response has bigger problems.
    const essence = (record.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (record.status !== 200 || essence !== 'text/event-stream') return;
    const at = { t: record.t, connection: record.connection, refs: [record.seq], scope: 'session' as const };
    const encoding = record.headers['content-encoding']?.trim();
    if (encoding && encoding.toLowerCase() !== 'identity') {
      report({
        rule: 'compressed-response',
        message: `the response is sent with Content-Encoding: ${encoding}: compressors and proxies often buffer output until a block fills, delaying events; serve event streams uncompressed`,
        ...at,
      });
    }
    const cacheControl = record.headers['cache-control'];
    if (cacheControl === undefined || !/\bno-(cache|store)\b/i.test(cacheControl)) {
      report({
        rule: 'missing-cache-control',
        message:
          cacheControl === undefined
            ? 'the response has no Cache-Control header: send "Cache-Control: no-cache" so caches and proxies pass events through'
            : `Cache-Control is "${cacheControl}" without no-cache: send "Cache-Control: no-cache" so caches and proxies pass events through`,
        ...at,
      });
    }
  }

  return {
    observe(record) {
      switch (record.kind) {
        case 'response':
          if (!options.skipHeaderRules) checkHeaders(record);
          if (record.status === 200) {
            open = {
              connection: record.connection,
              lastActivity: { t: record.t, seq: record.seq },
              lastChunkT: record.t,
            };
          }
          return;
        case 'chunk': {
          if (open === null || open.connection !== record.connection) return;
          if (burst !== null && record.t - burst.startT <= burstWindowMs) {
            burst.chunkSeqs.push(record.seq);
          } else {
            closeBurst();
            const silence = record.t - open.lastChunkT;
            if (silence >= burstSilenceMs) {
              burst = {
                startT: record.t,
                silenceMs: silence,
                events: 0,
                chunkSeqs: [record.seq],
                lastEventSeq: record.seq,
                connection: record.connection,
              };
            }
          }
          open.lastChunkT = record.t;
          return;
        }
        case 'retry':
          sawRetry = true;
          break;
        case 'event':
          if (record.size > largeEventBytes) {
            report({
              rule: 'large-event',
              message: `event of ${(record.size / MIB).toFixed(2)} MiB (type "${record.type}"): over 1 MiB, events are slow to parse and often cut by proxies or client limits; send a reference and fetch the payload instead`,
              refs: [record.seq, record.chunks[0], record.chunks[1]],
              t: record.t,
              connection: record.connection,
            });
          }
          if (burst !== null && burst.connection === record.connection && record.t - burst.startT <= burstWindowMs) {
            burst.events++;
            burst.lastEventSeq = record.seq;
          }
          break;
        case 'comment':
          break;
        case 'state':
          if (record.reason === 'waiting-retry' && !sawRetry && record.delayMs === DEFAULT_RECONNECT_MS) {
            report({
              rule: 'no-retry-field',
              message: `the stream ended and the client waits the default ${DEFAULT_RECONNECT_MS} ms before reconnecting: the server never sent a retry field; send "retry: <ms>" to choose the delay`,
              refs: [record.seq],
              t: record.t,
              connection: record.connection,
              scope: 'session',
            });
          }
          return;
        default:
          return;
      }
      // An event, comment or retry: activity that resets the idle clock.
      if (open === null || open.connection !== record.connection) return;
      checkIdle(record.t, record.connection, open.lastActivity, record.seq);
      // In place: one object per event here was garbage on every event of a firehose.
      open.lastActivity.t = record.t;
      open.lastActivity.seq = record.seq;
    },
    quietFor(run) {
      if (run.maxSize > largeEventBytes) return false;
      // Only the run's first event can find a silence: the others come 0 ms after it.
      if (open === null || open.connection !== run.chunk.connection) return true;
      const gap = run.chunk.t - open.lastActivity.t;
      return idle.every(({ ms }) => gap <= ms);
    },
    observeEvents(run, firstSeq) {
      const { t, connection } = run.chunk;
      const lastSeq = firstSeq + run.count - 1;
      if (burst !== null && burst.connection === connection && t - burst.startT <= burstWindowMs) {
        burst.events += run.count;
        burst.lastEventSeq = lastSeq;
      }
      if (open === null || open.connection !== connection) return;
      open.lastActivity.t = t;
      open.lastActivity.seq = lastSeq;
    },
    ended(end: ConnectionEnd) {
      if (open === null || open.connection !== end.connection) return;
      closeBurst();
      // A silence the server ended (or the network broke) counts; a close by the user or a replay
      // stopping early carries the wall clock, not the stream's, so only tick() judges those.
      if (end.cause === 'server' || end.cause === 'network') {
        checkIdle(end.t, end.connection, open.lastActivity, end.record?.seq ?? null);
      }
      open = null;
    },
    tick(now) {
      if (burst !== null && now - burst.startT > burstWindowMs) closeBurst();
      if (open !== null) checkIdle(now, open.connection, open.lastActivity, null);
    },
  };
}
