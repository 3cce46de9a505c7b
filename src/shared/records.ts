/**
 * The record model: everything Streamscope observes about a stream is one of these records.
 * Every record carries the session it belongs to, a per-session monotonic `seq` and `t`, the
 * wall-clock arrival time in ms since the epoch with sub-ms precision
 * (core/clock.ts: monotonic, anchored to the wall clock, taken when the bytes arrived).
 */
import type { Decoded } from './decoded';

/** Which engine produced a session. */
export type Transport = 'sse' | 'ws';

/**
 * How an HTTP stream's body is cut into event records: SSE blocks, newline-delimited JSON (NDJSON,
 * JSON Lines), RFC 7464 JSON text sequences, or not at all (raw: chunk records only).
 */
export type Framing = 'sse' | 'ndjson' | 'json-seq' | 'raw';

export const FRAMINGS: readonly Framing[] = ['sse', 'ndjson', 'json-seq', 'raw'];

/** Fields shared by every record. */
export interface RecordBase {
  sessionId: string;
  /** Monotonic per session, starting at 0. */
  seq: number;
  /** Wall-clock ms since the epoch, sub-ms precision. */
  t: number;
  /** Connection attempt this record belongs to, starting at 1 (SSE reconnects increment it). */
  connection: number;
}

/** Why the readyState changed. */
export type StateReason =
  | 'connecting' // first connection attempt started
  | 'reconnecting' // a new attempt started after the reconnection delay
  | 'open' // response accepted (SSE) or handshake done (WS)
  | 'waiting-retry' // connection lost; waiting `delayMs` before reconnecting
  | 'stream-ended' // the server ended the response body
  | 'network-error' // the request or the stream failed at the network level
  | 'http-status' // failed: status other than 200 (or a rejected WS handshake)
  | 'content-type' // failed: Content-Type essence is not text/event-stream
  | 'closed-by-user' // close() was called
  | 'closing' // WS: closing handshake started
  | 'closed-by-server' // WS: the server sent a close frame / closed the socket
  | 'event-too-large' // an event exceeded the configured maximum size
  | 'replay-ended' // a replayed recording reached its end
  | 'invalid-request'; // the request could not be sent (bad URL, header, or a body on GET)

export interface StateRecord extends RecordBase {
  kind: 'state';
  /** EventSource numbers for SSE (0,1,2); WebSocket numbers for WS (0,1,2,3). */
  readyState: number;
  reason: StateReason;
  /** Human-readable detail, e.g. "HTTP 500" or "waiting 3000 ms". */
  message: string;
  /** With 'waiting-retry': the delay before the next attempt. */
  delayMs?: number;
  /** With 'connecting'/'reconnecting': the Last-Event-ID header sent, when non-empty. */
  lastEventId?: string;
}

export interface ResponseRecord extends RecordBase {
  kind: 'response';
  status: number;
  statusText: string;
  /** Lower-cased header names. Repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Final URL after redirects. */
  url: string;
  redirected: boolean;
  /** When the request was sent (wall-clock ms). TTFB = t - requestSentAt. */
  requestSentAt: number;
  /** For a failed connection: the first 64 KiB of the body as text. */
  body?: string;
  /** WS: chosen subprotocol and extensions. */
  protocol?: string;
  extensions?: string;
  /** HTTP streams that were accepted: how the body is read (absent on a refused response). */
  framing?: Framing;
}

/** Raw wire bytes exactly as one network read delivered them. */
export interface ChunkRecord extends RecordBase {
  kind: 'chunk';
  bytes: Uint8Array;
}

/** What a WHATWG EventSource dispatches, plus where it came from. */
export interface EventRecord extends RecordBase {
  kind: 'event';
  type: string;
  data: string;
  lastEventId: string;
  /** The id field of this event's block, or null when it had none. */
  id: string | null;
  /** seq of the first and last chunk records that carried this event's block. */
  chunks: [number, number];
  /** UTF-8 byte length of `data`. */
  size: number;
  /** What a protocol decoder read in `data` (JSON-RPC...); derived, never stored. */
  decoded?: Decoded;
}

