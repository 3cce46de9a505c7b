/**
 * The detail pane's model: every chunk of an event counts (the table lists the first few), the
 * block's bytes come from all of them, and what the ring says about the bytes before the event
 * (a body's start, a block carried over, repeated events) places the highlight on the right block.
 */
import { describe, expect, it } from 'vitest';
import { createRecordRing, type RecordRing } from '../../src/renderer/lib/record-ring';
import { eventSourceBytes, textPrefix } from '../../src/renderer/features/detail/detail-model';
import type { ChunkRecord, EventRecord, StreamRecord } from '../../src/shared/records';

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

/** A ring built as a session fills it: records numbered from 0 in order. */
function ringOf(records: Array<Omit<StreamRecord, 'seq' | 'sessionId' | 't'>>, capacity = 10_000): RecordRing {
  const ring = createRecordRing(capacity);
  records.forEach((r, seq) => ring.push({ ...r, seq, sessionId: 's', t: seq } as StreamRecord));
  return ring;
}

const chunk = (bytes: Uint8Array | string, connection = 1) =>
  ({ kind: 'chunk', connection, bytes: typeof bytes === 'string' ? utf8(bytes) : bytes }) as const;
const event = (data: string, chunks: [number, number], type = 'message', connection = 1) =>
  ({ kind: 'event', connection, type, data, lastEventId: '', id: null, chunks, size: 0 }) as const;
const response = (connection = 1) =>
  ({
    kind: 'response',
    connection,
    status: 200,
    statusText: 'OK',
    headers: {},
    url: 'http://x',
    redirected: false,
    requestSentAt: 0,
  }) as const;

function eventAt(ring: RecordRing, seq: number): EventRecord {
  const r = ring.get(ring.indexOfSeq(seq));
  if (r?.kind !== 'event') throw new Error(`no event at #${seq}`);
  return r;
}

describe('eventSourceBytes', () => {
  it('counts every chunk of a block, lists the first few and reads the block from all of them', () => {
    const parts = ['data: ', ...Array.from({ length: 99 }, () => 'abcdefgh'), '\n\n'];
    const ring = ringOf([...parts.map((p) => chunk(p)), event('abcdefgh'.repeat(99), [0, 100])]);
    const found = eventSourceBytes(ring, eventAt(ring, 101), 64)!;
    expect(found.count).toBe(101);
    expect(found.listed.map((c: ChunkRecord) => c.seq)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    expect(found.bytes.byteLength).toBe(6 + 99 * 8 + 2);
    expect(found.block).toEqual([0, found.bytes.byteLength]);
  });

  it('is null once the first chunk has left the ring', () => {
    const ring = ringOf([chunk('data: a'), chunk('\n\n'), event('a', [0, 1])], 2);
    expect(eventSourceBytes(ring, eventAt(ring, 2), 64)).toBeNull();
  });

  it("drops a BOM at the start of a connection's body, and only there", () => {
    const body = new Uint8Array([...BOM, ...utf8('data: one\n\ndata: two\n\n')]);
    // After the response of its connection, or first in a ring that lost nothing: the body's start.
    for (const before of [[response()], [], [response(0), chunk('data: old\n\n', 0)]]) {
      const n = before.length;
      const ring = ringOf([...before, chunk(body), event('one', [n, n]), event('two', [n, n])]);
      expect(eventSourceBytes(ring, eventAt(ring, n + 1), 64)!.block).toEqual([3, 14]);
      expect(eventSourceBytes(ring, eventAt(ring, n + 2), 64)!.block).toEqual([14, 25]);
    }
    // After an earlier chunk of the same connection, those bytes are text: "\uFEFFdata" is no field.
    const ring = ringOf([response(), chunk('data: zero\n\n'), event('zero', [1, 1]), chunk(body)]);
    expect(eventSourceBytes(ring, { ...eventAt(ring, 2), data: 'one', chunks: [3, 3] }, 64)!.block).toBeNull();
  });

  it('passes the tail of a block begun in an earlier chunk, and earlier events with the same data', () => {
    // "event: other" came in chunk 0; chunk 1 ends that block ("data: x") and sends two more "x".
    const ring = ringOf([
      chunk('event: other\n'),
      chunk('data: x\n\ndata: x\n\ndata: x\n\n'),
      event('x', [0, 1], 'other'),
      event('x', [1, 1]),
      event('x', [1, 1]),
    ]);
    expect(eventSourceBytes(ring, eventAt(ring, 3), 64)!.block).toEqual([9, 18]);
    expect(eventSourceBytes(ring, eventAt(ring, 4), 64)!.block).toEqual([18, 27]);
    expect(eventSourceBytes(ring, eventAt(ring, 2), 64)!.block).toEqual([0, 22]);
  });
});

describe('textPrefix', () => {
  it('cuts at most max code units and never between the halves of a surrogate pair', () => {
    expect(textPrefix('abc', 5)).toBe('abc');
    expect(textPrefix('abcdef', 4)).toBe('abcd');
    expect(textPrefix('ab😀cd', 3)).toBe('ab');
    expect(textPrefix('ab😀cd', 4)).toBe('ab😀');
  });
});
