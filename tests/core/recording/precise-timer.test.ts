/**
 * The replay pacing timer against a fake clock (tests/support/fake-loop.ts): no real waiting, each
 * test runs in microseconds.
 */
import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS, WAKE_EARLY_MS, nextWait, scheduleAt } from '../../../src/core/recording/precise-timer';
import { fakeLoop, type FakeLoop } from '../../support/fake-loop';

/** Schedules `target` ms from now on `loop` and returns when the callback ran. */
function fireTime(loop: FakeLoop, inMs: number): number {
  let firedAt = -1;
  scheduleAt(loop.now + inMs, () => (firedAt = loop.now), loop.timers);
  loop.run();
  return firedAt;
}

describe('nextWait', () => {
  it('sleeps whole milliseconds ending about WAKE_EARLY_MS before the target, then takes turns', () => {
    expect(nextWait(0)).toEqual({ kind: 'due' });
    expect(nextWait(-3)).toEqual({ kind: 'due' });
    expect(nextWait(0.4)).toEqual({ kind: 'turn' });
    expect(nextWait(WAKE_EARLY_MS + 0.99)).toEqual({ kind: 'turn' });
    expect(nextWait(WAKE_EARLY_MS + 1)).toEqual({ kind: 'timeout', ms: 1 });
    expect(nextWait(10.7)).toEqual({ kind: 'timeout', ms: Math.floor(10.7 - WAKE_EARLY_MS) });
    expect(nextWait(1e15)).toEqual({ kind: 'timeout', ms: MAX_WAIT_MS });
  });
});

describe('scheduleAt', () => {
  it('wakes from one setTimeout shortly before the target and turns the loop only for the rest', () => {
    const loop = fakeLoop({ turnMs: 0.01 });
    const start = loop.now;
    const fired = fireTime(loop, 25.3);
    expect(fired).toBeGreaterThanOrEqual(start + 25.3);
    expect(fired).toBeLessThan(start + 25.3 + 0.011);
    expect(loop.timeouts).toEqual([24]);
    // The loop was turned for about 1.3 ms (WAKE_EARLY_MS plus the rounding), not the 4 ms it used to.
    expect(loop.turns * 0.01).toBeLessThanOrEqual(WAKE_EARLY_MS + 1 + 0.02);
  });

  it('never fires before its target, and turns the loop for at most ~2 ms, however setTimeout rounds', () => {
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
      expect(fired - target).toBeLessThan(0.0051);
      expect(loop.turns * 0.005).toBeLessThan(WAKE_EARLY_MS + 1.01);
    }
  });

  it('a setTimeout that ends early is followed by another, not by milliseconds of turns', () => {
    // Early by a whole millisecond (the loop's cached clock was that stale) down to 1 ms timers.
    const loop = fakeLoop({ turnMs: 0.01, timeoutError: (ms) => (ms >= 2 ? -1 : 0) });
    const start = loop.now;
    const fired = fireTime(loop, 12);
    expect(fired).toBeGreaterThanOrEqual(start + 12);
    expect(loop.timeouts.length).toBeGreaterThan(1);
    expect(loop.turns * 0.01).toBeLessThanOrEqual(WAKE_EARLY_MS + 1 + 0.02);
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

  it('cancel stops a pending wait in either phase', () => {
    for (const cancelAfter of [1, 3]) {
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
