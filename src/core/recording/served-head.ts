/**
 * The response head a replay server sends for a recorded response. A recording is a file anyone
 * can hand you, served from 127.0.0.1 where every local page can reach it, so the file does not
 * get to choose how a browser treats the bytes: an event stream (or NDJSON, JSON-seq) keeps its type,
 * anything else as text/plain with nosniff (a recorded `text/html` body never runs as a page),
 * cookies are never replayed, and a status or header that is not valid HTTP is refused with one
 * line instead of breaking the reply.
 */
import { framingOfContentType } from '../framing/detect';
import type { ResponseRecord } from '#shared/records';

/** A recorded response that cannot be served; the message is one line. */
export class ServedHeadError extends Error {
  override name = 'ServedHeadError';
}

export interface ServedHead {
  status: number;
  statusText: string;
  headers: Record<string, string>;
}

/** Headers that describe one hop or the original body's framing, not the stream. */
const HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'upgrade',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
  'date',
]);

/** Never replayed: a cookie set by a replay would land on every port of 127.0.0.1. */
const NEVER_REPLAYED: ReadonlySet<string> = new Set(['set-cookie', 'set-cookie2']);

// RFC 9110 token characters (header names) and field values without CR, LF or NUL.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function oneLine(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Status and status text, checked: what Node would refuse (or send broken) is refused here. */
export function servedStatus(response: Pick<ResponseRecord, 'status' | 'statusText'>): {
  status: number;
  statusText: string;
} {
  const { status, statusText } = response;
  if (!Number.isInteger(status) || status < 100 || status > 999)
    throw new ServedHeadError(`the recorded status ${String(status)} is not a valid HTTP status`);
  if (!FIELD_VALUE.test(statusText))
    throw new ServedHeadError(`the recorded status text ${oneLine(statusText)} is not valid HTTP`);
  return { status, statusText };
}

/**
 * The recorded headers a replay may send: hop-by-hop headers, the names in `skip` and cookies
 * dropped; every other name and value checked. Names are lower-cased.
 */
export function servedHeaders(
  recorded: Record<string, string>,
  skip: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(recorded)) {
    const name = rawName.toLowerCase();
    if (HOP_HEADERS.has(name) || NEVER_REPLAYED.has(name) || skip.has(name)) continue;
    if (!TOKEN.test(name)) throw new ServedHeadError(`the recorded header name ${oneLine(rawName)} is not valid HTTP`);
    if (typeof value !== 'string' || !FIELD_VALUE.test(value))
      throw new ServedHeadError(`the recorded value of header "${name}" is not valid HTTP (line breaks or NUL)`);
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * True when a Content-Type names a stream Streamscope reads: text/event-stream, an NDJSON type or
 * application/json-seq. None of them is ever rendered as a page, so they are served as recorded.
 */
function isStreamType(contentType: string | undefined): boolean {
  return framingOfContentType(contentType ?? null) !== null;
}

/** The head of a served HTTP response: a stream type (SSE, NDJSON, JSON-seq) kept, anything else plain text. */
export function servedHttpHead(response: Pick<ResponseRecord, 'status' | 'statusText' | 'headers'>): ServedHead {
  const { status, statusText } = servedStatus(response);
  const headers = servedHeaders(response.headers);
  if (!isStreamType(headers['content-type'])) headers['content-type'] = 'text/plain; charset=utf-8';
  headers['x-content-type-options'] = 'nosniff';
  return { status, statusText, headers };
}
