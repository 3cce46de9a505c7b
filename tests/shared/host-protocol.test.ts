/**
 * The browser host's wire form of records (src/shared/host-protocol.ts): what the page's client
 * reads back is what the host had, keys in the same order, whatever the mix of records and
 * sessions; events travel as arrays without their keys, and the session id once per run.
 */
import { describe, expect, it } from 'vitest';
import { recordsFromWire, recordsToWire, wireRecordHead, type WireRecord } from '../../src/shared/host-protocol';
import type { EventRecord, StreamRecord } from '../../src/shared/records';
import { encodeMessage } from '../../src/host/server';

const toBase64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** An event with its keys in the engine's order (src/core/sse/decoder.ts). */
function event(sessionId: string, seq: number, fields: Partial<EventRecord> = {}): EventRecord {
  const record: EventRecord = {
    kind: 'event',
    t: 1764648000000.25 + seq,
    connection: 1,
    type: 'message',
    data: `{"n":${seq}}`,
    lastEventId: String(seq),
    id: String(seq),
    chunks: [seq, seq],
    size: 8,
    sessionId,
    seq,
    ...fields,
  };
  return record;
}

/** Through the wire as the page gets it: JSON out, JSON in, read back. */
const roundTrip = (records: StreamRecord[]): StreamRecord[] =>
  recordsFromWire(JSON.parse(JSON.stringify(recordsToWire(records, toBase64))) as WireRecord[], fromBase64);

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('records on the wire', () => {
  it('reads back every kind of event and record, keys in order, over interleaved sessions', () => {
    const records: StreamRecord[] = [
      { kind: 'state', sessionId: 'a', seq: 0, t: 1, connection: 1, readyState: 0, reason: 'connecting', message: '' },
      { kind: 'chunk', sessionId: 'a', seq: 1, t: 2, connection: 1, bytes: new Uint8Array([100, 97, 0, 255]) },
      event('a', 2),
      event('a', 3, { id: null, lastEventId: '2' }),
      event('a', 4, { id: '', lastEventId: '' }),
      event('a', 5, { id: '7', lastEventId: '7', type: 'ping', chunks: [1, 4] }),
      event('b', 0, { decoded: { protocol: 'json-rpc', kind: 'notification', method: 'x' } as EventRecord['decoded'] }),
      event('a', 6),
      event('a', 7, { data: 'ünïcode \u0000 "quotes"\n' }),
      { kind: 'comment', sessionId: 'b', seq: 1, t: 3, connection: 1, text: 'keep-alive' },
      event('b', 2),
    ];
    const back = roundTrip(records);
    expect(back).toEqual(records);
    expect(back.map((r) => Object.keys(r))).toEqual(records.map((r) => Object.keys(r)));
  });

  it('sends events as arrays, the session id only where the record before is of another session', () => {
    const wire = recordsToWire([event('a', 0), event('a', 1), event('b', 0), event('a', 2)], toBase64);
    expect(wire.map((r) => (Array.isArray(r) ? r[0] : null))).toEqual(['a', '', 'b', 'a']);
    expect(JSON.stringify(wire[1])).not.toMatch(/"kind"|"sessionId"|"a"/);
    expect(JSON.stringify(wire[1]).length).toBeLessThan(JSON.stringify(event('a', 1)).length / 2);
  });

  it('keeps an event with keys an array does not carry as an object, so nothing is lost', () => {
    const extra = { ...event('a', 0), note: 'added by someone' } as EventRecord;
    const [wire] = recordsToWire([extra], toBase64);
    expect(Array.isArray(wire)).toBe(false);
    expect(roundTrip([extra])).toEqual([extra]);
  });

  it('reads back 200 seeded random mixes', () => {
    for (let round = 0; round < 200; round++) {
      const rnd = seeded(round + 1);
      const seqs = new Map<string, number>();
      const records: StreamRecord[] = [];
      for (let i = 0, n = Math.floor(rnd() * 40); i < n; i++) {
        const sessionId = ['s1', 's2', 's3'][Math.floor(rnd() * 3)]!;
        const seq = seqs.get(sessionId) ?? 0;
        seqs.set(sessionId, seq + 1);
        const pick = rnd();
        if (pick < 0.6) {
          const id = rnd() < 0.3 ? null : String(Math.floor(rnd() * 5));
          const lastEventId = id !== null && rnd() < 0.7 ? id : String(Math.floor(rnd() * 5));
          records.push(event(sessionId, seq, { id, lastEventId, size: Math.floor(rnd() * 100) }));
        } else if (pick < 0.8) {
          const bytes = Uint8Array.from({ length: Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 256));
          records.push({ kind: 'chunk', sessionId, seq, t: rnd() * 1e12, connection: 1, bytes });
        } else records.push({ kind: 'retry', sessionId, seq, t: rnd() * 1e12, connection: 2, ms: 1000 });
      }
      expect(roundTrip(records)).toEqual(records);
    }
  });

  it('reads the kind and place of any wire record', () => {
    const wire = recordsToWire([event('a', 0), event('a', 1)], toBase64);
    expect(wireRecordHead(wire[1]!, 'a')).toEqual({
      kind: 'event',
      sessionId: 'a',
      seq: 1,
      t: 1764648000001.25,
      connection: 1,
    });
  });

  it('a record that cannot be encoded becomes an error record; the events after it keep their session', () => {
    const deep = (): unknown => {
      let v: unknown = [];
      for (let i = 0; i < 100_000; i++) v = [v];
      return v;
    };
    const bad = {
      kind: 'comment',
      sessionId: 'b',
      seq: 1,
      t: 1,
      connection: 1,
      text: deep(),
    } as unknown as StreamRecord;
    const records = [event('a', 0), event('b', 0), bad, event('b', 2), event('a', 1)];
    const text = encodeMessage({
      type: 'batch',
      batch: { records: recordsToWire(records, toBase64), skipped: [], sessions: [] },
    });
    const message = JSON.parse(text) as { batch: { records: WireRecord[] } };
    const back = recordsFromWire(message.batch.records, fromBase64);
    expect(back[2]).toMatchObject({ kind: 'error', code: 'internal', sessionId: 'b', seq: 1 });
    expect(back.filter((r) => r.kind === 'event')).toEqual([records[0], records[1], records[3], records[4]]);
  });
});
