/**
 * The contract every stream engine (SSE, WebSocket, replay) keeps: it turns a request into
 * RecordDrafts pushed to a sink, synchronously as things happen, stamped at arrival. The Session
 * (src/core/session) assigns sessionId and seq; engines never buffer records.
 */
import { SSE_CONNECTING, type ChunkRecord, type RecordDraft, type StreamRecord, type Transport } from '#shared/records';
import type { EventContext } from './session/compact-events';
import type { StreamLimits, StreamRequest } from '#shared/request';
import type { WsOutgoing } from '#shared/api';
import { now } from './clock';

/**
 * Receives each record as it happens and returns the seq it was given, so an engine can point
 * later records at earlier ones (an event at the chunks that carried it). The sink takes ownership
 * of the draft object (a Session completes it in place): pass a fresh object on every call.
 *
 * A sink may also take the events of one network read as a whole (`takeEvents`, see EventRun):
 * a Session does, so a firehose costs it no record object per event. A sink without it, or one
 * that refuses a run (returns false), gets the same events as records, one call each. Wrappers
 * that only look at other records pass `takeEvents` on (see withEventRuns).
 */
export type RecordSink = ((record: RecordDraft) => number) & { readonly takeEvents?: EventRunSink };

/** Takes a run of events (true) or refuses it (false: the engine sinks them as records instead). */
export type EventRunSink = (run: EventRun) => boolean;

/**
 * Consecutive SSE events that one network read completed, each of the common shape (one `data:`
 * line, perhaps `id:` and `event:`; see src/core/sse/block-scanner.ts), in an all-ASCII read: a
 * character offset in `text` is the same byte offset in `chunk.bytes`. Event i is the record
 * `{ kind: 'event', t: chunk.t, connection: chunk.connection, type: contexts[i].type,
 * data: text.slice(dataStart[i], dataEnd[i]), lastEventId: contexts[i].lastEventId ?? id,
 * id: idStart[i] < 0 ? null : text.slice(idStart[i], idEnd[i]), chunks: [chunk.seq, chunk.seq],
 * size: dataEnd[i] - dataStart[i] }`. Valid only during the call: the engine reuses it.
 */
export interface EventRun {
  /** The read's chunk record, numbered by the sink already. */
  readonly chunk: ChunkRecord;
  /** The read's text, exactly its bytes. */
  readonly text: string;
  readonly count: number;
  readonly dataStart: Int32Array;
  readonly dataEnd: Int32Array;
  /** -1: the event has no id. */
  readonly idStart: Int32Array;
  readonly idEnd: Int32Array;
  readonly contexts: EventContext[];
  /** The largest `size` in the run. */
  readonly maxSize: number;
}

/** `sink` as a plain record sink, with `takeEvents` when given (a wrapper passing runs on). */
export function withEventRuns(sink: (record: RecordDraft) => number, takeEvents: EventRunSink | undefined): RecordSink {
  return takeEvents === undefined ? sink : Object.assign(sink, { takeEvents });
}

/** The `lastEventId` of event `i` of `run`. */
export function lastEventIdOfRun(run: EventRun, i: number): string {
  return run.contexts[i]!.lastEventId ?? run.text.slice(run.idStart[i], run.idEnd[i]);
}

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
