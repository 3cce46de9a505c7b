/**
 * A simulated event loop for timing logic: a setTimeout ends when asked give or take a chosen
 * error (Node rounds to whole milliseconds from a cached clock, and a busy machine wakes it late),
 * each setImmediate turn costs a fixed slice of time, a block moves the clock by exactly its length,
 * and nothing really waits.
 */
import type { Timers } from '../../src/core/timers';

export interface FakeLoop {
  timers: Timers;
  /** Runs pending callbacks in time order until none is left (or `limit` ran). */
  run(limit?: number): void;
  /** Runs what is due up to time `t`, then moves the clock to `t`. */
  runUntil(t: number): void;
  readonly now: number;
  /** Delays passed to setTimeout, and how many setImmediate turns ran. */
  readonly timeouts: number[];
  readonly turns: number;
  /** The blocks asked for, in ms. */
  readonly blocks: number[];
}

/** `timeoutError(ms)`: how much later (negative: earlier) than asked a setTimeout ends. */
export function fakeLoop(
  opts: { start?: number; turnMs?: number; timeoutError?: (ms: number) => number } = {},
): FakeLoop {
  const turnMs = opts.turnMs ?? 0.01;
  let now = opts.start ?? 1000;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void; kind: 'timeout' | 'immediate' }>();
  const timeouts: number[] = [];
  let turns = 0;
  const blocks: number[] = [];
  const timers: Timers = {
    now: () => now,
    setTimeout(fn, ms) {
      timeouts.push(ms);
      const id = nextId++;
      // Node runs a delay under 1 ms as 1 ms.
      const asked = ms >= 1 ? ms : 1;
      pending.set(id, { at: Math.max(now, now + asked + (opts.timeoutError?.(asked) ?? 0)), fn, kind: 'timeout' });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
    setImmediate(fn) {
      const id = nextId++;
      pending.set(id, { at: now + turnMs, fn, kind: 'immediate' });
      return id;
    },
    clearImmediate: (id) => void pending.delete(id as number),
    block(ms) {
      blocks.push(ms);
      now += ms;
    },
  };
  return {
    timers,
    run(limit = 1_000_000) {
      for (let i = 0; i < limit && pending.size > 0; i++) {
        let first: [number, { at: number; fn: () => void; kind: string }] | null = null;
        for (const entry of pending) if (!first || entry[1].at < first[1].at) first = entry;
        const [id, next] = first!;
        pending.delete(id);
        now = Math.max(now, next.at);
        if (next.kind === 'immediate') turns++;
        next.fn();
      }
    },
    runUntil(t) {
      for (;;) {
        let first: [number, { at: number; fn: () => void; kind: string }] | null = null;
        for (const entry of pending) if (!first || entry[1].at < first[1].at) first = entry;
        if (!first || first[1].at > t) break;
        const [id, next] = first;
        pending.delete(id);
        now = Math.max(now, next.at);
        if (next.kind === 'immediate') turns++;
        next.fn();
      }
      now = Math.max(now, t);
    },
    get now() {
      return now;
    },
    timeouts,
    blocks,
    get turns() {
      return turns;
    },
  };
}
