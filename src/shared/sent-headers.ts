/**
 * The headers an HTTP stream request goes out with (core/sse/connection.ts): the user's, in their
 * order, then each EventSource default the user did not set. One list for the engine, "Copy as
 * curl", the HAR export and the Timeline, so that what they show is what went on the wire.
 * Besides these, HTTP/1.1 itself adds `Host`, `Connection: keep-alive` and a body's
 * `Content-Length`; credentials in the URL become a Basic `Authorization` unless one was given.
 */
import type { Framing } from './records';
import { transportOf, type StreamRequest } from './request';
import { APP_VERSION } from './version';

/** The Accept header sent unless the request has one: what the chosen format reads. */
const STREAM_ACCEPT: Record<Framing, string> = {
  sse: 'text/event-stream',
  ndjson: 'application/x-ndjson',
  'json-seq': 'application/json-seq',
  raw: '*/*',
};

/**
 * The request's headers as sent. `lastEventId` is the attempt's (the request's own for the first
 * one): when non-empty it replaces any Last-Event-ID the user gave, as the spec sets it. No
 * Content-Type is ever added: a body goes with the one the user gave, or with none.
 */
export function sentHeaders(
  request: Pick<StreamRequest, 'headers' | 'format' | 'lastEventId'>,
  lastEventId = request.lastEventId ?? '',
): Array<[string, string]> {
  const headers = (request.headers ?? []).filter(([name]) => lastEventId === '' || !isNamed(name, 'last-event-id'));
  const has = (name: string) => headers.some(([n]) => isNamed(n, name));
  const defaults: Array<[string, string]> = [
    ['Accept', STREAM_ACCEPT[request.format ?? 'sse']],
    ['Cache-Control', 'no-store'],
    // Chunk records are meant to be the bytes the server sent, and a recording replays them with
    // the recorded headers: no content coding (fetch would decode gzip silently).
    ['Accept-Encoding', 'identity'],
    ['User-Agent', `streamscope/${APP_VERSION}`],
  ];
  const out = [...headers, ...defaults.filter(([name]) => !has(name))];
  if (lastEventId !== '') out.push(['Last-Event-ID', lastEventId]);
  return out;
}

/**
 * True for a request the stream engine sends as it is, so that {@link sentHeaders} is what went
 * out: an http(s) request that is no Socket.IO, GraphQL or MCP session (their engines build their
 * own requests).
 */
export function isPlainHttpRequest(request: Pick<StreamRequest, 'url' | 'socketio' | 'graphql' | 'preset'>): boolean {
  return (
    transportOf(request.url) === 'sse' &&
    request.socketio === undefined &&
    request.graphql === undefined &&
    request.preset === undefined
  );
}

/** The value of a header in a list (case-insensitive name; repeats joined as HTTP joins them), or null. */
export function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | null {
  const values = headers.filter(([n]) => isNamed(n, name)).map(([, v]) => v);
  return values.length === 0 ? null : values.join(', ');
}

function isNamed(name: string, other: string): boolean {
  return name.trim().toLowerCase() === other.toLowerCase();
}
