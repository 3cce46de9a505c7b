/**
 * How the page takes in batches: records already held are not taken twice (a reconnected or
 * reloaded page is sent the back end's history again), seqs that never came are counted as
 * skipped, a cleared or rebuilt session (clearedSeq moved) drops what the page holds, and the
 * page's buffer is sized like the back end's. held + skipped + evicted always equals arrived.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Batch, SessionInfo } from '../../src/shared/api';
import type { StreamRecord } from '../../src/shared/records';
import {
  FRAME_WAIT_MS,
  HEAVY_PUBLISH_RECORDS,
  PUBLISH_INTERVAL_MS,
  getRecords,
  ingestBatch,
  recordLoss,
  useSessions,
} from '../../src/renderer/stores/sessions';
import { sessionInfo as info } from '../support/session-info';

const comment = (sessionId: string, seq: number): StreamRecord => ({
  kind: 'comment',
  sessionId,
  seq,
  t: 1000 + seq,
  connection: 1,
  text: String(seq),
});

function batch(records: StreamRecord[], sessions: SessionInfo[] = []): Batch {
  return { records, sessions, skipped: [] };
}

const seqsOf = (id: string) => {
  const ring = getRecords(id);
  return Array.from({ length: ring.length }, (_, i) => ring.get(i)!.seq);
};
const loss = (id: string) => recordLoss(id, useSessions.getState().skipped[id] ?? 0);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Store updates that changed session `id`'s version, counted from now. */
function countUpdates(id: string): { readonly count: number; stop(): void } {
  let count = 0;
  let last = useSessions.getState().versions[id];
  const stop = useSessions.subscribe((s) => {
    if (s.versions[id] !== last) count++;
    last = s.versions[id];
  });
  return {
    get count() {
      return count;
    },
    stop,
  };
}

describe('ingesting batches', () => {
  it('takes each record once when history is sent again after a reconnect', () => {
    ingestBatch(
      batch(
        range(0, 5).map((n) => comment('a', n)),
        [info('a')],
      ),
    );
    // The host socket dropped and came back: the back end sends everything it holds again.
    ingestBatch(
      batch(
        range(0, 8).map((n) => comment('a', n)),
        [info('a')],
      ),
    );
    expect(seqsOf('a')).toEqual(range(0, 8));
    expect(loss('a')).toEqual({ held: 8, skipped: 0, evicted: 0, arrived: 8 });
  });

  it('counts seqs that never arrived as skipped, including history the back end no longer held', () => {
    // A page that loads late: the back end's ring starts at 40 (records 0–39 were overwritten).
    ingestBatch(
      batch(
        range(40, 50).map((n) => comment('b', n)),
        [info('b')],
      ),
    );
    // The page fell behind: 50–59 were overwritten before they could be sent.
    ingestBatch(batch(range(60, 65).map((n) => comment('b', n))));
    expect(loss('b')).toEqual({ held: 15, skipped: 50, evicted: 0, arrived: 65 });
  });

  it('drops what it holds when the back end cleared or rebuilt the session', () => {
    ingestBatch(
      batch(
        range(0, 10).map((n) => comment('c', n)),
        [info('c')],
      ),
    );
    ingestBatch(
      batch(
        range(12, 15).map((n) => comment('c', n)),
        [info('c', 12)],
      ),
    );
    expect(seqsOf('c')).toEqual([12, 13, 14]);
    expect(loss('c')).toEqual({ held: 3, skipped: 0, evicted: 0, arrived: 3 });
    // The same info again changes nothing.
    ingestBatch(batch([comment('c', 15)], [info('c', 12)]));
    expect(seqsOf('c')).toEqual([12, 13, 14, 15]);
  });

  it("sizes the page's buffer like the back end's and counts what it evicts", () => {
    ingestBatch(
      batch(
        range(0, 25).map((n) => comment('d', n)),
        [info('d', 0, 10)],
      ),
    );
    expect(getRecords('d').capacity).toBe(10);
    expect(seqsOf('d')).toEqual(range(15, 25));
    expect(loss('d')).toEqual({ held: 10, skipped: 0, evicted: 15, arrived: 25 });
  });
});

