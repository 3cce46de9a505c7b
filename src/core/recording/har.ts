/**
 * HAR 1.2 interop. Import: the text/event-stream responses of a HAR (browsers' DevTools, proxies)
 * and WebSocket entries with `_webSocketMessages` as Chrome DevTools exports them. Export: one
 * entry per recorded connection; besides the standard `content.text`, each SSE entry carries
 * `content._streamscopeChunks` (each chunk's arrival time and base64 bytes), so a HAR written by
 * Streamscope imports back with its exact chunking and timing. Other HARs only have the body: it
 * is cut at event blocks and spread evenly over the entry's `receive` time (synthetic, warned).
 */
import type { Recording, StoredRecord } from '#shared/recording-format';
import type { FrameOpcode, Framing, ResponseRecord, Transport } from '#shared/records';
import { framingOfContentType } from '../framing/detect';
import type { JsonBounds } from '#shared/json-bounds';
import type { StreamRequest } from '#shared/request';
import { headerValue } from '#shared/sent-headers';
import { APP_VERSION } from '#shared/version';
import { createHeader, prepareForDisk } from './recorder';
import { longGapWarning } from './precise-timer';
import { splitAtBlocks } from './raw-sse';
import { checkHeader, checkRecord, isObject, LineError } from './record-validate';
import { RecordingFormatError } from './reader';
import { servedConnections } from './replay-server';

interface HarHeader {
  name: string;
  value: string;
}

interface HarMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch. */
  time: number;
  opcode: number;
  data: string;
}

interface HarEntry {
  startedDateTime: string;
  time?: number;
  request: { method: string; url: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string } };
  response: {
    status: number;
    statusText?: string;
    headers?: HarHeader[];
    content?: {
      size?: number;
      mimeType?: string;
      text?: string;
      encoding?: string;
      _streamscopeChunks?: Array<{ t: number; data: string }>;
    };
  };
  timings?: Partial<Record<'blocked' | 'dns' | 'connect' | 'send' | 'wait' | 'receive' | 'ssl', number>>;
  _resourceType?: string;
  _webSocketMessages?: HarMessage[];
}

export interface HarImportOptions {
  /** Replace secret header values with "[redacted]". Default true. */
  redact?: boolean;
}

/**
 * A HAR document's shape: browsers' HARs are about 6 deep; the element bound keeps a hostile
 * file from parsing into gigabytes (a 64 MiB HAR of real traffic has far fewer).
 */
export const HAR_BOUNDS: JsonBounds = { maxDepth: 32, maxElements: 2_000_000 };

type Fields = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function harHeadersOf(v: unknown): HarHeader[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: HarHeader[] = [];
  for (const h of v) {
    if (isObject(h) && typeof h.name === 'string' && typeof h.value === 'string')
      out.push({ name: h.name, value: h.value });
  }
  return out;
}

/**
 * One HAR entry with only the fields this importer reads, each of its type; null when the
 * entry lacks a request URL or a response. Nothing else of the file travels on.
 */
function harEntryOf(v: unknown): HarEntry | null {
  if (!isObject(v) || !isObject(v.request) || !isObject(v.response)) return null;
  const req: Fields = v.request;
  const res: Fields = v.response;
  const url = text(req.url);
  if (url === undefined) return null;
  const entry: HarEntry = {
    startedDateTime: text(v.startedDateTime) ?? '',
    request: { method: text(req.method) ?? 'GET', url, headers: harHeadersOf(req.headers) },
    response: { status: finite(res.status) ?? 0, statusText: text(res.statusText), headers: harHeadersOf(res.headers) },
  };
  if (isObject(req.postData) && typeof req.postData.text === 'string')
    entry.request.postData = { text: req.postData.text };
  if (isObject(res.content)) {
    const c = res.content;
    entry.response.content = { mimeType: text(c.mimeType), text: text(c.text), encoding: text(c.encoding) };
    if (Array.isArray(c._streamscopeChunks)) {
      entry.response.content._streamscopeChunks = c._streamscopeChunks.flatMap((k: unknown) =>
        isObject(k) && finite(k.t) !== undefined && typeof k.data === 'string'
          ? [{ t: k.t as number, data: k.data }]
          : [],
      );
    }
  }
  if (isObject(v.timings)) {
    const timings: HarEntry['timings'] = {};
    for (const key of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive', 'ssl'] as const) {
      const n = finite(v.timings[key]);
      if (n !== undefined) timings[key] = n;
    }
    entry.timings = timings;
  }
  if (typeof v._resourceType === 'string') entry._resourceType = v._resourceType;
  if (Array.isArray(v._webSocketMessages)) {
    entry._webSocketMessages = v._webSocketMessages.flatMap((m: unknown): HarMessage[] =>
      isObject(m) && finite(m.time) !== undefined && typeof m.opcode === 'number'
        ? [
            {
              type: m.type === 'send' ? 'send' : 'receive',
              time: m.time as number,
              opcode: m.opcode,
              data: typeof m.data === 'string' ? m.data : '',
            },
          ]
        : [],
    );
  }
  return entry;
}

