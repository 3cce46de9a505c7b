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
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const detail = cause.message || (typeof code === 'string' ? code : '');
    return detail ? `${err.message}: ${detail}` : err.message;
  }
  return err.message;
}
