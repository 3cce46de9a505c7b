/**
 * Recordings get shared (attached to bug reports, handed to frontend developers), so credentials
 * (secret headers, `user:password@` in URLs, key/token-like query parameters) are replaced by
 * "[redacted]" unless the user opts in to keeping them.
 */
import { REDACTED } from './recording-format';
import type { StreamRequest } from './request';

/** Header names whose values are secrets, lower-cased. */
const SECRET_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'set-cookie2',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'anthropic-api-key',
  'openai-api-key',
]);

/** True for a header name that carries a credential (case-insensitive). */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  // Catch vendor spellings like "X-My-Api-Key" or "X-Service-Token" too.
  return SECRET_NAMES.has(n) || /(^|-)(api-?key|secret|token|password)$/.test(n);
}

/** True for a query parameter name that carries a credential (`api_key`, `token`, `client_secret`...). */
export function isSecretParam(name: string): boolean {
  return /(^|[-_.])(key|secret|token|password|passwd|pwd|auth|signature|sig|credentials?)$/i.test(
    name.replace(/([a-z])([A-Z])/g, '$1_$2'),
  );
}

function decodeQueryName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * A URL with its credentials replaced: `user:password@` becomes `[redacted]@` and the values of
 * key/token/secret/password-like query parameters become `[redacted]`. Everything else (even
 * the spelling of the rest of the query) stays as it was; text that is not a URL is returned as is.
 * `keep` spares a credential (the raw userinfo or parameter value), e.g. a `{{variable}}` reference.
 */
export function redactUrl(url: string, keep: (raw: string) => boolean = () => false): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url;
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const host = at === -1 || keep(authority.slice(0, at)) ? authority : `${REDACTED}@${authority.slice(at + 1)}`;
  return scheme + host + redactTarget(rest, keep);
}

/** A path with its query and fragment (`/v1/x?api_key=…#top`) with secret query values replaced. */
function redactTarget(rest: string, keep: (raw: string) => boolean = () => false): string {
  const q = rest.indexOf('?');
  if (q === -1) return rest;
  const hash = rest.indexOf('#', q);
  const query = rest.slice(q + 1, hash === -1 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1 || !isSecretParam(decodeQueryName(pair.slice(0, eq))) || keep(pair.slice(eq + 1))) return pair;
      return `${pair.slice(0, eq + 1)}${REDACTED}`;
    })
    .join('&');
  return `${rest.slice(0, q + 1)}${redacted}${hash === -1 ? '' : rest.slice(hash)}`;
}

/** Text (a state or error message) with every URL, or bare request target, in it redacted by {@link redactUrl}. */
export function redactUrlsInText(text: string): string {
  return (
    text
      .replace(/\b(?:https?|wss?):\/\/[^\s"'<>]+/gi, (url) => redactUrl(url))
      // A request target on its own ("GET /v1/x?api_key=…", as the proxy names each request it
      // forwards) carries the same query, so its secrets go too.
      .replace(
        /(^|\s)(\/[^\s"'<>?#]*\?[^\s"'<>]*)/g,
        (_m, before: string, target: string) => before + redactTarget(target),
      )
  );
}

/**
 * A Socket.IO auth payload with every value replaced, its keys kept: the payload exists to carry
 * credentials, so no value in it is taken for harmless.
 */
export function redactSocketIoAuth(auth: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.keys(auth).map((key) => [key, REDACTED]));
}

/** The request with secret header values, URL credentials and a Socket.IO auth payload replaced. */
export function redactRequest(request: StreamRequest): StreamRequest {
  const out: StreamRequest = { ...request, url: redactUrl(request.url) };
  if (request.headers)
    out.headers = request.headers.map(([n, v]) => [n, isSecretHeader(n) ? REDACTED : v] as [string, string]);
  if (request.socketio?.auth !== undefined)
    out.socketio = { ...request.socketio, auth: redactSocketIoAuth(request.socketio.auth) };
  return out;
}

/** A stored record with URL credentials replaced (response URL, state and error messages). */
export function redactRecordUrls<R extends { kind: string }>(record: R): R {
  const r = record as unknown as Record<string, unknown>;
  if (record.kind === 'response' && typeof r.url === 'string') return { ...record, url: redactUrl(r.url) };
  if ((record.kind === 'state' || record.kind === 'error') && typeof r.message === 'string') {
    const message = redactUrlsInText(r.message);
    return message === r.message ? record : { ...record, message };
  }
  return record;
}

/**
 * The request with every occurrence of the given values (secret variables the user substituted
 * into it) replaced, in the URL, header values and body, whatever their names.
 */
export function hideValues(request: StreamRequest, values: readonly string[]): StreamRequest {
  if (values.length === 0) return request;
  const out: StreamRequest = { ...request, url: hideValuesInText(request.url, values) };
  if (request.headers)
    out.headers = request.headers.map(([n, v]) => [n, hideValuesInText(v, values)] as [string, string]);
  if (request.body !== undefined) out.body = hideValuesInText(request.body, values);
  return out;
}

/** Text with every occurrence of the given values replaced (longest first, so none leaks in part). */
export function hideValuesInText(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of [...values].sort((a, b) => b.length - a.length)) if (v !== '') out = out.split(v).join(REDACTED);
  return out;
}

/** A record with the given values hidden where a request's values echo: response URL, state and error messages. */
export function hideValuesInRecord<R extends { kind: string }>(record: R, values: readonly string[]): R {
  if (values.length === 0) return record;
  const r = record as unknown as Record<string, unknown>;
  if (record.kind === 'response' && typeof r.url === 'string')
    return { ...record, url: hideValuesInText(r.url, values) };
  if ((record.kind === 'state' || record.kind === 'error') && typeof r.message === 'string')
    return { ...record, message: hideValuesInText(r.message, values) };
  return record;
}

/** Response headers (lower-cased names) with secret values replaced. */
export function redactResponseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, isSecretHeader(n) ? REDACTED : v]));
}
