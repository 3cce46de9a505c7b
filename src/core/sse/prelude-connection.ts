/**
 * An SSE stream that needs requests of its own before it can open: MCP's handshake, graphql-sse's
 * stream reservation. The prelude runs first (bounded in time, cancelled by close()); once it
 * succeeds the stream opens on the SSE engine; if it fails the session ends before it began,
 * said in the same three records as an unreachable server (connecting, the fatal error, closed).
 * The prelude's own requests are not records: a recording could not replay them as records.
 */
import { now } from '../clock';
import { sseConnectingRecord, type RecordSink, type StreamConnection } from '../stream';
import { SSE_CLOSED, SSE_CONNECTING } from '#shared/records';
import { networkErrorMessage } from '#shared/error-message';

/** A prelude that failed, with the error record's code (and HTTP status, if it had one). */
export class PreludeError extends Error {
  constructor(
    message: string,
    readonly code: 'http-status' | 'network' | 'parse',
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Prelude<T> {
  /** What the first state record says is under way when the prelude fails. */
  connecting: string;
  /** How long the prelude may take before its signal aborts. */
  timeoutMs: number;
  /** The requests before the stream; throw a PreludeError to say why it failed. */
  run(signal: AbortSignal): Promise<T>;
  /**
   * Opens the stream with what the prelude gave. Runs only while the connection is still wanted;
   * the signal is aborted once the stream has ended (for requests the stream started).
   */
  open(result: T, signal: AbortSignal): StreamConnection;
}

export function createPreludeConnection<T>(sink: RecordSink, prelude: Prelude<T>): StreamConnection {
  const abort = new AbortController();
  let inner: StreamConnection | null = null;
  let closed = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  function fail(err: unknown): void {
    if (closed) return;
    closed = true;
    const message = err instanceof PreludeError ? err.message : networkErrorMessage(err);
    const code = err instanceof PreludeError ? err.code : 'network';
    const status = err instanceof PreludeError ? err.status : undefined;
    sink(sseConnectingRecord(prelude.connecting));
    sink({
      kind: 'error',
      t: now(),
      connection: 1,
      code,
      message,
      fatal: true,
      ...(status !== undefined ? { status } : {}),
    });
    sink({
      kind: 'state',
      t: now(),
      connection: 1,
      readyState: SSE_CLOSED,
      reason: code === 'http-status' ? 'http-status' : 'network-error',
      message,
    });
    resolveDone();
  }

  const timer = setTimeout(() => abort.abort(), prelude.timeoutMs);
  prelude
    .run(abort.signal)
    .then((result) => {
      clearTimeout(timer);
      if (closed) return;
      inner = prelude.open(result, abort.signal);
      void inner.done.then(() => {
        closed = true;
        abort.abort();
        resolveDone();
      });
    })
    .catch((err: unknown) => {
      clearTimeout(timer);
      fail(err);
    });

  return {
    transport: 'sse',
    get readyState() {
      return inner?.readyState ?? (closed ? SSE_CLOSED : SSE_CONNECTING);
    },
    close() {
      if (inner) {
        inner.close();
        return;
      }
      if (closed) return;
      closed = true;
      abort.abort();
      clearTimeout(timer);
      sink({
        kind: 'state',
        t: now(),
        connection: 1,
        readyState: SSE_CLOSED,
        reason: 'closed-by-user',
        message: 'closed by user',
      });
      resolveDone();
    },
    done,
  };
}
