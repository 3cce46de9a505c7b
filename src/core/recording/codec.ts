/**
 * One line of a recording file to and from memory, with validation strict enough that a damaged
 * file fails on the line that is damaged, with a message a person can act on.
 */
import type { ErrorCode, FrameOpcode, RecordDraft } from '../../shared/records';
import {
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type RecordingEndLine,
  type RecordingHeader,
  type RecordingLine,
  type StoredKind,
  type StoredRecord,
} from '../../shared/recording-format';

/** A line that cannot be read; `message` has no line number (the reader adds it). */
export class LineError extends Error {
  override name = 'LineError';
}

const STORED_KINDS: ReadonlySet<string> = new Set<StoredKind>(['state', 'response', 'chunk', 'error', 'frame']);

/**
 * Error codes the SSE decoder produces itself. They are derived again on load, so storing them
 * would make a replay show them twice.
 */
const DERIVED_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['event-too-large', 'parse']);

/** True for a record a recording stores (as opposed to one derived from the chunks on load). */
export function isStored(record: RecordDraft): record is StoredRecord {
  if (!STORED_KINDS.has(record.kind)) return false;
  if (record.kind === 'error' && DERIVED_ERROR_CODES.has(record.code)) return false;
  // The recorder's own failures describe the file, not the stream.
  if (record.kind === 'error' && record.code === 'recording-io') return false;
  return true;
}

/** The JSON text of the header line (without the newline). */
export function encodeHeader(header: RecordingHeader): string {
  return JSON.stringify(header);
}

/** The JSON text of one record line (without the newline). Drops sessionId and seq if present. */
export function encodeRecord(record: StoredRecord): string {
  const { sessionId: _s, seq: _q, ...rest } = record as StoredRecord & { sessionId?: string; seq?: number };
  if (rest.kind === 'chunk') {
    const { bytes, ...fields } = rest;
    return JSON.stringify({
      ...fields,
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    });
  }
  if (rest.kind === 'frame') {
    // The payload is already in `data` (base64 for binary, ping and pong).
    const { bytes: _b, ...fields } = rest;
    return JSON.stringify(fields);
  }
  return JSON.stringify(rest);
}

