/**
 * The batcher's window against a simulated event loop (tests/support/fake-loop.ts) whose
 * setTimeout ends early or late the way Node's does: when a batch goes out, not how it is built.
 */
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../../src/core/session/batcher';
import { createSession, type Session } from '../../../src/core/session/session';
import type { Batch } from '../../../src/shared/api';
import { fakeLoop, type FakeLoop } from '../../support/fake-loop';

function setup(loop: FakeLoop) {
  const sessions: Session[] = [];
  const batcher = createBatcher({ sessions: () => sessions, delayMs: 16, timers: loop.timers });
  const session = createSession({
    id: 's1',
    transport: 'sse',
    source: 'live',
    title: 't',
    request: { url: 'http://127.0.0.1/' },
    diagnostics: false,
    onChange: () => batcher.schedule(),
  });
  sessions.push(session);
  const flushes: Array<{ at: number; batch: Batch }> = [];
  batcher.subscribe((batch) => flushes.push({ at: loop.now, batch }));
  loop.run();
  flushes.length = 0;
  return { batcher, session, flushes };
}

/** One comment a millisecond for `ms`, each `sink` at its own time: a steady 1k records/s. */
function steadyStream(loop: FakeLoop, session: Session, ms: number): Map<string, number> {
  const sentAt = new Map<string, number>();
  const start = loop.now;
  for (let i = 0; i < ms; i++) {
    loop.runUntil(start + i);
    sentAt.set(`c${i}`, loop.now);
    session.sink({ kind: 'comment', t: Date.now(), connection: 1, text: `c${i}` });
  }
  loop.runUntil(start + ms + 50);
  return sentAt;
}

describe('batcher timing', () => {
  it('under a steady stream a batch leaves when its window ends, even when setTimeout ends early', () => {
    // Node's timers end up to ~1 ms early (cached clock) or a little late (the 1 ms ones).
    const loop = fakeLoop({ turnMs: 0.01, timeoutError: (ms) => (ms >= 2 ? -0.6 : 0.3) });
    const { batcher, session, flushes } = setup(loop);
    const sentAt = steadyStream(loop, session, 400);
    batcher.close();
    expect(flushes.length).toBeGreaterThan(20);
    const gaps = flushes.slice(1).map((f, i) => f.at - flushes[i]!.at);
    // Never more often than the window; never a millisecond or two late for another timer.
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(16);
      expect(gap).toBeLessThan(16.1);
    }
    // So no record waits in the back end longer than the window (plus a turn of the loop).
    let longest = 0;
    for (const { at, batch } of flushes)
      for (const r of batch.records) if (r.kind === 'comment') longest = Math.max(longest, at - sentAt.get(r.text)!);
    expect(longest).toBeLessThan(16.1);
  });

  it('the first record after a quiet period leaves on the next turn, not after a window', () => {
    const loop = fakeLoop({ turnMs: 0.01, timeoutError: (ms) => (ms >= 2 ? -0.6 : 0.3) });
    const { batcher, session, flushes } = setup(loop);
    loop.runUntil(loop.now + 100);
    const t0 = loop.now;
    session.sink({ kind: 'comment', t: Date.now(), connection: 1, text: 'after a pause' });
    loop.runUntil(t0 + 1);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]!.at - t0).toBeLessThan(0.05);
    batcher.close();
  });
});