/** True when a parsed JSON value looks like a HAR document. */
export function isHar(value: unknown): boolean {
  return isObject(value) && isObject(value.log) && Array.isArray(value.log.entries);
}

function harHeaderValue(headers: HarHeader[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h.name.toLowerCase() === name)?.value;
}

function isWebSocketEntry(e: HarEntry): boolean {
  return Array.isArray(e._webSocketMessages) || e._resourceType === 'websocket';
}

/** How an entry's body is a stream: SSE, NDJSON or JSON-seq by its type; null when it is none. */
function streamFramingOf(e: HarEntry): Framing | null {
  const type = e.response?.content?.mimeType ?? harHeaderValue(e.response?.headers, 'content-type') ?? '';
  return framingOfContentType(type);
}

function isSseEntry(e: HarEntry): boolean {
  return streamFramingOf(e) !== null;
}

function responseHeaders(headers: HarHeader[] | undefined): Record<string, string> {
  // A Map, then own properties: a header named "__proto__" stays a header.
  const out = new Map<string, string>();
  for (const h of headers ?? []) {
    // HTTP/2 pseudo-headers (":status") are not headers of the response.
    if (h.name.startsWith(':')) continue;
    const n = h.name.toLowerCase();
    const before = out.get(n);
    out.set(n, before === undefined ? h.value : `${before}, ${h.value}`);
  }
  return Object.fromEntries(out);
}

function requestOf(e: HarEntry): StreamRequest {
  const request: StreamRequest = { url: e.request.url, method: e.request.method.toUpperCase() };
  const headers = (e.request.headers ?? [])
    .filter((h) => !h.name.startsWith(':'))
    .map((h) => [h.name, h.value] as [string, string]);
  if (headers.length) request.headers = headers;
  if (e.request.postData?.text !== undefined) request.body = e.request.postData.text;
  return request;
}

function positive(v: number | undefined): number {
  return typeof v === 'number' && v > 0 ? v : 0;
}

function bodyBytes(content: NonNullable<HarEntry['response']['content']>): Uint8Array {
  const text = content.text ?? '';
  return content.encoding === 'base64' ? new Uint8Array(Buffer.from(text, 'base64')) : new TextEncoder().encode(text);
}

function startOf(e: HarEntry, index: number): number {
  const t = Date.parse(e.startedDateTime);
  if (!Number.isFinite(t)) throw new RecordingFormatError(0, `HAR entry ${index}: "startedDateTime" is not a date`);
  return t;
}

/** One HAR SSE entry as the records of recorded connection `connection`. */
function sseConnectionRecords(
  e: HarEntry,
  index: number,
  connection: number,
  last: boolean,
  warnings: string[],
): StoredRecord[] {
  const start = startOf(e, index);
  const t = e.timings ?? {};
  const responseAt =
    start + positive(t.blocked) + positive(t.dns) + positive(t.connect) + positive(t.send) + positive(t.wait);
  const content = e.response.content ?? {};
  const response: Omit<ResponseRecord, 'sessionId' | 'seq'> = {
    kind: 'response',
    t: responseAt,
    connection,
    status: e.response.status,
    statusText: e.response.statusText ?? '',
    headers: responseHeaders(e.response.headers),
    url: e.request.url,
    redirected: false,
    requestSentAt: start,
  };
  const records: StoredRecord[] = [
    {
      kind: 'state',
      t: start,
      connection,
      readyState: 0,
      reason: connection === 1 ? 'connecting' : 'reconnecting',
      message: '',
    },
  ];
  const framing = streamFramingOf(e);
  if (e.response.status !== 200 || framing === null) {
    records.push({ ...response, body: content.text ?? '' });
    records.push({
      kind: 'error',
      t: responseAt,
      connection,
      code: 'http-status',
      message: `HTTP ${e.response.status}`,
      fatal: true,
      status: e.response.status,
    });
    records.push({
      kind: 'state',
      t: responseAt,
      connection,
      readyState: 2,
      reason: 'http-status',
      message: `HTTP ${e.response.status}`,
    });
    return records;
  }
  records.push(
    { ...response, framing },
    {
      kind: 'state',
      t: responseAt,
      connection,
      readyState: 1,
      reason: 'open',
      message: `HTTP ${e.response.status}`,
    },
  );
  let chunks: Array<{ t: number; bytes: Uint8Array }>;
  if (Array.isArray(content._streamscopeChunks)) {
    chunks = content._streamscopeChunks.map((c) => ({ t: c.t, bytes: new Uint8Array(Buffer.from(c.data, 'base64')) }));
  } else {
    const pieces = splitAtBlocks(bodyBytes(content));
    const receive = positive(t.receive);
    chunks = pieces.map((bytes, k) => ({
      t: responseAt + (pieces.length > 1 ? (receive * k) / (pieces.length - 1) : 0),
      bytes,
    }));
    warnings.push(
      `HAR entry ${index}: the body was cut into ${pieces.length} chunks at event blocks, spread over ${Math.round(receive)} ms (timings are synthetic)`,
    );
  }
  for (const c of chunks) records.push({ kind: 'chunk', t: c.t, connection, bytes: c.bytes });
  const end = Math.max(chunks.at(-1)?.t ?? responseAt, responseAt + positive(t.receive));
  records.push(
    last
      ? {
          kind: 'state',
          t: end,
          connection,
          readyState: 2,
          reason: 'stream-ended',
          message: 'the server ended the stream',
        }
      : {
          kind: 'state',
          t: end,
          connection,
          readyState: 0,
          reason: 'waiting-retry',
          message: 'the server ended the stream',
        },
  );
  return records;
}

