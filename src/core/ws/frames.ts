/** Builds frame records from what the ws package hands over. Pure apart from Buffer. */
import type { FrameOpcode, FrameRecord } from '#shared/records';

/** A frame record before the session numbers it. */
export type FrameDraft = Omit<FrameRecord, 'sessionId' | 'seq'>;

/** The ws package delivers a message as one Buffer, an ArrayBuffer or fragments. */
export type WsPayload = Buffer | ArrayBuffer | Buffer[];

export function payloadToBuffer(data: WsPayload): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

// A Buffer is often a view into a larger pooled socket buffer; structured clone (IPC, workers)
// would copy the whole pool. Records keep a copy of exactly their own bytes.
function ownBytes(buf: Buffer): Uint8Array {
  return new Uint8Array(buf);
}

/** A text frame: data is the text itself, size its UTF-8 length. */
export function textFrame(dir: 'in' | 'out', t: number, connection: number, text: string, size: number): FrameDraft {
  return { kind: 'frame', t, connection, dir, opcode: 'text', data: text, size };
}

/** A binary, ping or pong frame: data is base64, bytes are kept. */
export function bytesFrame(
  dir: 'in' | 'out',
  opcode: Exclude<FrameOpcode, 'text' | 'close'>,
  t: number,
  connection: number,
  payload: Buffer,
): FrameDraft {
  return {
    kind: 'frame',
    t,
    connection,
    dir,
    opcode,
    data: payload.toString('base64'),
    size: payload.byteLength,
    bytes: ownBytes(payload),
  };
}

/**
 * A close frame: data is "<code> <reason>" (just "<code>" without a reason). Code 1005 means the
 * frame carried no status code; size is then 0, else 2 + the reason's UTF-8 length.
 */
export function closeFrame(dir: 'in' | 'out', t: number, connection: number, code: number, reason: string): FrameDraft {
  const size = code === 1005 ? 0 : 2 + Buffer.byteLength(reason, 'utf8');
  return {
    kind: 'frame',
    t,
    connection,
    dir,
    opcode: 'close',
    data: reason ? `${code} ${reason}` : String(code),
    size,
    code,
    reason,
  };
}
