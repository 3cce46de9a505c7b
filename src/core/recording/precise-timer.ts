/**
 * Timers for replay pacing. setTimeout alone fires 1–2 ms late (more on a busy machine), which
 * would blur the gaps a recording exists to reproduce. So: sleep with setTimeout until shortly
 * before the target, then yield with setImmediate until it is reached. Targets are absolute
 * (performance.now() values), so lateness never accumulates across records.
 */

/** How long before the target setTimeout hands over to setImmediate. */
const SPIN_MS = 4;

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
    else if (remaining > SPIN_MS) timeout = setTimeout(check, remaining - SPIN_MS);
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
