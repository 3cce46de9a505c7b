/**
 * Timers for replay pacing. setTimeout alone fires 1–2 ms late (more on a busy machine), which
 * would blur the gaps a recording exists to reproduce. So: sleep with setTimeout until shortly
 * before the target, then yield with setImmediate until it is reached. Targets are absolute
 * (performance.now() values), so lateness never accumulates across records.
 */

/** How long before the target setTimeout hands over to setImmediate. */
const SPIN_MS = 4;

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

/** Calls `callback` once performance.now() >= target (always asynchronously). Returns a cancel. */
export function scheduleAt(target: number, callback: () => void): () => void {
  let cancelled = false;
  let timeout: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  const check = (): void => {
    timeout = null;
    immediate = null;
    if (cancelled) return;
    const remaining = target - performance.now();
    if (remaining <= 0) callback();
    else if (remaining > SPIN_MS) timeout = setTimeout(check, Math.min(MAX_WAIT_MS, remaining - SPIN_MS));
    else immediate = setImmediate(check);
  };
  immediate = setImmediate(check);
  return () => {
    cancelled = true;
    if (timeout) clearTimeout(timeout);
    if (immediate) clearImmediate(immediate);
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
