/**
 * Wall-clock ms since the epoch with sub-ms precision, taken the moment bytes arrive.
 *
 * The sub-ms part comes from the monotonic clock, anchored to the wall clock. The monotonic clock
 * stops while the computer sleeps and ignores a wall clock that is set (by NTP, by hand, after a
 * virtual machine resumes), while servers stamp `sentAt` with their wall clock: without a new
 * anchor, every latency after a laptop's sleep would be off by the length of the sleep. So the
 * anchor is taken again whenever the two disagree by more than DRIFT_LIMIT_MS, either way: a clock
 * set back is followed too (arrival times then step back once, as the server's stamps do; records
 * keep their order by seq).
 */
const DRIFT_LIMIT_MS = 50;

/**
 * A clock over the given wall and monotonic sources (tests pass their own). `anchor` defaults to
 * the wall clock's reading; the process clock starts from `performance.timeOrigin`, which is not
 * truncated to the millisecond as `Date.now()` is.
 */
export function createClock(
  wallMs: () => number,
  monotonicMs: () => number,
  anchor = wallMs() - monotonicMs(),
): () => number {
  return () => {
    const monotonic = monotonicMs();
    if (Math.abs(wallMs() - (anchor + monotonic)) > DRIFT_LIMIT_MS) anchor = wallMs() - monotonic;
    return anchor + monotonic;
  };
}

export const now: () => number = createClock(
  () => Date.now(),
  () => performance.now(),
  performance.timeOrigin,
);
