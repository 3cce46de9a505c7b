import { readFileSync } from 'node:fs';
import type { StreamRequest } from '../shared/request';
import { transportOf } from '../shared/request';
import { boolFlag, listFlag, stringFlag, type ParsedArgs } from './args';
import { UsageError } from './errors';

/** The request flags shared by tail, record and check (CONTRACT.md). */
export const REQUEST_OPTIONS = {
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  'last-event-id': { type: 'string' },
  reconnect: { type: 'boolean' },
  'no-reconnect': { type: 'boolean' },
  protocol: { type: 'string', multiple: true },
} as const;

export function parseHeader(raw: string): [string, string] {
  const colon = raw.indexOf(':');
  if (colon <= 0) throw new UsageError(`bad header "${raw}": expected "Name: value"`);
  const name = raw.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`bad header name "${name}"`);
  return [name, raw.slice(colon + 1).trim()];
}

/** Checks the URL the way the CLI promises: one line, exit 2, for anything not http(s)/ws(s). */
export function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a valid URL: "${url}"`);
  }
  if (transportOf(parsed.href) === null) {
    throw new UsageError(`unsupported URL scheme "${parsed.protocol}" (use http, https, ws or wss)`);
  }
}

export function requestFromArgs(url: string, args: ParsedArgs): StreamRequest {
  checkUrl(url);
  const request: StreamRequest = { url };
  const method = stringFlag(args, 'method');
  if (method !== undefined) {
    if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`bad method "${method}"`);
    request.method = method.toUpperCase();
  }
  const headers = listFlag(args, 'header').map(parseHeader);
  if (headers.length) request.headers = headers;
  const data = stringFlag(args, 'data');
  if (data !== undefined) {
    if (data.startsWith('@')) {
      try {
        request.body = readFileSync(data.slice(1), 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${data.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    } else {
      request.body = data;
    }
  }
  const lastEventId = stringFlag(args, 'last-event-id');
  if (lastEventId !== undefined) request.lastEventId = lastEventId;
  if (boolFlag(args, 'reconnect') && boolFlag(args, 'no-reconnect')) {
    throw new UsageError('--reconnect and --no-reconnect contradict each other');
  }
  if (boolFlag(args, 'reconnect')) request.reconnect = true;
  if (boolFlag(args, 'no-reconnect')) request.reconnect = false;
  const protocols = listFlag(args, 'protocol');
  if (protocols.length) request.protocols = protocols;
  // Like curl: a body without an explicit method is a POST (fetch refuses a GET with a body).
  if (request.body !== undefined && method === undefined) request.method = 'POST';
  return request;
}
