/** The message of anything thrown: an Error's own message, anything else as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The message of a failed fetch: undici's own is only "fetch failed" and the useful part
 * ("connect ECONNREFUSED 127.0.0.1:1") is in `cause`, so both are said.
 */
export function networkErrorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (isBlockedPortError(err)) return `${err.message}: ${BLOCKED_PORT}`;
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const detail = cause.message || (typeof code === 'string' ? code : '');
    return detail ? `${err.message}: ${detail}` : err.message;
  }
  return err.message;
}

/**
 * What fetch says, before connecting, to a URL on a port the Fetch standard blocks (1, 6000,
 * 6665–6669, 10080...: https://fetch.spec.whatwg.org/#port-blocking). Node's fetch refuses them as
 * browsers do, so no attempt can ever succeed: reconnecting would loop on the same refusal.
 */
export function isBlockedPortError(err: unknown): boolean {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  return cause instanceof Error && cause.message === 'bad port';
}

const BLOCKED_PORT =
  "bad port: the URL's port is one the Fetch standard blocks, and browsers refuse it too; serve the stream on another port";
