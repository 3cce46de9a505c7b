/**
 * What a recording may contain, checked field by field. Recordings and HAR files come from other
 * people: every loader (the NDJSON reader, the HAR and raw-body importers) passes what it read
 * through here, and gets back NEW objects holding only the known fields, each of the checked
 * type. Unknown fields are dropped, not copied, so nothing from the file (a value nested 100,000
 * deep, a "__proto__" key, a 50 MB extra string) travels on to the UI, the bridge or a HAR.
 * The same contract as src/shared/validate.ts gives the bridge's calls.
 */
import { FRAMINGS, type Framing, type FrameOpcode } from '#shared/records';
import { RECORDING_FORMAT, RECORDING_VERSION } from '#shared/recording-format';
import type { RecordingHeader, RecordingResume, RecordingSource, StoredRecord } from '#shared/recording-format';
import type { StreamRequest } from '#shared/request';
import { copyGraphqlOperation, graphqlOperationProblem, type GraphqlOperation } from '#shared/graphql';
import type { JsonBounds } from '#shared/json-bounds';
import { checkSocketIoRequest } from '#shared/socketio-request';

/** A line (or value) that cannot be read; `message` has no line number (the reader adds it). */
export class LineError extends Error {
  override name = 'LineError';
}

/**
 * Shape of one recording line. The deepest legitimate line is the header (request.headers is
 * a list of pairs: depth 3); the widest a response with many headers.
 */
export const RECORDING_LINE_BOUNDS: JsonBounds = { maxDepth: 8, maxElements: 20_000 };

/** Bounds of values a recording holds; generous for real use, small enough to stay harmless. */
const MAX_HEADERS = 1000;
const MAX_PROTOCOLS = 64;