const OPCODE_NAMES: Record<number, FrameOpcode> = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

function wsRecords(e: HarEntry, index: number): StoredRecord[] {
  const start = startOf(e, index);
  const responseAt = start + positive(e.timings?.wait);
  const records: StoredRecord[] = [
    { kind: 'state', t: start, connection: 1, readyState: 0, reason: 'connecting', message: '' },
    {
      kind: 'response',
      t: responseAt,
      connection: 1,
      status: e.response.status || 101,
      statusText: e.response.statusText ?? 'Switching Protocols',
      headers: responseHeaders(e.response.headers),
      url: e.request.url,
      redirected: false,
      requestSentAt: start,
    },
    { kind: 'state', t: responseAt, connection: 1, readyState: 1, reason: 'open', message: 'handshake done' },
  ];
  let last = responseAt;
  for (const m of e._webSocketMessages ?? []) {
    const opcode = OPCODE_NAMES[m.opcode];
    if (!opcode || typeof m.time !== 'number') continue;
    const t = Math.max(last, m.time * 1000);
    last = t;
    const dir = m.type === 'send' ? 'out' : 'in';
    const data = String(m.data ?? '');
    if (opcode === 'text') {
      records.push({ kind: 'frame', t, connection: 1, dir, opcode, data, size: Buffer.byteLength(data, 'utf8') });
    } else if (opcode === 'close') {
      records.push({ kind: 'frame', t, connection: 1, dir, opcode, data, size: Buffer.byteLength(data, 'utf8') });
    } else {
      // Chrome exports binary payloads as base64.
      const bytes = new Uint8Array(Buffer.from(data, 'base64'));
      records.push({ kind: 'frame', t, connection: 1, dir, opcode, data, size: bytes.byteLength, bytes });
    }
  }
  records.push({
    kind: 'state',
    t: last,
    connection: 1,
    readyState: 3,
    reason: 'closed-by-server',
    message: 'end of HAR entry',
  });
  return records;
}

/**
 * Imports the first streaming entry of a HAR document: a WebSocket entry, or an SSE entry
 * together with every later SSE entry for the same URL (its reconnects). Throws
 * RecordingFormatError when the HAR has no such entry.
 */
export function importHar(name: string, har: unknown, options: HarImportOptions = {}): Recording {
  if (!isHar(har)) throw new RecordingFormatError(0, 'not a HAR file (no "log.entries")');
  const entries = (har as { log: { entries: unknown[] } }).log.entries
    .map(harEntryOf)
    .filter((e): e is HarEntry => e !== null);
  const index = entries.findIndex((e) => isWebSocketEntry(e) || isSseEntry(e));
  if (index === -1)
    throw new RecordingFormatError(0, 'the HAR file has no text/event-stream response and no WebSocket entry');
  const first = entries[index]!;
  const warnings: string[] = [];
  const redact = options.redact ?? true;
  let records: StoredRecord[];
  let transport: Transport;
  if (isWebSocketEntry(first)) {
    transport = 'ws';
    records = wsRecords(first, index);
  } else {
    transport = 'sse';
    const same = entries
      .map((e, i) => ({ e, i }))
      .filter(({ e, i }) => i >= index && !isWebSocketEntry(e) && isSseEntry(e) && e.request.url === first.request.url);
    records = same.flatMap(({ e, i }, k) => sseConnectionRecords(e, i, k + 1, k === same.length - 1, warnings));
  }
  const others = entries.filter(
    (e, i) =>
      i !== index &&
      (isWebSocketEntry(e) || isSseEntry(e)) &&
      (transport === 'ws' || e.request.url !== first.request.url),
  ).length;
  if (others > 0)
    warnings.push(`the HAR file has ${others} more streaming entries; opened the first (${first.request.url})`);
  const header = createHeader(
    { transport, request: requestOf(first), source: { kind: 'har', name, entry: index } },
    redact,
    new Date(startOf(first, index)),
  );
  if (redact) records = records.map((r) => prepareForDisk(r, true));
  const gaps = longGapWarning(records.map((r) => r.t));
  if (gaps !== null) warnings.push(gaps);
  try {
    // The same field-by-field check as a recording's lines: what leaves here is what the format allows.
    return { header: checkHeader(header), records: records.map(checkRecord), warnings };
  } catch (err) {
    if (err instanceof LineError) throw new RecordingFormatError(0, `HAR entry ${index}: ${err.message}`);
    throw err;
  }
}

