/**
 * The browser host's WebSocket protocol: one JSON message per frame.
 *
 *   client → host   {id, method: 'sessions.open', params: [options]}
 *   host → client   {id, result}                (a Result, exactly as the service returned it)
 *   host → client   {type: 'batch', batch}      (one per flush, at most every ~16–50 ms)
 *
 * JSON has no bytes, so the `bytes` of chunk and frame records travel as base64 strings
 * ({@link WireRecord}); the client turns them back into Uint8Array before anyone sees them.
 * Event records, most of what a stream sends, travel as arrays ({@link WireEvent}): without their
 * eleven keys and their session's id (given once for a run of records of the same session) an
 * event is half the bytes, and the browser's time to take in a message grows with its bytes
 * (BENCHMARKS.md, "Round of 2026-12-02, 03:30–05:30 UTC").
 */
import type { Batch } from './api';
import type { ChunkRecord, EventRecord, FrameRecord, StreamRecord } from './records';
import type { Result } from './result';

/**
 * An event record on the wire: [sessionId, seq, t, connection, type, data, lastEventId, id,
 * first chunk, last chunk, size, decoded?]. The session id is '' when it is the previous record's
 * (records are read in order), lastEventId is 0 when it equals the id.
 */
export type WireEvent =
  | [string, number, number, number, string, string, string | 0, string | null, number, number, number]
  | [string, number, number, number, string, string, string | 0, string | null, number, number, number, unknown];

/** A record on the wire: bytes as base64, events as {@link WireEvent} arrays. */
export type WireRecord =
  | Exclude<StreamRecord, ChunkRecord | FrameRecord>
  | (Omit<ChunkRecord, 'bytes'> & { bytes: string })
  | (Omit<FrameRecord, 'bytes'> & { bytes?: string })
  | WireEvent;

/** The keys of an event record that {@link WireEvent} carries (`decoded` is the optional twelfth). */
const EVENT_KEYS = 11;

/** How many own keys a record has, without allocating the array Object.keys would (once per event). */
function keyCount(r: object): number {
  let n = 0;
  for (const key in r) if (Object.hasOwn(r, key)) n++;
  return n;
}

/** The event as an array, or null when it has keys an array would not carry (nothing is lost). */
function eventToWire(r: EventRecord, previousSessionId: string): WireEvent | null {
  const decoded = r.decoded;
  if (keyCount(r) !== (decoded === undefined ? EVENT_KEYS : EVENT_KEYS + 1)) return null;
  const sessionId = r.sessionId === previousSessionId ? '' : r.sessionId;
  const lastEventId = r.id !== null && r.lastEventId === r.id ? 0 : r.lastEventId;
  const wire: WireEvent = [
    sessionId,
    r.seq,
    r.t,
    r.connection,
    r.type,
    r.data,
    lastEventId,
    r.id,
    r.chunks[0],
    r.chunks[1],
    r.size,
  ];
  if (decoded !== undefined) (wire as unknown[]).push(decoded);
  return wire;
}

/** The record an array stands for; the same keys in the same order as the engine's (decoder.ts). */
function eventFromWire(a: WireEvent, previousSessionId: string): EventRecord {
  const record: EventRecord = {
    kind: 'event',
    t: a[2],
    connection: a[3],
    type: a[4],
    data: a[5],
    lastEventId: a[6] === 0 ? (a[7] as string) : a[6],
    id: a[7],
    chunks: [a[8], a[9]],
    size: a[10],
    sessionId: a[0] === '' ? previousSessionId : a[0],
    seq: a[1],
  };
  if (a.length > EVENT_KEYS) record.decoded = a[11] as EventRecord['decoded'];
  return record;
}

export type WireBatch = Omit<Batch, 'records'> & { records: WireRecord[] };

export interface HostRequest {
  id: number | string;
  method: string;
  params: unknown[];
}

export interface HostResponse {
  /** null when the request could not even be read (not JSON, no id). */
  id: number | string | null;
  result: Result<unknown>;
}

export interface HostBatchMessage {
  type: 'batch';
  batch: WireBatch;
}

export type HostMessage = HostResponse | HostBatchMessage;

/** What every record has (its kind and place), read from a record on the wire. */
export function wireRecordHead(
  r: WireRecord,
  previousSessionId: string,
): { kind: string; sessionId: string; seq: number; t: number; connection: number } {
  if (!Array.isArray(r)) return r;
  return { kind: 'event', sessionId: r[0] === '' ? previousSessionId : r[0], seq: r[1], t: r[2], connection: r[3] };
}

/** Converts records for the wire with the given base64 encoder (Buffer in Node). */
export function recordsToWire(records: readonly StreamRecord[], toBase64: (bytes: Uint8Array) => string): WireRecord[] {
  const out = new Array<WireRecord>(records.length);
  let sessionId = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind === 'event') out[i] = eventToWire(r, sessionId) ?? r;
    else if (r.kind === 'chunk') out[i] = { ...r, bytes: toBase64(r.bytes) };
    else if (r.kind === 'frame' && r.bytes) out[i] = { ...r, bytes: toBase64(r.bytes) };
    else out[i] = r as WireRecord;
    sessionId = r.sessionId;
  }
  return out;
}

/** Restores records from the wire in place, with the given base64 decoder. */
export function recordsFromWire(records: WireRecord[], fromBase64: (text: string) => Uint8Array): StreamRecord[] {
  let sessionId = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (Array.isArray(r)) {
      const event = eventFromWire(r, sessionId);
      (records as unknown[])[i] = event;
      sessionId = event.sessionId;
      continue;
    }
    if ((r.kind === 'chunk' || r.kind === 'frame') && typeof r.bytes === 'string') {
      (r as { bytes: unknown }).bytes = fromBase64(r.bytes);
    }
    sessionId = r.sessionId;
  }
  return records as unknown as StreamRecord[];
}
