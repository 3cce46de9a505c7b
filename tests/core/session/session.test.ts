import { describe, expect, it } from 'vitest';
import { createRingBuffer } from '../../../src/core/session/ring-buffer';
import { createSession } from '../../../src/core/session/session';
import type { RecordDraft, StreamRecord } from '../../../src/shared/records';

const event = (t: number, data: string): RecordDraft => ({
  kind: 'event',
  t,
  connection: 1,
  type: 'message',
  data,
  lastEventId: '',
  id: null,
  chunks: [0, 0],
  size: data.length,
});

function rec(seq: number): StreamRecord {
  return { kind: 'comment', sessionId: 's', seq, t: seq, connection: 1, text: String(seq) };
}

describe('ring buffer', () => {
  it('keeps the newest `capacity` records after wrapping, addressable by seq', () => {
    const ring = createRingBuffer(4);
    for (let i = 0; i < 10; i++) ring.push(rec(i));
    expect(ring.size).toBe(4);
    expect(ring.firstSeq).toBe(6);
    expect(ring.nextSeq).toBe(10);
    expect(ring.get(5)).toBeUndefined();
    expect(ring.get(6)?.seq).toBe(6);
    expect(ring.slice(0, 100).map((r) => r.seq)).toEqual([6, 7, 8, 9]);
    expect(ring.slice(7, 2).map((r) => r.seq)).toEqual([7, 8]);
  });

  it('refuses a record out of sequence', () => {
    const ring = createRingBuffer(4);
    ring.push(rec(0));
    expect(() => ring.push(rec(2))).toThrow(/expected seq 1/);
  });

  it('clear() empties it and numbering continues', () => {
    const ring = createRingBuffer(4);
    for (let i = 0; i < 3; i++) ring.push(rec(i));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.clearedSeq).toBe(3);
    ring.push(rec(3));
    expect(ring.slice(0, 10).map((r) => r.seq)).toEqual([3]);
  });
});

describe('session', () => {
  it('numbers records, keeps them in its ring and counts them', () => {
    let changes = 0;
    const s = createSession({
      id: 's9',
      transport: 'sse',
      source: 'live',
      title: 't',
      request: { url: 'http://127.0.0.1/' },
      capacity: 3,
      onChange: () => changes++,
    });
    const now = Date.now();
    expect(s.sink({ kind: 'state', t: now, connection: 1, readyState: 1, reason: 'open', message: 'open' })).toBe(0);
    for (let i = 0; i < 4; i++) expect(s.sink(event(now + i, `{"sentAt":${now - 10}}`))).toBe(i + 1);
    expect(changes).toBe(5);
    expect(s.readyState).toBe(1);
    expect(s.ring.firstSeq).toBe(2);
    expect(s.ring.get(4)).toMatchObject({ sessionId: 's9', seq: 4, kind: 'event' });
    const info = s.info();
    expect(info.stats.events).toBe(4);
    expect(info.stats.records).toBe(5);
    expect(info.capacity).toBe(3);
    expect(info.stats.latency?.count).toBe(4);
  });

  it('follows where the stream stands now and before its buffer, after eviction, clear and reconnect', () => {
    const s = createSession({
      id: 's2',
      transport: 'sse',
      source: 'live',
      title: 't',
      request: { url: 'http://x/', lastEventId: 'x' },
      capacity: 4,
      diagnostics: false,
    });
    const head: RecordDraft[] = [
      { kind: 'state', t: 1, connection: 1, readyState: 0, reason: 'connecting', message: 'c', lastEventId: 'x' },
      {
        kind: 'response',
        t: 2,
        connection: 1,
        status: 200,
        statusText: 'OK',
        headers: {},
        url: 'http://x/',
        redirected: false,
        requestSentAt: 1,
      },
      { kind: 'state', t: 3, connection: 1, readyState: 1, reason: 'open', message: 'o' },
    ];
    for (const r of head) s.sink(r);
    s.sink({ kind: 'retry', t: 4, connection: 1, ms: 500 });
    s.sink({ ...event(5, 'a'), id: '1', lastEventId: '1' } as RecordDraft);
    s.sink({ ...event(6, 'b'), lastEventId: '1' } as RecordDraft);
    // The ring lost the connecting state and the response; the point before it still has them.
    expect(s.ring.firstSeq).toBe(2);
    const seqs = (p: { head: StreamRecord[] }) => p.head.map((r) => r.seq);
    expect(s.resumePoint('buffer')).toMatchObject({ connection: 1, lastEventId: 'x', retryMs: null });
    expect(seqs(s.resumePoint('buffer'))).toEqual([0, 1]);
    expect(s.resumePoint('now')).toMatchObject({ connection: 1, lastEventId: '1', retryMs: 500 });
    expect(seqs(s.resumePoint('now'))).toEqual([0, 1, 2]);
    // A copy: changing it changes nothing in the session.
    s.resumePoint('now').head.length = 0;
    expect(seqs(s.resumePoint('now'))).toEqual([0, 1, 2]);
    s.clear();
    expect(s.resumePoint('buffer')).toEqual(s.resumePoint('now'));
    s.sink({
      kind: 'state',
      t: 7,
      connection: 2,
      readyState: 0,
      reason: 'reconnecting',
      message: 'r',
      lastEventId: '1',
    });
    expect(s.resumePoint('now')).toMatchObject({ connection: 2, lastEventId: '1', retryMs: 500 });
    expect(seqs(s.resumePoint('now'))).toEqual([6]);
  });

  it('copies the records a recording stores to a recorder hook, only while one is set', () => {
    const s = createSession({ id: 's1', transport: 'sse', source: 'live', title: 't', request: { url: 'http://x/' } });
    const seen: number[] = [];
    const chunk = (t: number) => ({ kind: 'chunk' as const, t, connection: 1, bytes: new Uint8Array([0x3a, 0x0a]) });
    s.sink(chunk(1));
    s.setRecordHook((r) => seen.push(r.seq));
    s.sink(chunk(2));
    // Events are derived from the chunks when a recording is loaded: the hook never sees them.
    s.sink(event(3, 'b'));
    s.setRecordHook(null);
    s.sink(chunk(4));
    expect(seen).toEqual([1]);
  });
});
