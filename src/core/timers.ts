/**
 * The timer functions that pacing code schedules with: Node's own, or a fake clock a test passes
 * (a simulated event loop whose timers can end early or late, as Node's do).
 */
export interface Timers {
  /** Milliseconds on a monotonic clock (performance.now()). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(fn: () => void): unknown;
  clearImmediate(handle: unknown): void;
  /** Blocks this thread for `ms` (fractions too) without spinning or allocating. */
  block(ms: number): void;
}

/** What Atomics.wait sleeps on: it never changes, so every wait runs to its timeout. */
const blocker = new Int32Array(new SharedArrayBuffer(4));

/** Node's timers, looked up at each call (so test runners' fake timers apply too). */
export const nodeTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (fn) => setImmediate(fn),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
  block: (ms) => void Atomics.wait(blocker, 0, 0, ms),
};
