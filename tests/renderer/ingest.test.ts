/**
 * How the page takes in batches: records already held are not taken twice (a reconnected or
 * reloaded page is sent the back end's history again), seqs that never came are counted as
 * skipped, a cleared or rebuilt session (clearedSeq moved) drops what the page holds, and the
 * page's buffer is sized like the back end's. held + skipped + evicted always equals arrived.
 */
import { describe, expect, it } from 'vitest';
import type { Batch, SessionInfo } from '../../src/shared/api';
import type { StreamRecord } from '../../src/shared/records';
import { getRecords, ingestBatch, recordLoss, useSessions } from '../../src/renderer/stores/sessions';

function info(id: string, clearedSeq = 0, capacity = 100_000): SessionInfo {
  return {
    id,
    transport: 'sse',
    source: 'live',
    title: id,
    request: { url: 'http://x/' },
    readyState: 1,
    capacity,
    clearedSeq,
    buffered: 0,
    recording: false,
    stats: {
      records: 0,
      events: 0,
      framesIn: 0,
      framesOut: 0,
      comments: 0,
      errors: 0,
      bytes: 0,
      reconnects: 0,
      eventRate: 0,
      bytesRate: 0,
      ttfbMs: null,
      firstEventMs: null,
      latency: null,
      interArrival: null,
      startedAt: 0,
      connectedMs: 0,
    },
  };
}

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