export interface RetryRecord extends RecordBase {
  kind: 'retry';
  ms: number;
}

export interface CommentRecord extends RecordBase {
  kind: 'comment';
  text: string;
}

export type ErrorCode =
  | 'invalid-url'
  | 'network'
  | 'http-status'
  | 'content-type'
  | 'event-too-large'
  | 'parse'
  | 'ws-protocol'
  | 'send-failed'
  | 'graphql'
  | 'connect-error' // the protocol on top of the socket refused the session (Socket.IO CONNECT_ERROR)
  | 'recording-io'
  | 'replay'
  | 'internal'
  | 'invalid-request';

export interface ErrorRecord extends RecordBase {
  kind: 'error';
  code: ErrorCode;
  message: string;
  /** True when the connection will not be retried. */
  fatal: boolean;
  status?: number;
}

export type FrameOpcode = 'text' | 'binary' | 'ping' | 'pong' | 'close';

export interface FrameRecord extends RecordBase {
  kind: 'frame';
  dir: 'in' | 'out';
  opcode: FrameOpcode;
  /** Text as text; binary/ping/pong payloads as base64; close: "<code> <reason>". */
  data: string;
  /** Payload size in bytes. */
  size: number;
  /** The payload bytes for binary/ping/pong frames (absent for text frames). */
  bytes?: Uint8Array;
  /** Close frames: code and reason. */
  code?: number;
  reason?: string;
  /** What a protocol decoder read in the payload (JSON-RPC...); derived, never stored. */
  decoded?: Decoded;
}

export type Severity = 'info' | 'warning' | 'error';

export interface DiagnosticRecord extends RecordBase {
  kind: 'diagnostic';
  severity: Severity;
  rule: string;
  message: string;
  /** seq numbers of the records this diagnostic points at. */
  refs: number[];
  /** Spec section or explanation. */
  link: string;
}

export type StreamRecord =
  | StateRecord
  | ResponseRecord
  | ChunkRecord
  | EventRecord
  | RetryRecord
  | CommentRecord
  | ErrorRecord
  | FrameRecord
  | DiagnosticRecord;

export type RecordKind = StreamRecord['kind'];

/** A record before the session assigns its identity. Engines emit these. */
export type RecordDraft = StreamRecord extends infer R
  ? R extends StreamRecord
    ? Omit<R, 'sessionId' | 'seq'>
    : never
  : never;

/** EventSource readyState numbers. */
export const SSE_CONNECTING = 0;
export const SSE_OPEN = 1;
export const SSE_CLOSED = 2;

/** WebSocket readyState numbers. */
export const WS_CONNECTING = 0;
export const WS_OPEN = 1;
export const WS_CLOSING = 2;
export const WS_CLOSED = 3;

export type ReadyStateName = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';

/** The readyState names of each transport's API, indexed by number (EventSource has no CLOSING). */
export const READY_STATE_NAMES: Readonly<Record<Transport, readonly ReadyStateName[]>> = {
  sse: ['CONNECTING', 'OPEN', 'CLOSED'],
  ws: ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'],
};

/**
 * What counts as an event, everywhere (`--max-events`, `check`'s count and `events`, summaries):
 * SSE events, and inbound WebSocket data frames (text and binary; not ping, pong or close); on a
 * Socket.IO session, inbound EVENT and BINARY_EVENT packets.
 */
export function countsAsEvent(record: StreamRecord): boolean {
  // Socket.IO: only the events themselves, not handshakes, heartbeats, acks or attachments.
  if (record.kind === 'frame' && record.decoded?.protocol === 'socket.io') {
    return record.dir === 'in' && (record.decoded.type === 'EVENT' || record.decoded.type === 'BINARY_EVENT');
  }
  return (
    record.kind === 'event' ||
    (record.kind === 'frame' && record.dir === 'in' && (record.opcode === 'text' || record.opcode === 'binary'))
  );
}
