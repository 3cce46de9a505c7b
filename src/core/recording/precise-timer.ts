/**
 * Timers for replay pacing. setTimeout alone fires up to ~1 ms early or late (it counts whole
 * milliseconds from the event loop's cached time) and later still on a busy machine, which would
 * blur the gaps a recording exists to reproduce. So: sleep with setTimeout until 1–2 ms before the
 * target, then block the thread (Atomics.wait) for exactly what is left. Targets are absolute
 * (performance.now() values), so lateness never accumulates across records.
 *
 * The last stretch used to be setImmediate turns: each turn allocated, so a replay made the process
 * collect garbage every few dozen chunks (~15 scavenges per 300 chunks, against ~1 without), and a
 * collection that runs while a chunk is due delays its write by its whole pause; the turns also
 * kept a core busy. A blocked thread allocates nothing and uses no CPU; nothing else runs on it for
 * those 1–2 ms, so a wait never blocks past another caller's earlier target: it serves that one.
 */
import { nodeTimers, type Timers } from '../timers';

/** How long before the target setTimeout is asked to wake: covers its ±1 ms rounding. */
export const WAKE_EARLY_MS = 1;

/** The most time left that is waited out by blocking (WAKE_EARLY_MS plus setTimeout's rounding). */
export const BLOCK_MAX_MS = WAKE_EARLY_MS + 1;

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
 * {@link WAKE_EARLY_MS} before the target, a block for the rest, or nothing (due).
 */
export function nextWait(
  remaining: number,
): { kind: 'timeout'; ms: number } | { kind: 'block'; ms: number } | { kind: 'due' } {
  if (remaining <= 0) return { kind: 'due' };
  // Below this a setTimeout would be 1 ms at least and could end past the target.
  if (remaining <= BLOCK_MAX_MS) return { kind: 'block', ms: remaining };
  return { kind: 'timeout', ms: Math.min(MAX_WAIT_MS, Math.floor(remaining - WAKE_EARLY_MS)) };
}

interface Wait {
  target: number;
  callback: () => void;
  /** The pending setTimeout or setImmediate, if any. */
  handle: unknown;
  immediate: boolean;
}

/** The waits pending on each set of timers: a block must not run past any of their targets. */
const pendingWaits = new WeakMap<Timers, Set<Wait>>();

/** Calls `callback` once now() >= target (always asynchronously). Returns a cancel. */
export function scheduleAt(target: number, callback: () => void, timers: Timers = nodeTimers): () => void {
  let pending = pendingWaits.get(timers);
  if (!pending) pendingWaits.set(timers, (pending = new Set()));
  const waits = pending;
  const wait: Wait = { target, callback, handle: null, immediate: true };
  const disarm = (w: Wait): void => {
    if (w.handle === null) return;
    if (w.immediate) timers.clearImmediate(w.handle);
    else timers.clearTimeout(w.handle);
    w.handle = null;
  };
  const fire = (w: Wait): void => {
    disarm(w);
    waits.delete(w);
    w.callback();
  };
  const check = (): void => {
    wait.handle = null;
    if (!waits.has(wait)) return;
    const next = nextWait(target - timers.now());
    if (next.kind === 'timeout') {
      wait.immediate = false;
      wait.handle = timers.setTimeout(check, next.ms);
      return;
    }
    if (next.kind === 'due') return fire(wait);
    // Block until the earliest pending target and serve that wait: if it is another caller's,
    // this one goes on at the next turn.
    let first = wait;
    for (const w of waits) if (w.target < first.target) first = w;
    timers.block(Math.max(0, first.target - timers.now()));
    // A clock that did not move with the block (a test's fake clock) goes on with turns.
    if (timers.now() >= first.target) fire(first);
    if (waits.has(wait)) {
      wait.immediate = true;
      wait.handle = timers.setImmediate(check);
    }
  };
  waits.add(wait);
  wait.handle = timers.setImmediate(check);
  return () => {
    disarm(wait);
    waits.delete(wait);
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
