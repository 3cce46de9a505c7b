/**
 * Recordings get shared (attached to bug reports, handed to frontend developers), so credentials
 * are replaced by "[redacted]" unless the user opts in to keeping them.
 */
import { REDACTED } from '../../shared/recording-format';
import type { StreamRequest } from '../../shared/request';

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

/** The request with secret header values replaced. */
export function redactRequest(request: StreamRequest): StreamRequest {
  if (!request.headers) return { ...request };
  return {
    ...request,
    headers: request.headers.map(([n, v]) => [n, isSecretHeader(n) ? REDACTED : v] as [string, string]),
  };
}

/** Response headers (lower-cased names) with secret values replaced. */
export function redactResponseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([n, v]) => [n, isSecretHeader(n) ? REDACTED : v]));
}
