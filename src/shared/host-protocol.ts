/**
 * The browser host's WebSocket protocol: one JSON message per frame.
 *
 *   client → host   {id, method: 'sessions.open', params: [options]}
 *   host → client   {id, result}                (a Result, exactly as the service returned it)
 *   host → client   {type: 'batch', batch}      (one per flush, at most every ~16–50 ms)
 *
 * JSON has no bytes, so the `bytes` of chunk and frame records travel as base64 strings
 * ({@link WireRecord}); the client turns them back into Uint8Array before anyone sees them.
 */
import type { Batch } from './api';
import type { ChunkRecord, FrameRecord, StreamRecord } from './records';
import type { Result } from './result';

/** A record on the wire: bytes as base64. */
export type WireRecord =
  | Exclude<StreamRecord, ChunkRecord | FrameRecord>
  | (Omit<ChunkRecord, 'bytes'> & { bytes: string })
  | (Omit<FrameRecord, 'bytes'> & { bytes?: string });

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

/** Converts records for the wire with the given base64 encoder (Buffer in Node). */
export function recordsToWire(records: readonly StreamRecord[], toBase64: (bytes: Uint8Array) => string): WireRecord[] {
  const out = new Array<WireRecord>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind === 'chunk') out[i] = { ...r, bytes: toBase64(r.bytes) };
    else if (r.kind === 'frame' && r.bytes) out[i] = { ...r, bytes: toBase64(r.bytes) };
    else out[i] = r as WireRecord;
  }
  return out;
}

/** Restores records from the wire in place, with the given base64 decoder. */
export function recordsFromWire(records: WireRecord[], fromBase64: (text: string) => Uint8Array): StreamRecord[] {
  for (const r of records) {
    if ((r.kind === 'chunk' || r.kind === 'frame') && typeof r.bytes === 'string') {
      (r as { bytes: unknown }).bytes = fromBase64(r.bytes);
    }
  }
  return records as unknown as StreamRecord[];
}
