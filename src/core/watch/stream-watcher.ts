/**
 * Follows one configured stream forever: the same engines as `tail` (with their own reconnection),
 * restarted with a capped backoff whenever a connection ends for good (a 500, a wrong content
 * type, a refused port). Records are turned into counts on the spot and never kept, so a watcher
 * costs the same after a week as after a minute.
 */
import { now } from '../clock';
import { createDiagnostics, type Diagnostics } from '../diagnostics';
import { createExpectationSet, type ExpectationSet } from '../diagnostics/expectations';
import { openStream } from '../open-stream';
import { createSequencedSink, type StreamConnection, type WsStreamConnection } from '../stream';
import { extractTimestamp } from '#shared/timestamp';
import type { StreamRecord } from '#shared/records';
import type { WatchStreamReport } from '#shared/watch';
import type { WatchStreamConfig } from './config';
import type { StreamMetrics, StreamStatus } from './metrics';

export interface StreamWatcher {
  readonly config: WatchStreamConfig;
  status(at?: number): StreamStatus;
  report(): WatchStreamReport;
  /** Idle rules, stalls and assertion windows look at the clock here (once a second). */
  tick(at: number): void;
  stop(): Promise<void>;
}

export interface StreamWatcherOptions {
  /** First wait before restarting a connection that ended for good; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const OPEN = 1;

export function startStreamWatcher(
  config: WatchStreamConfig,
  metrics: StreamMetrics,
  options: StreamWatcherOptions = {},
): StreamWatcher {
  const firstBackoff = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const transport = /^wss?:/i.test(config.request.url) ? 'ws' : 'sse';

  let connection: StreamConnection | null = null;
  let stopped = false;
  let restartTimer: ReturnType<typeof setTimeout> | null = null;
  let backoff = firstBackoff;

  let readyState = 0;
  let connections = 0;
  let reconnects = 0;
  let events = 0;
  let connectionNumber = 0;
  let lastEvent: WatchStreamReport['lastEvent'] = null;
  let lastError: WatchStreamReport['lastError'] = null;
  let lastEventInConnectionAt: number | null = null;
  // Carried into each new assertion window, so `status` is judged on the live connection's answer.
  let lastResponse: StreamRecord | null = null;
  // The silence a stall is measured from: the last event, or the moment the stream opened.
  let quietSince = now();
  let stalled = false;

  let windowStart = now();
  let window: ExpectationSet = createExpectationSet(config.expect);
  let verdicts: WatchStreamReport['assertions'] = config.expect.map((e) => ({
    spec: e.spec,
    ok: null,
    observed: null,
  }));

  const diagnostics: Diagnostics = createDiagnostics((draft) => {
    metrics.diagnostic(draft.rule, draft.severity);
    window.observe({ ...draft, sessionId: config.name, seq: -1 });
  });

  function observe(record: StreamRecord): void {
    window.observe(record);
    switch (record.kind) {
      case 'state':
        readyState = record.readyState;
        if (record.reason === 'reconnecting') {
          // The engine's own reconnect (EventSource's retry) is a new connection as much as a restart is.
          connections++;
          reconnects++;
          metrics.reconnect();
        }
        if (record.readyState === OPEN) {
          backoff = firstBackoff;
          quietSince = record.t;
        }
        break;
      case 'response':
        lastResponse = record;
        break;
      case 'chunk':
        metrics.bytes(record.bytes.length);
        break;
      case 'event':
        onEvent(record.type, record.data, record.t, record.connection);
        break;
      case 'frame':
        if (record.dir === 'in' && (record.opcode === 'text' || record.opcode === 'binary')) {
          metrics.bytes(record.size);
          onEvent('message', record.opcode === 'text' ? record.data : '', record.t, record.connection);
        }
        break;
      case 'error':
        lastError = { code: record.code, message: record.message, t: record.t };
        metrics.error(record.code);
        break;
      default:
        break;
    }
    if (record.kind !== 'diagnostic') diagnostics.observe(record);
  }

  function onEvent(type: string, data: string, t: number, conn: number): void {
    events++;
    metrics.event(type);
    if (conn !== connectionNumber) {
      connectionNumber = conn;
      lastEventInConnectionAt = null;
    }
    if (lastEventInConnectionAt !== null) metrics.interArrival(Math.max(0, t - lastEventInConnectionAt) / 1000);
    lastEventInConnectionAt = t;
    const sentAt = extractTimestamp(data, config.latency);
    if (sentAt !== null) metrics.latency(Math.max(0, t - sentAt) / 1000);
    lastEvent = { type, t };
    quietSince = t;
    stalled = false;
  }

  function connect(): void {
    if (stopped) return;
    connections++;
    if (connections > 1) {
      reconnects++;
      metrics.reconnect();
    }
    // Each connection has its own numbering; the watcher's counts carry across them.
    const sink = createSequencedSink(config.name, (record) => {
      observe(record);
      if (record.kind === 'state' && record.readyState === OPEN && transport === 'ws') sendGreetings();
    });
    const current = openStream({ request: config.request }, sink);
    connection = current;
    void current.done.then(() => {
      if (connection !== current) return;
      connection = null;
      readyState = transport === 'ws' ? 3 : 2;
      if (stopped) return;
      restartTimer = setTimeout(() => {
        restartTimer = null;
        connect();
      }, backoff);
      backoff = Math.min(maxBackoff, backoff * 2);
    });
  }

  function sendGreetings(): void {
    const ws = connection as WsStreamConnection | null;
    for (const text of config.send) {
      try {
        ws?.send({ type: 'text', data: text });
      } catch {
        // The socket closed between open and send; the state records already say so.
      }
    }
  }

  connect();

  return {
    config,
    status(at = now()) {
      return {
        name: config.name,
        up: readyState === OPEN && connection !== null,
        readyState,
        lastEventAgeSeconds: lastEvent === null ? null : Math.max(0, at - lastEvent.t) / 1000,
        assertions: verdicts.map(({ spec, ok }) => ({ spec, ok })),
      };
    },
    report() {
      return {
        name: config.name,
        url: config.displayUrl,
        transport,
        up: readyState === OPEN && connection !== null,
        readyState,
        connections,
        reconnects,
        events,
        stalled,
        lastEvent,
        lastError,
        assertions: verdicts.map((v) => ({ ...v })),
      };
    },
    tick(at) {
      diagnostics.tick(at);
      window.advance(at);
      if (!stalled && readyState === OPEN && at - quietSince >= config.stallAfterMs) {
        stalled = true;
        metrics.stall();
      }
      if (config.expect.length > 0 && at - windowStart >= config.expectWindowMs) {
        verdicts = window.outcomes().map((o) => ({ spec: o.spec, ok: o.ok, observed: o.observed }));
        window = createExpectationSet(config.expect);
        windowStart = at;
        if (lastResponse) window.observe({ ...lastResponse, t: at });
      }
    },
    async stop() {
      stopped = true;
      if (restartTimer) clearTimeout(restartTimer);
      const current = connection;
      current?.close();
      await current?.done;
    },
  };
}
