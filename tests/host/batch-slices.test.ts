/**
 * The host cuts a large batch into messages a page parses without a long task: records stay in
 * order and all there, each slice stays near the size asked for, and the sessions' info and
 * skipped counts ride on the first slice (the page applies them before any record).
 */
import { describe, expect, it } from 'vitest';
import { sliceBatch } from '../../src/host/batch-slices';
import type { WireBatch, WireRecord } from '../../src/shared/host-protocol';
import type { SessionInfo } from '../../src/shared/api';

const event = (seq: number, data: string): WireRecord => ({
  kind: 'event',
  sessionId: 's1',
  seq,
  t: seq,
  connection: 1,
  type: 'message',
  data,
  lastEventId: '',
  id: null,
  chunks: [0, 0],
  size: data.length,
});
const chunk = (seq: number, bytes: string): WireRecord => ({
  kind: 'chunk',
  sessionId: 's1',
  seq,
  t: seq,
  connection: 1,
  bytes,
});

const info = { id: 's1' } as SessionInfo;

describe('sliceBatch', () => {
  it('keeps a small batch whole', () => {
    const batch: WireBatch = { records: [event(0, 'x')], skipped: [{ sessionId: 's1', count: 2 }], sessions: [info] };
    expect(sliceBatch(batch)).toEqual([batch]);
    const empty: WireBatch = { records: [], skipped: [], sessions: [info] };
    expect(sliceBatch(empty)).toEqual([empty]);
  });

  it('cuts a large batch into ordered slices near the size asked for, info and skipped first', () => {
    const records: WireRecord[] = [];
    for (let seq = 0; seq < 5000; seq++)
      records.push(seq % 100 === 0 ? chunk(seq, 'A'.repeat(4000)) : event(seq, 'd'.repeat(100)));
    const skipped = [{ sessionId: 's1', count: 7 }];
    const slices = sliceBatch({ records, skipped, sessions: [info] }, 64 * 1024);
    expect(slices.length).toBeGreaterThan(10);
    expect(slices.flatMap((s) => s.records)).toEqual(records);
    expect(slices[0]!.sessions).toEqual([info]);
    expect(slices[0]!.skipped).toEqual(skipped);
    for (const s of slices.slice(1)) expect(s).toMatchObject({ skipped: [], sessions: [] });
    for (const s of slices) {
      const json = JSON.stringify(s).length;
      expect(json).toBeLessThan(64 * 1024 * 1.25);
    }
  });

  it('sends a record larger than a slice on its own', () => {
    const records = [event(0, 'a'), event(1, 'b'.repeat(10_000)), event(2, 'c')];
    const slices = sliceBatch({ records, skipped: [], sessions: [] }, 1000);
    expect(slices.map((s) => s.records.map((r) => r.seq))).toEqual([[0], [1], [2]]);
  });
});
