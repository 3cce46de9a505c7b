import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSessionManager, type SessionManager } from '../../../src/core/session/manager';
import type { Batch } from '../../../src/shared/api';
import type { RecordDraft } from '../../../src/shared/records';

const comment = (text: string): RecordDraft => ({ kind: 'comment', t: Date.now(), connection: 1, text });
// The batcher's windows run on fake timers: each step is exact and costs no wall time.
const sleep = (ms: number) => vi.advanceTimersByTimeAsync(ms);

let manager: SessionManager | null = null;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
});
afterEach(() => {
  manager?.close();
  manager = null;
  vi.useRealTimers();
});

function open(m: SessionManager, capacity?: number) {
  return m.create({ transport: 'sse', source: 'live', title: 't', request: { url: 'http://127.0.0.1/' }, capacity });
}

describe('batcher', () => {
  it('coalesces records of several sessions into one batch per flush window', async () => {
    manager = createSessionManager({ batchDelayMs: 30 });
    const batches: Batch[] = [];
    manager.subscribe((b) => batches.push(b));
    const a = open(manager);
    const b = open(manager);
    for (let i = 0; i < 50; i++) {
      a.sink(comment(`a${i}`));
      b.sink(comment(`b${i}`));
    }
    await sleep(10);
    expect(batches).toHaveLength(0); // nothing before the window closes: no per-record messages
    await sleep(150);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.records).toHaveLength(100);
    expect(new Set(batch!.records.map((r) => r.sessionId))).toEqual(new Set([a.id, b.id]));
    expect(batch!.sessions.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(batch!.skipped).toEqual([]);
  });

  it('flushes at most once per window under a steady stream', async () => {
    manager = createSessionManager({ batchDelayMs: 25 });
    const times: number[] = [];
    manager.subscribe(() => times.push(performance.now()));
    const s = open(manager);
    const started = performance.now();
    while (performance.now() - started < 300) {
      s.sink(comment('x'));
      await sleep(2);
    }
    await sleep(60);
    // 300 ms at one flush per >= 25 ms: at most 13 batches for the 150 records.
    expect(times.length).toBeGreaterThan(2);
    expect(times.length).toBeLessThanOrEqual(14);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(20);
  });

  it('a busy consumer gets a larger batch later, and is told how many records the ring overwrote', async () => {
    manager = createSessionManager({ batchDelayMs: 10 });
    const batches: Batch[] = [];
    let busy = true;
    manager.subscribe((b) => batches.push(b), { isBusy: () => busy });
    const s = open(manager, 10);
    for (let i = 0; i < 25; i++) s.sink(comment(`c${i}`));
    await sleep(80);
    expect(batches).toHaveLength(0);
    busy = false;
    await sleep(120);
    const records = batches.flatMap((b) => b.records);
    const skipped = batches.flatMap((b) => b.skipped);
    expect(skipped).toEqual([{ sessionId: s.id, count: 15 }]);
    expect(records.map((r) => r.seq)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('sends a backlog in batches of at most 1,000 records, in order, none lost', async () => {
    manager = createSessionManager({ batchDelayMs: 10 });
    const batches: Batch[] = [];
    manager.subscribe((b) => batches.push(b));
    const s = open(manager);
    for (let i = 0; i < 4_500; i++) s.sink(comment(`c${i}`));
    await sleep(200);
    // A page takes each batch in one task: a large one keeps clicks waiting for it.
    expect(batches.map((b) => b.records.length)).toEqual([1_000, 1_000, 1_000, 1_000, 500]);
    expect(batches.flatMap((b) => b.records.map((r) => r.seq))).toEqual(Array.from({ length: 4_500 }, (_, i) => i));
  });

  it('keeps one cursor per subscriber: a late subscriber gets the history the ring holds, then what follows', async () => {
    manager = createSessionManager({ batchDelayMs: 10 });
    const s = open(manager);
    const early: Batch[] = [];
    manager.subscribe((b) => early.push(b));
    s.sink(comment('1'));
    s.sink(comment('2'));
    await sleep(60);
    const late: Batch[] = [];
    manager.subscribe((b) => late.push(b));
    s.sink(comment('3'));
    await sleep(60);
    expect(early.flatMap((b) => b.records).map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(late.flatMap((b) => b.records).map((r) => r.seq)).toEqual([0, 1, 2]);
    expect(late.flatMap((b) => b.skipped)).toEqual([]);
  });

  it('a late subscriber is told how much history the ring no longer holds', async () => {
    manager = createSessionManager({ batchDelayMs: 10 });
    const s = open(manager, 5);
    for (let i = 0; i < 12; i++) s.sink(comment(String(i)));
    const late: Batch[] = [];
    manager.subscribe((b) => late.push(b));
    await sleep(60);
    expect(late.flatMap((b) => b.records).map((r) => r.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(late.flatMap((b) => b.skipped)).toEqual([{ sessionId: s.id, count: 7 }]);
  });

  it('clearing a session is not reported as skipped', async () => {
    manager = createSessionManager({ batchDelayMs: 10 });
    const batches: Batch[] = [];
    let busy = true;
    manager.subscribe((b) => batches.push(b), { isBusy: () => busy });
    const s = open(manager, 5);
    for (let i = 0; i < 8; i++) s.sink(comment(String(i)));
    s.clear();
    s.sink(comment('after'));
    busy = false;
    await sleep(80);
    expect(batches.flatMap((b) => b.skipped)).toEqual([]);
    expect(batches.flatMap((b) => b.records).map((r) => r.seq)).toEqual([8]);
  });

  it('flushes the first change after a quiet period at once, and what the same turn produced with it', async () => {
    // A window far longer than any scheduling delay: a batch well inside it can only come from the
    // leading-edge flush (before it, every change waited for the window to close).
    // No stats ticks: they are changes too, and one would end the quiet period.
    manager = createSessionManager({ batchDelayMs: 1000, statsIntervalMs: 60_000 });
    const batches: Batch[] = [];
    const s = open(manager);
    manager.subscribe((b) => batches.push(b));
    manager.flush(); // the subscription's first batch; then quiet for a whole window
    batches.length = 0;
    await sleep(1100);
    const started = performance.now();
    s.sink(comment('first'));
    s.sink(comment('same turn'));
    while (batches.length === 0 && performance.now() - started < 700) await sleep(5);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.records.map((r) => (r.kind === 'comment' ? r.text : r.kind))).toEqual(['first', 'same turn']);
    // Right after a flush the window applies again: the next change waits for it.
    s.sink(comment('next'));
    await sleep(300);
    expect(batches).toHaveLength(1);
  });
});
