/**
 * How a command runs one stream to its end: stop it at most once (from inside its own sink,
 * on a timeout, on SIGINT/SIGTERM, or when the reader of stdout went away) and wait until it is
 * closed for good. Shared by `tail`, `record` and `replay` so they stop the same way.
 */
import { openStream } from '../core/open-stream';
import type { RecordSink, StreamConnection } from '../core/stream';
import type { Output } from './output';
import type { CliRequest } from './request-flags';

/** What can be run: a live connection or a replayer. */
export interface Stoppable {
  close(): void;
  readonly done: Promise<void>;
}

export interface StreamRun<C extends Stoppable> {
  /** The stream, once run() has opened it. */
  readonly connection: C | undefined;
  /** True once stop() was called: the end was ours, not the stream's. */
  readonly stoppedByUs: boolean;
  /**
   * Close the stream; later calls do nothing. Called from inside the sink, the close happens at
   * once (nothing more of the stream follows); before open() has returned there is nothing to
   * close yet, so that case waits a microtask.
   */
  stop(): void;
  /** Open the stream and resolve once it is done: by itself, by stop(), the timeout or a signal. */
  run(open: () => C, timeoutMs?: number): Promise<void>;
}

export function createStreamRun<C extends Stoppable>(): StreamRun<C> {
  let connection: C | undefined;
  let stoppedByUs = false;
  const stop = (): void => {
    if (stoppedByUs) return;
    stoppedByUs = true;
    if (connection) connection.close();
    else queueMicrotask(() => connection?.close());
  };
  return {
    get connection() {
      return connection;
    },
    get stoppedByUs() {
      return stoppedByUs;
    },
    stop,
    async run(open, timeoutMs) {
      connection = open();
      const timer = timeoutMs === undefined ? undefined : setTimeout(stop, timeoutMs);
      const onSignal = (): void => stop();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await connection.done;
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
  };
}

/**
 * Opens a stream the way every command does: a command line should not spin on a host it never
 * reached, so that fails at once; EventSource's retry-forever is what an explicit --reconnect asks for.
 */
export function openCliStream(
  { request, sendOnOpen }: CliRequest,
  sink: RecordSink,
  consumerReady?: () => Promise<void> | null,
): StreamConnection {
  return openStream(
    {
      request,
      sendOnOpen,
      failIfUnreachable: request.reconnect !== true,
      ...(consumerReady ? { consumerReady } : {}),
    },
    sink,
  );
}

/** The pace of stdout as a stream's consumerReady: wait while the reader is behind. */
export function outputPace(out: Output): () => Promise<void> | null {
  return () => (out.full ? out.writable() : null);
}

/**
 * The stderr line for a stream that failed, from its fatal error record's message. Engines may
 * already say "connection failed: …" (WebSocket does): the prefix is not said twice; a GraphQL
 * operation the server refused is not a connection failure and says so itself.
 */
export function connectionFailedMessage(fatal: string): string {
  return /^(connection (failed|lost)|graphql operation)\b/.test(fatal) ? fatal : `connection failed: ${fatal}`;
}
