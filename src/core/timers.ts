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
}

/** Node's timers, looked up at each call (so test runners' fake timers apply too). */
export const nodeTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (fn) => setImmediate(fn),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
};
