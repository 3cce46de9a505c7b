/**
 * The replay pacing timer against a fake clock (tests/support/fake-loop.ts): no real waiting, each
 * test runs in microseconds.
 */
import { describe, expect, it } from 'vitest';
import {
  BLOCK_MAX_MS,
  MAX_WAIT_MS,
  WAKE_EARLY_MS,
  nextWait,
  scheduleAt,
} from '../../../src/core/recording/precise-timer';
import { nodeTimers } from '../../../src/core/timers';
import { fakeLoop, type FakeLoop } from '../../support/fake-loop';

/** Schedules `target` ms from now on `loop` and returns when the callback ran. */
function fireTime(loop: FakeLoop, inMs: number): number {
  let firedAt = -1;
  scheduleAt(loop.now + inMs, () => (firedAt = loop.now), loop.timers);
  loop.run();
  return firedAt;
}

describe('nextWait', () => {
  it('sleeps whole milliseconds ending about WAKE_EARLY_MS before the target, then blocks for the rest', () => {
    expect(nextWait(0)).toEqual({ kind: 'due' });
    expect(nextWait(-3)).toEqual({ kind: 'due' });
    expect(nextWait(0.4)).toEqual({ kind: 'block', ms: 0.4 });
    expect(nextWait(BLOCK_MAX_MS)).toEqual({ kind: 'block', ms: BLOCK_MAX_MS });
    expect(nextWait(BLOCK_MAX_MS + 0.01)).toEqual({ kind: 'timeout', ms: 1 });
    expect(nextWait(10.7)).toEqual({ kind: 'timeout', ms: Math.floor(10.7 - WAKE_EARLY_MS) });
    expect(nextWait(1e15)).toEqual({ kind: 'timeout', ms: MAX_WAIT_MS });
  });
});

describe('scheduleAt', () => {
  it('wakes from one setTimeout shortly before the target and blocks exactly for the rest, without turns', () => {
    const loop = fakeLoop({ turnMs: 0.01 });
    const start = loop.now;
    const fired = fireTime(loop, 25.3);
    expect(fired).toBeCloseTo(start + 25.3, 9);
    expect(loop.timeouts).toEqual([24]);
    expect(loop.blocks).toHaveLength(1);
    expect(loop.blocks[0]).toBeLessThanOrEqual(BLOCK_MAX_MS);
    // One turn to start (a callback is never synchronous); the last stretch turned the loop (and
    // allocated an Immediate per turn) ~130 times before.
    expect(loop.turns).toBe(1);
  });

  it('never fires before its target, and blocks for at most BLOCK_MAX_MS, however setTimeout rounds', () => {
    let seed = 7;
    const random = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 100; i++) {
      // Node's timers end up to ~1 ms early (cached clock, whole ms) or late (the wake-up).
      const loop = fakeLoop({ turnMs: 0.005, timeoutError: () => random() * 1.9 - 1 });
      const inMs = 2 + random() * 28;
      const target = loop.now + inMs;
      const fired = fireTime(loop, inMs);
      expect(fired).toBeGreaterThanOrEqual(target);
      // Late only when a setTimeout itself ended past the target (it may end 0.9 ms late here).
      expect(fired - target).toBeLessThan(0.9);
      if (loop.blocks.length > 0) expect(fired).toBeCloseTo(target, 9);
      for (const ms of loop.blocks) expect(ms).toBeLessThanOrEqual(BLOCK_MAX_MS);
      expect(loop.turns).toBe(1);
    }
  });

  it('a setTimeout that ends early is followed by another, not by a long block', () => {
    // Early by a whole millisecond (the loop's cached clock was that stale) down to 1 ms timers.
    const loop = fakeLoop({ turnMs: 0.01, timeoutError: (ms) => (ms >= 2 ? -1 : 0) });
    const start = loop.now;
    const fired = fireTime(loop, 12);
    expect(fired).toBeCloseTo(start + 12, 9);
    expect(loop.timeouts.length).toBeGreaterThan(1);
    expect(loop.blocks.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(BLOCK_MAX_MS);
  });

  it('a block never runs past another wait that is due first: it serves that one, then its own', () => {
    // Both sleeps end together, the later target's first: it must not block through the earlier.
    const loop = fakeLoop({ turnMs: 0.01 });
    const later = loop.now + 10.9;
    const earlier = loop.now + 10.2;
    const fired: Array<[string, number]> = [];
    scheduleAt(later, () => fired.push(['later', loop.now]), loop.timers);
    scheduleAt(earlier, () => fired.push(['earlier', loop.now]), loop.timers);
    loop.run();
    expect(fired.map(([name]) => name)).toEqual(['earlier', 'later']);
    expect(fired[0]![1]).toBeCloseTo(earlier, 9);
    expect(fired[1]![1]).toBeCloseTo(later, 9);
  });

  it('a cancelled wait is neither fired nor waited for by another wait', () => {
    const loop = fakeLoop({ turnMs: 0.01 });
    const start = loop.now;
    let cancelledFired = false;
    let firedAt = -1;
    const cancel = scheduleAt(start + 10.2, () => (cancelledFired = true), loop.timers);
    scheduleAt(start + 10.9, () => (firedAt = loop.now), loop.timers);
    loop.run(2);
    cancel();
    loop.run();
    expect(cancelledFired).toBe(false);
    expect(firedAt).toBeCloseTo(start + 10.9, 9);
    expect(loop.blocks).toHaveLength(1);
  });

  it('a wake-up past the target runs the callback at once', () => {
    const loop = fakeLoop({ turnMs: 0.01, timeoutError: () => 5 });
    const start = loop.now;
    const fired = fireTime(loop, 20);
    // One sleep (after the first turn), which ended 5 ms late, past the target: no further wait.
    expect(loop.timeouts).toHaveLength(1);
    expect(fired).toBeGreaterThan(start + 20);
    expect(fired).toBeCloseTo(start + 0.01 + loop.timeouts[0]! + 5, 5);
  });

  it('a target already reached still calls back asynchronously, after one turn', () => {
    const loop = fakeLoop();
    let fired = false;
    scheduleAt(loop.now - 5, () => (fired = true), loop.timers);
    expect(fired).toBe(false);
    loop.run();
    expect(fired).toBe(true);
    expect(loop.timeouts).toEqual([]);
  });

  it('cancel stops a pending wait before its first turn or while it sleeps', () => {
    for (const cancelAfter of [0, 1]) {
      const loop = fakeLoop({ turnMs: 0.5 });
      let fired = false;
      const cancel = scheduleAt(loop.now + 10, () => (fired = true), loop.timers);
      loop.run(cancelAfter);
      cancel();
      loop.run();
      expect(fired).toBe(false);
    }
  });
});

describe("Node's block", () => {
  it('waits at least the time asked, fractions included', () => {
    for (const ms of [0.3, 1.7]) {
      const before = performance.now();
      nodeTimers.block(ms);
      expect(performance.now() - before).toBeGreaterThanOrEqual(ms);
    }
  });
});
