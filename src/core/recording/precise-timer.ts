/**
 * Timers for replay pacing. setTimeout alone fires up to ~1 ms early or late (it counts whole
 * milliseconds from the event loop's cached time) and later still on a busy machine, which would
 * blur the gaps a recording exists to reproduce. So: sleep with setTimeout until 1–2 ms before the
 * target, then yield with setImmediate until it is reached. Targets are absolute
 * (performance.now() values), so lateness never accumulates across records.
 *
 * The setImmediate stretch is kept short on purpose: every turn of it allocates, and a longer one
 * (it was 4 ms) made the process collect garbage about twice as often, mostly while waiting on a
 * target, where a collection's pause lands on the write it delays. It also holds a core busy.
 */
import { nodeTimers, type Timers } from '../timers';

/** How long before the target setTimeout is asked to wake: covers its ±1 ms rounding. */
export const WAKE_EARLY_MS = 1;

/**
 * setTimeout's longest wait (2^31-1 ms, 24.8 days). Node turns anything longer into 1 ms with a
 * TimeoutOverflowWarning, so an unclamped long wait becomes a loop printing ~1000 warnings a second.
 */
export const MAX_WAIT_MS = 2 ** 31 - 1;

/**
 * Pacing offsets (ms after `t0`) for times in recorded order: never decreasing, and each gap at
 * most {@link MAX_WAIT_MS}. `shortened` counts the gaps that were cut down to it. A pacer can
 * resume another's run: `startOffset` is that pacer's last offset and `t0` its latest time.
 */
export function createPacer(
  t0: number,
  startOffset = 0,
): { offset(t: number): number; readonly shortened: number; readonly latestT: number } {
  let lastT = t0;
  let lastOffset = startOffset;
  let shortened = 0;
  return {
    offset(t) {
      const gap = t - lastT;
      if (gap > MAX_WAIT_MS) shortened++;
      lastOffset += Math.min(MAX_WAIT_MS, Math.max(0, gap));
      lastT = Math.max(lastT, t);
      return lastOffset;
    },
    get shortened() {
      return shortened;
    },
    get latestT() {
      return lastT;
    },
  };
}

/** The warning of a recording with over-long gaps; `where` says which (a count, a line). */
export function shortenedGapsWarning(where: string): string {
  return `recorded gaps longer than ${MAX_WAIT_MS} ms (24.8 days) are shortened to that when replayed (${where})`;
}

/** The warning a recording whose records have these times gets, or null. */
export function longGapWarning(times: Iterable<number>): string | null {
  let pacer: ReturnType<typeof createPacer> | null = null;
  for (const t of times) {
    pacer ??= createPacer(t);
    pacer.offset(t);
  }
  if (!pacer || pacer.shortened === 0) return null;
  return shortenedGapsWarning(`${pacer.shortened} gap${pacer.shortened === 1 ? '' : 's'}`);
}

/**
 * What to do with `remaining` ms left: a whole-millisecond setTimeout that ends about
 * {@link WAKE_EARLY_MS} before the target, one more turn of the event loop, or nothing (due).
 */
export function nextWait(remaining: number): { kind: 'timeout'; ms: number } | { kind: 'turn' } | { kind: 'due' } {
  if (remaining <= 0) return { kind: 'due' };
  // Below this a setTimeout would be 1 ms at least and could end past the target.
  if (remaining < WAKE_EARLY_MS + 1) return { kind: 'turn' };
  return { kind: 'timeout', ms: Math.min(MAX_WAIT_MS, Math.floor(remaining - WAKE_EARLY_MS)) };
}

/** Calls `callback` once now() >= target (always asynchronously). Returns a cancel. */
export function scheduleAt(target: number, callback: () => void, timers: Timers = nodeTimers): () => void {
  let cancelled = false;
  let timeout: unknown = null;
  let immediate: unknown = null;
  const check = (): void => {
    timeout = null;
    immediate = null;
    if (cancelled) return;
    const next = nextWait(target - timers.now());
    if (next.kind === 'due') callback();
    else if (next.kind === 'timeout') timeout = timers.setTimeout(check, next.ms);
    else immediate = timers.setImmediate(check);
  };
  immediate = timers.setImmediate(check);
  return () => {
    cancelled = true;
    if (timeout !== null) timers.clearTimeout(timeout);
    if (immediate !== null) timers.clearImmediate(immediate);
  };
}

/** Resolves once performance.now() >= target, or at once when `signal` is aborted. */
export function sleepUntil(target: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = scheduleAt(target, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