export const STORED_KINDS: ReadonlySet<string> = new Set(['state', 'response', 'chunk', 'error', 'frame']);
const OPCODES: ReadonlySet<string> = new Set<FrameOpcode>(['text', 'binary', 'ping', 'pong', 'close']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Fields = Record<string, unknown>;

export function isObject(v: unknown): v is Fields {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function where(v: Fields): string {
  return typeof v.kind === 'string' ? `${v.kind.slice(0, 32)} record` : 'record';
}

function str(v: Fields, field: string, what = where(v)): string {
  const x = v[field];
  if (typeof x !== 'string') throw new LineError(`${what}: "${field}" must be a string`);
  return x;
}

function num(v: Fields, field: string, what = where(v)): number {
  const x = v[field];
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new LineError(`${what}: "${field}" must be a number`);
  return x;
}

function int(v: Fields, field: string, min: number, max: number, what = where(v)): number {
  const x = num(v, field, what);
  if (!Number.isInteger(x) || x < min || x > max)
    throw new LineError(`${what}: "${field}" must be an integer from ${min} to ${max}`);
  return x;
}

function bool(v: Fields, field: string, what = where(v)): boolean {
  const x = v[field];
  if (typeof x !== 'boolean') throw new LineError(`${what}: "${field}" must be true or false`);
  return x;
}

/** Copies `field` into `out` when present, checked with `read`. */
function optional<T>(v: Fields, field: string, out: Fields, read: (v: Fields, field: string) => T): void {
  if (v[field] !== undefined) out[field] = read(v, field);
}

function base64Bytes(v: Fields, field: string): Uint8Array {
  const s = v[field];
  if (typeof s !== 'string' || s.length % 4 !== 0 || !BASE64.test(s)) {
    throw new LineError(`${where(v)}: "${field}" must be base64`);
  }
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** Header pairs as the recorder writes them: `[[name, value], ...]`, strings only. */
function headerPairs(value: unknown, what: string): Array<[string, string]> {
  if (
    !Array.isArray(value) ||
    value.length > MAX_HEADERS ||
    !value.every((h) => Array.isArray(h) && h.length === 2 && typeof h[0] === 'string' && typeof h[1] === 'string')
  ) {
    throw new LineError(`${what} must be a list of at most ${MAX_HEADERS} [name, value] string pairs`);
  }
  return value.map(([n, v]) => [n, v] as [string, string]);
}

/** Response headers: an object of strings (lower-cased names), copied as own data properties. */
function headerObject(value: unknown, what: string): Record<string, string> {
  if (!isObject(value)) throw new LineError(`${what} must be an object of strings`);
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS || !entries.every(([, h]) => typeof h === 'string')) {
    throw new LineError(`${what} must be an object of at most ${MAX_HEADERS} strings`);
  }
  // fromEntries defines own properties: a "__proto__" name stays a header, never a prototype.
  return Object.fromEntries(entries) as Record<string, string>;
}

/** The recorded request: the fields of StreamRequest, each of its type. */
export function checkRecordedRequest(value: unknown, what = 'header: "request"'): StreamRequest {
  if (!isObject(value)) throw new LineError(`${what} must be an object`);
  const out: StreamRequest = { url: str(value, 'url', what) };
  if (value.method !== undefined) out.method = str(value, 'method', what);
  if (value.headers !== undefined) out.headers = headerPairs(value.headers, `${what}.headers`);
  if (value.body !== undefined) out.body = str(value, 'body', what);
  if (value.lastEventId !== undefined) out.lastEventId = str(value, 'lastEventId', what);
  if (value.reconnect !== undefined) out.reconnect = bool(value, 'reconnect', what);
  if (value.protocols !== undefined) {
    const p = value.protocols;
    if (!Array.isArray(p) || p.length > MAX_PROTOCOLS || !p.every((x) => typeof x === 'string'))
      throw new LineError(`${what}.protocols must be a list of strings`);
    out.protocols = [...p];
  }
  if (value.format !== undefined) out.format = framing(value, 'format', what);
  if (value.preset !== undefined) {
    if (value.preset !== 'mcp') throw new LineError(`${what}: "preset" must be "mcp"`);
    out.preset = 'mcp';
  }
  if (value.graphql !== undefined) {
    const problem = graphqlOperationProblem(value.graphql);
    if (problem) throw new LineError(`${what}.graphql ${problem}`);
    out.graphql = copyGraphqlOperation(value.graphql as GraphqlOperation);
  }
  if (value.socketio !== undefined) {
    const socketio = checkSocketIoRequest(value.socketio, `${what}.socketio`);
    if (!socketio.ok) throw new LineError(socketio.message);
    out.socketio = socketio.value;
  }
  return out;
}

/** One of the framings an HTTP body is read with. */
function framing(v: Fields, field: string, what = where(v)): Framing {
  const x = v[field];
  if (!FRAMINGS.includes(x as Framing))
    throw new LineError(`${what}: "${field}" must be one of ${FRAMINGS.join(', ')}, got ${JSON.stringify(x)}`);
  return x as Framing;
}

/** The longest last event ID a recording may carry (a live stream's id is bounded by its event). */
const MAX_RESUME_ID_CHARS = 1024 * 1024;

/** Where a recording started mid-stream picks the stream up. */
function checkResume(value: unknown): RecordingResume {
  const what = 'header: "resume"';
  if (!isObject(value)) throw new LineError(`${what} must be an object`);
  const connection = int(value, 'connection', 1, 2 ** 31, what);
  // An ID the SSE parser could have kept (one line, no NUL); served replays write it in an `id:` line.
  const lastEventId = str(value, 'lastEventId', what);
  if (lastEventId.length > MAX_RESUME_ID_CHARS || /[\r\n\0]/.test(lastEventId))
    throw new LineError(`${what}: "lastEventId" must be at most 1 MiB, without line breaks or NUL`);
  const { retryMs } = value;
  if (retryMs !== null && !(typeof retryMs === 'number' && Number.isSafeInteger(retryMs) && retryMs >= 0))
    throw new LineError(`${what}: "retryMs" must be an integer from 0 to ${Number.MAX_SAFE_INTEGER} or null`);
  return { connection, lastEventId, retryMs };
}

function checkSource(value: unknown): RecordingSource {
  const what = 'header: "source"';
  if (!isObject(value)) throw new LineError(`${what} must be an object`);
  switch (value.kind) {
    case 'live':
      return { kind: 'live' };
    case 'raw-sse':
      return { kind: 'raw-sse', name: str(value, 'name', what) };
    case 'har':
      return { kind: 'har', name: str(value, 'name', what), entry: int(value, 'entry', 0, 2 ** 31, what) };
    default:
      throw new LineError(`${what}: "kind" must be "live", "raw-sse" or "har"`);
  }
}

/** Line 1 of a recording, as parsed JSON. */
export function checkHeader(v: unknown): RecordingHeader {
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
  const request = checkRecordedRequest(v.request);
  if (typeof v.created !== 'string') throw new LineError('header: "created" must be an ISO-8601 string');
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: v.version,
    app: typeof v.app === 'string' ? v.app : '',
    created: v.created,
    transport: v.transport,
    request,
    redacted: v.redacted === true,
  };
  if (v.source !== undefined) header.source = checkSource(v.source);
  if (v.resume !== undefined) header.resume = checkResume(v.resume);
  return header;
}

/**
 * One stored record, as parsed JSON (chunk bytes as base64 `data`, or already as `bytes` when
 * an importer built it). Throws {@link LineError}.
 */
export function checkRecord(v: unknown): StoredRecord {
  if (!isObject(v)) throw new LineError('expected a JSON object');
  if (typeof v.kind !== 'string') throw new LineError('missing "kind"');
  // Quoted as JSON: what the file says is shown escaped (control characters, line breaks).
  if (!STORED_KINDS.has(v.kind)) throw new LineError(`unknown record kind ${JSON.stringify(v.kind.slice(0, 32))}`);
  const t = num(v, 't');
  const connection = num(v, 'connection');
  switch (v.kind) {
    case 'state': {
      const out: Fields = {
        kind: 'state',
        t,
        connection,
        readyState: num(v, 'readyState'),
        // Reasons (like error codes) are an open set that grows with the engines: any string reads.
        reason: str(v, 'reason'),
        message: str(v, 'message'),
      };
      optional(v, 'delayMs', out, num);
      optional(v, 'lastEventId', out, str);
      return out as unknown as StoredRecord;
    }
    case 'response': {
      const out: Fields = {
        kind: 'response',
        t,
        connection,
        status: num(v, 'status'),
        statusText: str(v, 'statusText'),
        headers: headerObject(v.headers, 'response record: "headers"'),
        url: str(v, 'url'),
        redirected: bool(v, 'redirected'),
        requestSentAt: num(v, 'requestSentAt'),
      };
      optional(v, 'body', out, str);
      optional(v, 'protocol', out, str);
      optional(v, 'extensions', out, str);
      optional(v, 'framing', out, framing);
      return out as unknown as StoredRecord;
    }
    case 'chunk': {
      const bytes = v.bytes instanceof Uint8Array ? v.bytes : base64Bytes(v, 'data');
      return { kind: 'chunk', t, connection, bytes };
    }
    case 'error': {
      const out: Fields = {
        kind: 'error',
        t,
        connection,
        code: str(v, 'code'),
        message: str(v, 'message'),
        fatal: bool(v, 'fatal'),
      };
      optional(v, 'status', out, num);
      return out as unknown as StoredRecord;
    }
    case 'frame': {
      if (v.dir !== 'in' && v.dir !== 'out') throw new LineError('frame record: "dir" must be "in" or "out"');
      if (typeof v.opcode !== 'string' || !OPCODES.has(v.opcode))
        throw new LineError(`frame record: unknown "opcode" ${JSON.stringify(String(v.opcode).slice(0, 32))}`);
      const out: Fields = {
        kind: 'frame',
        t,
        connection,
        dir: v.dir,
        opcode: v.opcode,
        data: str(v, 'data'),
        size: num(v, 'size'),
      };
      optional(v, 'code', out, num);
      optional(v, 'reason', out, str);
      if (v.opcode === 'binary' || v.opcode === 'ping' || v.opcode === 'pong')
        out.bytes = v.bytes instanceof Uint8Array ? v.bytes : base64Bytes(v, 'data');
      return out as unknown as StoredRecord;
    }
  }
  throw new LineError(`unknown record kind ${JSON.stringify(v.kind.slice(0, 32))}`);
}
