/**
 * One open text/event-stream response of the demo server: writes events, counts what it sends,
 * owns the connection's timers and cleans up exactly once when the response closes, whoever
 * closes it (the client, the route, or the server shutting down).
 */
import type { ServerResponse } from 'node:http';
import { createConnectionTimers, type ConnectionTimers } from './timers';
import type { DemoMetricsCounter } from './metrics';

/** The fields of one event block; `data` may hold newlines (one data line each). */
export interface SseFields {
  event?: string;
  id?: string;
  retry?: number;
  data: string;
}

/** Serialise one event block with the given line ending (the spec allows LF, CRLF and CR). */
export function formatEvent(fields: SseFields, eol = '\n'): string {
  let out = '';
  if (fields.event !== undefined) out += `event: ${fields.event}${eol}`;
  if (fields.id !== undefined) out += `id: ${fields.id}${eol}`;
  if (fields.retry !== undefined) out += `retry: ${fields.retry}${eol}`;
  for (const line of fields.data.split('\n')) out += `data: ${line}${eol}`;
  return out + eol;
}

export interface SseStream {
  /** Cleared when the response closes. */
  readonly timers: ConnectionTimers;
  /** True once the response ended or the client went away. */
  readonly closed: boolean;
  /**
   * Write raw body bytes; `messages` is how many events they complete (for the metrics).
   * Returns res.write's answer: false means wait for `onDrain` before writing more.
   */
  write(chunk: string | Uint8Array, messages?: number): boolean;
  event(fields: SseFields): boolean;
  comment(text: string): boolean;
  /** Call `fn` once when the socket buffer has drained. */
  onDrain(fn: () => void): void;
  /** End the response (idempotent). */
  end(): void;
}

/** Tracks open streams so the server can end them all on close(). */
export interface StreamRegistry {
  add(closer: () => void): () => void;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
};

/** Send the 200 head with `headers` and return the stream. */
export function openSseStream(
  res: ServerResponse,
  metrics: DemoMetricsCounter,
  registry: StreamRegistry,
  headers: Record<string, string>,
): SseStream {
  const timers = createConnectionTimers();
  let closed = false;
  metrics.sseOpened();
  const untrack = registry.add(() => stream.end());
  const cleanUp = (): void => {
    if (closed) return;
    closed = true;
    timers.clear();
    untrack();
    metrics.sseClosed();
  };
  res.on('close', cleanUp);
  res.on('error', () => metrics.error());
  res.writeHead(200, headers);
  // Send the head now: a client waiting for the response must not wait for the first event.
  res.flushHeaders();

  const stream: SseStream = {
    timers,
    get closed() {
      return closed || res.writableEnded || res.destroyed;
    },
    write(chunk, messages = 0) {
      if (stream.closed) return false;
      metrics.sent(messages, typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
      return res.write(chunk);
    },
    event(fields) {
      return stream.write(formatEvent(fields), 1);
    },
    comment(text) {
      return stream.write(`: ${text}\n\n`);
    },
    onDrain(fn) {
      if (!stream.closed) res.once('drain', fn);
    },
    end() {
      timers.clear();
      // 'close' follows once the last bytes are flushed (or the socket dies) and runs cleanUp.
      if (!res.writableEnded && !res.destroyed) res.end();
    },
  };
  return stream;
}
