/** When to try again after a WebSocket connection is lost (auto-reconnect only). */
export interface BackoffPolicy {
  /** Delay before the first retry. Default 1000 ms. */
  initialMs: number;
  /** The delay doubles per failed attempt up to this cap. Default 30000 ms. */
  maxMs: number;
  /**
   * Each delay is moved by up to this fraction either way (0.2 = ±20 %), so many clients cut off
   * by one server restart do not all come back in the same millisecond. Default 0.2.
   */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };

/**
 * The delay before retry number `attempt` (1 = the first retry): initialMs · 2^(attempt−1),
 * capped at maxMs, then jittered, and never above maxMs. `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const jittered = base * (1 + policy.jitter * (2 * random() - 1));
  return Math.round(Math.max(0, Math.min(policy.maxMs, jittered)));
}
