/**
 * The contract every stream engine (SSE, WebSocket, replay) keeps: it turns a request into
 * RecordDrafts pushed to a sink, synchronously as things happen, stamped at arrival. The Session
 * (src/core/session) assigns sessionId and seq; engines never buffer records.
 */
import { SSE_CONNECTING, type RecordDraft, type StreamRecord, type Transport } from '#shared/records';
import type { StreamLimits, StreamRequest } from '#shared/request';
import type { WsOutgoing } from '#shared/api';
import { now } from './clock';

/**
 * Receives each record as it happens and returns the seq it was given, so an engine can point
 * later records at earlier ones (an event at the chunks that carried it). The sink takes ownership
 * of the draft object (a Session completes it in place): pass a fresh object on every call.
 */
export type RecordSink = (record: RecordDraft) => number;

/** A sink for callers without a Session (the CLI): numbers records from 0 and forwards them. */
export function createSequencedSink(sessionId: string, forward: (record: StreamRecord) => void): RecordSink {
  let seq = 0;
  return (draft) => {
    // Completed in place (the sink owns the draft): no copy per record on the CLI's hot path.
    const record = draft as StreamRecord;
    record.sessionId = sessionId;
    record.seq = seq++;
    forward(record);
    return record.seq;
  };
}

/**
 * The first record of an SSE session that some other step opens (a prelude, the proxy's upstream
 * request): connection 1 is connecting, and `message` says to what.
 */
export function sseConnectingRecord(message: string): RecordDraft {
  return { kind: 'state', t: now(), connection: 1, readyState: SSE_CONNECTING, reason: 'connecting', message };
}

export interface StreamConnection {
  readonly transport: Transport;
  /** EventSource numbers for SSE, WebSocket numbers for WS. */
  readonly readyState: number;
  /** Close now, from any state; idempotent. Emits a final state record (closed-by-user). */
  close(): void;
  /** Resolves once the connection is closed for good (no reconnect will follow). */
  readonly done: Promise<void>;
}

export interface WsStreamConnection extends StreamConnection {
  readonly transport: 'ws';
  /** Send a frame; an outbound frame record is emitted. Throws when not OPEN. */
  send(message: WsOutgoing): void;
}

export interface StreamOptions {
  request: StreamRequest;
  limits?: Partial<StreamLimits>;
  /** Injected fetch for SSE; Node's global fetch by default. */
  fetch?: typeof fetch;
  /**
   * SSE: when the very first attempt cannot reach the server (refused, unknown host, bad port,
   * TLS failure: no response and no connection that later broke), fail for good instead of
   * retrying. Default false: EventSource keeps retrying.
   * The CLI sets it unless --reconnect was given, so an unreachable host exits 1 at once.
   */
  failIfUnreachable?: boolean;
  /**
   * WebSocket: text messages sent, in order, the moment the socket opens (every attempt, as a
   * handshake-driven protocol needs after a reconnect). Sent from the engine's own open handler,
   * so a server that closes at once cannot race them; one that cannot go out becomes a non-fatal
   * `send-failed` error record. SSE ignores it.
   */
  sendOnOpen?: readonly string[];
  /**
   * The consumer's pace (e.g. the CLI's stdout): asked before each read from the network; while
   * it returns a promise nothing more is read, so a slow reader slows the server down (TCP flow
   * control) instead of records piling up in memory. Absent: read as fast as data comes.
   */
  consumerReady?: () => Promise<void> | null;
}
