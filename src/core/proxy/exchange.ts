/**
 * What every proxied request is, HTTP or WebSocket: the bookkeeping shared by both kinds, and the
 * one way an exchange reaches its final state record.
 */
import type { StateReason, Transport } from '#shared/records';
import type { StreamRequest } from '#shared/request';
import { now } from '../clock';
import type { RecordSink } from '../stream';

/** One request through the proxy, as its observer sees it. */
export interface ProxyExchange {
  /** 1 for the first request through this proxy, then 2, 3 ... */
  readonly id: number;
  readonly transport: Transport;
  readonly method: string;
  /** Path and query as the client sent them. */
  readonly path: string;
  /**
   * What went upstream: URL, method, end-to-end headers, and the body as text once it is complete
   * (bodies over 64 KiB are not kept; they are forwarded all the same).
   */
  readonly request: StreamRequest;
  /** The upstream's status once its response head arrived, else null. */
  readonly status: number | null;
  /** True until the exchange reached its final state. */
  readonly open: boolean;
  /** Ends both sides now (the session was closed, the proxy stops); idempotent. */
  abort(why: string): void;
  /** Resolves when the exchange reached its final state. */
  readonly done: Promise<void>;
}

/** Decides, per exchange, where its records go (the CLI's printer, a Session). */
export type ExchangeObserver = (exchange: ProxyExchange) => RecordSink;

/** Shared state of one exchange; the HTTP and WebSocket halves drive it. */
export interface ExchangeCore {
  readonly exchange: ProxyExchange;
  sink: RecordSink;
  status: number | null;
  readonly finished: boolean;
  /** Emits the final state record once; later calls do nothing. */
  finish(readyState: number, reason: StateReason, message: string): void;
  /** An error record (t = now). */
  error(code: 'network' | 'http-status' | 'invalid-request' | 'ws-protocol', message: string, fatal: boolean): void;
  /** Set by the half that owns the sockets: how to cut them. */
  onAbort: (why: string) => void;
}

export function createExchangeCore(fields: {
  id: number;
  transport: Transport;
  method: string;
  path: string;
  request: StreamRequest;
  observe: ExchangeObserver;
}): ExchangeCore {
  let finished = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const core: ExchangeCore = {
    exchange: {
      id: fields.id,
      transport: fields.transport,
      method: fields.method,
      path: fields.path,
      request: fields.request,
      get status() {
        return core.status;
      },
      get open() {
        return !finished;
      },
      abort(why) {
        if (!finished) core.onAbort(why);
      },
      done,
    },
    sink: () => -1,
    status: null,
    get finished() {
      return finished;
    },
    finish(readyState, reason, message) {
      if (finished) return;
      finished = true;
      try {
        core.sink({ kind: 'state', t: now(), connection: 1, readyState, reason, message });
      } finally {
        resolveDone();
      }
    },
    error(code, message, fatal) {
      if (!finished) core.sink({ kind: 'error', t: now(), connection: 1, code, message, fatal });
    },
    onAbort: () => {},
  };
  core.sink = fields.observe(core.exchange);
  return core;
}

/** A network error as one line: "connect ECONNREFUSED 127.0.0.1:9". */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return (err.message || (err as NodeJS.ErrnoException).code || 'unknown error').split('\n')[0]!;
}