describe('re-rendering under a firehose', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares one store update among the batches that come within the interval after a heavy one, and loses none', () => {
    vi.useFakeTimers();
    const heavy = HEAVY_PUBLISH_RECORDS * 2;
    ingestBatch(batch([], [info('f')]));
    const updates = countUpdates('f');
    let seq = 0;
    const next = () => ingestBatch(batch(range(seq, (seq += heavy)).map((n) => comment('f', n))));
    next();
    expect(updates.count).toBe(1);
    // Four more batches, 10 ms apart: all held until the interval since the heavy update ends.
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10);
      next();
    }
    expect(updates.count).toBe(1);
    expect(getRecords('f').length).toBe(heavy * 5);
    vi.advanceTimersByTime(PUBLISH_INTERVAL_MS - 40);
    expect(updates.count).toBe(2);
    expect(loss('f')).toEqual({ held: heavy * 5, skipped: 0, evicted: 0, arrived: heavy * 5 });
    // After a quiet interval a batch is shown at once, and so is every batch of a trickle.
    vi.advanceTimersByTime(PUBLISH_INTERVAL_MS);
    ingestBatch(batch([comment('f', seq++)]));
    expect(updates.count).toBe(3);
    ingestBatch(batch([comment('f', seq++)]));
    ingestBatch(batch([comment('f', seq++)]));
    expect(updates.count).toBe(5);
    updates.stop();
  });

  it('shows a clear at once, even right after a heavy update', () => {
    vi.useFakeTimers();
    ingestBatch(batch([], [info('g')]));
    ingestBatch(batch(range(0, HEAVY_PUBLISH_RECORDS).map((n) => comment('g', n))));
    const updates = countUpdates('g');
    vi.advanceTimersByTime(5);
    ingestBatch(batch([comment('g', 500)], [info('g', 500)]));
    expect(updates.count).toBe(1);
    expect(seqsOf('g')).toEqual([500]);
    expect(loss('g')).toEqual({ held: 1, skipped: 0, evicted: 0, arrived: 1 });
    updates.stop();
  });
});

describe('re-rendering in a page', () => {
  /** The page's animation frames, run when the test says (a hidden page: never). */
  function stubFrames(): { run(): void; readonly waiting: number } {
    let callbacks = new Map<number, FrameRequestCallback>();
    let next = 1;
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
      callbacks.set(next, cb);
      return next++;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => callbacks.delete(id));
    return {
      run() {
        const due = callbacks;
        callbacks = new Map();
        for (const cb of due.values()) cb(performance.now());
      },
      get waiting() {
        return callbacks.size;
      },
    };
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('tells the store once per frame, in the frame, whatever number of batches came before it', () => {
    vi.useFakeTimers();
    const frames = stubFrames();
    ingestBatch(batch([], [info('p')]));
    const updates = countUpdates('p');
    let seq = 0;
    // Three small batches between two frames: the rings hold them at once, the store waits.
    for (let i = 0; i < 3; i++) ingestBatch(batch([comment('p', seq++)]));
    expect(getRecords('p').length).toBe(3);
    expect(updates.count).toBe(0);
    expect(frames.waiting).toBe(1);
    frames.run();
    expect(updates.count).toBe(1);
    expect(loss('p')).toEqual({ held: 3, skipped: 0, evicted: 0, arrived: 3 });
    // The timer that stands in for a missing frame does not publish a second time.
    vi.advanceTimersByTime(FRAME_WAIT_MS * 2);
    expect(updates.count).toBe(1);
    // A gap in the seqs is counted in the same update as the batch that shows it.
    ingestBatch(batch([comment('p', seq + 5)]));
    frames.run();
    expect(updates.count).toBe(2);
    expect(loss('p')).toEqual({ held: 4, skipped: 5, evicted: 0, arrived: 9 });
    updates.stop();
  });

  it('tells the store without frames (a hidden page) within FRAME_WAIT_MS', () => {
    vi.useFakeTimers();
    const frames = stubFrames();
    ingestBatch(batch([], [info('q')]));
    const updates = countUpdates('q');
    ingestBatch(batch([comment('q', 0)]));
    vi.advanceTimersByTime(FRAME_WAIT_MS - 1);
    expect(updates.count).toBe(0);
    vi.advanceTimersByTime(1);
    expect(updates.count).toBe(1);
    expect(frames.waiting).toBe(0);
    updates.stop();
  });

  it('after a heavy update, waits out the interval, then publishes in a frame', () => {
    vi.useFakeTimers();
    const frames = stubFrames();
    ingestBatch(batch([], [info('r')]));
    const updates = countUpdates('r');
    ingestBatch(batch(range(0, HEAVY_PUBLISH_RECORDS).map((n) => comment('r', n))));
    frames.run();
    expect(updates.count).toBe(1);
    ingestBatch(batch([comment('r', HEAVY_PUBLISH_RECORDS)]));
    // No frame is asked for until the interval since the heavy update has passed.
    expect(frames.waiting).toBe(0);
    vi.advanceTimersByTime(PUBLISH_INTERVAL_MS);
    expect(frames.waiting).toBe(1);
    expect(updates.count).toBe(1);
    frames.run();
    expect(updates.count).toBe(2);
    updates.stop();
  });

  it('shows a new session at once, without waiting for a frame', () => {
    stubFrames();
    ingestBatch(batch([comment('s', 0)], [info('s')]));
    expect(useSessions.getState().sessions.s?.id).toBe('s');
    expect(useSessions.getState().versions.s).toBeGreaterThan(0);
  });
});