/** The JSON text of the end line. */
export function encodeEnd(end: RecordingEndLine): string {
  return JSON.stringify(end);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LineError('invalid JSON');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads and checks line 1. */
export function decodeHeader(text: string): RecordingHeader {
  const v = parseJson(text);
  if (!isObject(v) || v.format !== RECORDING_FORMAT) {
    throw new LineError(`not a Streamscope recording (expected "format":"${RECORDING_FORMAT}")`);
  }
  if (typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1) {
    throw new LineError('header: "version" must be a positive integer');
  }
  if (v.version > RECORDING_VERSION) {
    throw new LineError(
      `recording format version ${v.version} is newer than this Streamscope reads (version ${RECORDING_VERSION}); upgrade Streamscope to open it`,
    );
  }
  if (v.transport !== 'sse' && v.transport !== 'ws') throw new LineError('header: "transport" must be "sse" or "ws"');
  if (!isObject(v.request) || typeof v.request.url !== 'string')
    throw new LineError('header: "request.url" must be a string');
  const headers = v.request.headers;
  if (
    headers !== undefined &&
    !(
      Array.isArray(headers) &&
      headers.every((h) => Array.isArray(h) && h.length === 2 && h.every((x) => typeof x === 'string'))
    )
  ) {
    throw new LineError('header: "request.headers" must be a list of [name, value] string pairs');
  }
  if (typeof v.created !== 'string') throw new LineError('header: "created" must be an ISO-8601 string');
  return v as unknown as RecordingHeader;
}

/** A decoded non-header line: a stored record, or the end marker. */
export type DecodedLine = { kind: 'record'; record: StoredRecord } | { kind: 'end'; end: RecordingEndLine };

const OPCODES: ReadonlySet<string> = new Set<FrameOpcode>(['text', 'binary', 'ping', 'pong', 'close']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function need(v: Record<string, unknown>, field: string, type: 'string' | 'number' | 'boolean'): void {
  if (typeof v[field] !== type || (type === 'number' && !Number.isFinite(v[field]))) {
    throw new LineError(`${String(v.kind)} record: "${field}" must be a ${type}`);
  }
}

function optional(v: Record<string, unknown>, field: string, type: 'string' | 'number'): void {
  if (v[field] !== undefined) need(v, field, type);
}

function base64Bytes(v: Record<string, unknown>, field: string): Uint8Array {
  const s = v[field];
  if (typeof s !== 'string' || s.length % 4 !== 0 || !BASE64.test(s)) {
    throw new LineError(`${String(v.kind)} record: "${field}" must be base64`);
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** Reads and checks one line after the header. */
export function decodeLine(text: string): DecodedLine {
  const v = parseJson(text);
  if (!isObject(v)) throw new LineError('expected a JSON object');
  if (typeof v.kind !== 'string') throw new LineError('missing "kind"');
  if (v.kind === 'end') {
    need(v, 't', 'number');
    need(v, 'records', 'number');
    return { kind: 'end', end: { kind: 'end', t: v.t as number, records: v.records as number } };
  }
  if (!STORED_KINDS.has(v.kind)) throw new LineError(`unknown record kind "${v.kind}"`);
  need(v, 't', 'number');
  need(v, 'connection', 'number');
  switch (v.kind) {
    case 'state':
      need(v, 'readyState', 'number');
      need(v, 'message', 'string');
      // Reasons (like error codes) are an open set that grows with the engines: any string reads.
      need(v, 'reason', 'string');
      optional(v, 'delayMs', 'number');
      optional(v, 'lastEventId', 'string');
      break;
    case 'response':
      need(v, 'status', 'number');
      need(v, 'statusText', 'string');
      need(v, 'url', 'string');
      need(v, 'redirected', 'boolean');
      need(v, 'requestSentAt', 'number');
      if (!isObject(v.headers) || !Object.values(v.headers).every((h) => typeof h === 'string')) {
        throw new LineError('response record: "headers" must be an object of strings');
      }
      optional(v, 'body', 'string');
      optional(v, 'protocol', 'string');
      optional(v, 'extensions', 'string');
      break;
    case 'chunk': {
      const bytes = base64Bytes(v, 'data');
      const { data: _d, ...fields } = v;
      return {
        kind: 'record',
        record: { ...(fields as unknown as Omit<StoredRecord & { kind: 'chunk' }, 'bytes'>), bytes },
      };
    }
    case 'error':
      need(v, 'code', 'string');
      need(v, 'message', 'string');
      need(v, 'fatal', 'boolean');
      optional(v, 'status', 'number');
      break;
    case 'frame': {
      if (v.dir !== 'in' && v.dir !== 'out') throw new LineError('frame record: "dir" must be "in" or "out"');
      if (typeof v.opcode !== 'string' || !OPCODES.has(v.opcode))
        throw new LineError(`frame record: unknown "opcode" ${JSON.stringify(v.opcode)}`);
      need(v, 'data', 'string');
      need(v, 'size', 'number');
      optional(v, 'code', 'number');
      optional(v, 'reason', 'string');
      if (v.opcode === 'binary' || v.opcode === 'ping' || v.opcode === 'pong') {
        const bytes = base64Bytes(v, 'data');
        return { kind: 'record', record: { ...(v as unknown as RecordingLine & { kind: 'frame' }), bytes } };
      }
      break;
    }
  }
  return { kind: 'record', record: v as unknown as StoredRecord };
}

/**
 * A whole recording as file text (header, records, end line), e.g. for a browser download. For
 * long sessions prefer the streaming recorder: this holds the whole text in memory.
 */
export function recordingToText(
  recording: { header: RecordingHeader; records: StoredRecord[] },
  endT = Date.now(),
): string {
  const lines = [encodeHeader(recording.header)];
  for (const r of recording.records) lines.push(encodeRecord(r));
  lines.push(encodeEnd({ kind: 'end', t: endT, records: recording.records.length }));
  return lines.join('\n') + '\n';
}
