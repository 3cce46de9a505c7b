/**
 * The arrival clock follows the wall clock when it jumps ahead (a laptop that slept, a clock set by
 * NTP or after a virtual machine resumed) or is set back, so latencies against a server's `sentAt`
 * stay right.
 */
import { describe, expect, it } from 'vitest';
import { createClock, now } from '../../src/core/clock';

describe('the arrival clock', () => {
  it('agrees with Date.now() to the millisecond, with a sub-millisecond part', () => {
    const samples = Array.from({ length: 1000 }, () => now());
    expect(Math.abs(now() - Date.now())).toBeLessThan(2);
    expect(samples.some((t) => !Number.isInteger(t))).toBe(true);
    for (let i = 1; i < samples.length; i++) expect(samples[i]!).toBeGreaterThanOrEqual(samples[i - 1]!);
  });

  it('follows a wall clock that jumps 5 s ahead while the monotonic clock did not count it', () => {
    let wall = 1_700_000_000_000;
    let monotonic = 1_000.25;
    const clock = createClock(
      () => wall,
      () => monotonic,
    );
    expect(clock()).toBe(wall);
    wall += 10;
    monotonic += 10;
    expect(clock()).toBe(wall);
    // Asleep for 5 s: the wall clock moved, the monotonic one did not.
    wall += 5_000;
    expect(clock()).toBe(wall);
    wall += 1;
    monotonic += 1.5;
    expect(clock()).toBeCloseTo(wall + 0.5, 6);
  });

  it('follows a wall clock set back by a minute, as the servers stamping sentAt do', () => {
    let wall = 1_700_000_000_000;
    let monotonic = 500;
    const clock = createClock(
      () => wall,
      () => monotonic,
    );
    expect(clock()).toBe(wall);
    wall -= 60_000;
    monotonic += 1;
    wall += 1;
    expect(clock()).toBe(wall);
  });
});
