/** Exit codes of docs/cli.md. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: one line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