const OPCODE_NUMBERS: Record<FrameOpcode, number> = { text: 1, binary: 2, close: 8, ping: 9, pong: 10 };

function harHeaders(headers: Record<string, string> | Array<[string, string]> | undefined): HarHeader[] {
  if (!headers) return [];
  const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
  return pairs.map(([name, value]) => ({ name, value }));
}

/** The URL's query as HAR lists it: each parameter decoded, in order (from the redacted URL, so nothing secret). */
function queryStringOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function bodyContent(bytes: Uint8Array): { text: string; encoding?: 'base64' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    return { text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  }
}

/** A recording as a HAR 1.2 document (an object; JSON.stringify it to save). */
export function exportHar(recording: Recording): Record<string, unknown> {
  const { header, records } = recording;
  const request = header.request;
  const harRequest = (): Record<string, unknown> => ({
    method: (request.method ?? 'GET').toUpperCase(),
    url: request.url,
    httpVersion: 'HTTP/1.1',
    headers: harHeaders(request.headers),
    queryString: queryStringOf(request.url),
    cookies: [],
    headersSize: -1,
    bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body, 'utf8'),
    // A body sent without a Content-Type has no type: "" says so (HAR requires the field).
    ...(request.body === undefined
      ? {}
      : { postData: { mimeType: headerValue(request.headers ?? [], 'content-type') ?? '', text: request.body } }),
  });
  const entries: Array<Record<string, unknown>> = [];
  if (header.transport === 'ws') {
    const response = records.find((r) => r.kind === 'response');
    const opened = records.find((r) => r.kind === 'state')?.t ?? records[0]?.t ?? 0;
    const frames = records.filter((r) => r.kind === 'frame');
    entries.push({
      startedDateTime: new Date(opened).toISOString(),
      time: (records.at(-1)?.t ?? opened) - opened,
      request: harRequest(),
      response: {
        status: response?.kind === 'response' ? response.status : 101,
        statusText: response?.kind === 'response' ? response.statusText : 'Switching Protocols',
        httpVersion: 'HTTP/1.1',
        headers: harHeaders(response?.kind === 'response' ? response.headers : {}),
        cookies: [],
        content: { size: 0, mimeType: 'x-unknown' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: response ? response.t - opened : 0, receive: 0 },
      _resourceType: 'websocket',
      _webSocketMessages: frames.map((f) => ({
        type: f.dir === 'out' ? 'send' : 'receive',
        time: f.t / 1000,
        opcode: OPCODE_NUMBERS[f.opcode],
        data: f.data,
      })),
    });
  } else {
    for (const c of servedConnections(records)) {
      const started = c.response.requestSentAt;
      const bytes = Buffer.concat(c.chunks.map((k) => Buffer.from(k.bytes)));
      const receive = c.chunks.length ? c.chunks.at(-1)!.at : 0;
      const body = c.chunks.length ? bodyContent(bytes) : { text: c.response.body ?? '' };
      entries.push({
        startedDateTime: new Date(started).toISOString(),
        time: c.response.t - started + receive,
        request: harRequest(),
        response: {
          status: c.response.status,
          statusText: c.response.statusText,
          httpVersion: 'HTTP/1.1',
          headers: harHeaders(c.response.headers),
          cookies: [],
          content: {
            size: c.chunks.length ? bytes.byteLength : Buffer.byteLength(body.text),
            mimeType: c.response.headers['content-type'] ?? 'text/event-stream',
            ...body,
            ...(c.chunks.length
              ? {
                  _streamscopeChunks: c.chunks.map((k) => ({
                    t: c.response.t + k.at,
                    data: Buffer.from(k.bytes).toString('base64'),
                  })),
                }
              : {}),
          },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: c.response.t - started, receive },
      });
    }
  }
  return { log: { version: '1.2', creator: { name: 'Streamscope', version: APP_VERSION }, pages: [], entries } };
}
