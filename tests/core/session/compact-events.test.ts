/**
 * Events kept compact in the ring (src/core/session/compact-events.ts) read back exactly as the
 * plain records the decoder made. Property-style: seeded random SSE streams with every shape the
 * decoder handles (ids, types, comments, retry, multi-line data, odd spacing, BOM, CRLF and CR,
 * multi-byte UTF-8, invalid bytes), cut into random reads (also inside multi-byte characters),
 * through the real decoder into a Session; every record read back from the ring (get and slice)
 * must equal, field for field and in key order, the record the session's sink received.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type Session } from '../../../src/core/session/session';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import type { StreamRecord } from '../../../src/shared/records';
import { advanceResumePoint, createResumePoint } from '../../../src/core/session/resume-point';
import { pick, seededRandom, splitAt, type Random } from '../sse/chunkings';

const TEXTS = [
  'plain',
  '{"n":1,"sentAt":1764567890123}',
  '',
  ' leading space',
  'é',
  'ünïcödé ✓',
  '日本語テキスト',
  '🙂 emoji 🚀',
  'a:b:c',
  'data: inside',
  'id: 7',
];

interface StreamShape {
  /** Line terminator of the stream. */
  eol: '\n' | '\r\n' | '\r';
  bom: boolean;
  /** Invalid UTF-8 bytes somewhere (decoded as U+FFFD: those reads cannot be compact). */
  invalid: boolean;
}

function randomBlock(random: Random, n: number): string[] {
  const lines: string[] = [];
  const r = random();
  if (r < 0.08) lines.push(`: comment ${n}`);
  if (random() < 0.05) lines.push(`retry: ${1000 + n}`);
  const id = random();
  const idLine =
    id < 0.55
      ? `id: ${n}`
      : id < 0.62
        ? `id:${n}x`
        : id < 0.66
          ? 'id:'
          : id < 0.69
            ? `id: a\u0000b`
            : id < 0.72
              ? 'id'
              : null;
  const type = random();
  const typeLine = type < 0.15 ? `event: type${n % 3}` : type < 0.18 ? 'event:' : null;
  if (typeLine && random() < 0.5) lines.push(typeLine);
  if (idLine && random() < 0.85) {
    lines.push(idLine);
    // A later id line holding U+0000 is ignored: the id stays the earlier one, of the same length.
    if (idLine === `id: ${n}` && random() < 0.15) lines.push(`id: \u0000${'z'.repeat(String(n).length - 1)}`);
  }
  const dataLines = random() < 0.12 ? 2 + Math.floor(random() * 2) : 1;
  for (let i = 0; i < dataLines; i++) {
    const text = pick(random, TEXTS);
    const form = random();
    lines.push(form < 0.75 ? `data: ${text}` : form < 0.9 ? `data:${text}` : form < 0.95 ? `data:  ${text}` : 'data');
  }
  if (typeLine && !lines.includes(typeLine)) lines.push(typeLine);
  if (idLine && !lines.includes(idLine)) lines.push(idLine);
  if (random() < 0.05) lines.push('unknown: field');
  return lines;
}

function randomStream(random: Random, shape: StreamShape, events: number): Uint8Array {
  let text = shape.bom ? '\uFEFF' : '';
  for (let n = 0; n < events; n++) {
    text += randomBlock(random, n).join(shape.eol) + shape.eol + shape.eol;
    if (random() < 0.05) text += shape.eol; // an extra blank line dispatches nothing
  }
  const bytes = new TextEncoder().encode(text);
  if (!shape.invalid) return bytes;
  const out = Uint8Array.from(bytes);
  // Replace a few bytes inside data values with bytes that are never valid UTF-8.
  for (let i = 0; i < 4; i++) {
    const at = Math.floor(random() * out.length);
    if (out[at] !== 0x0a && out[at] !== 0x0d && out[at] !== 0x3a) out[at] = 0xff;
  }
  return out;
}

function randomReads(random: Random, bytes: Uint8Array): Uint8Array[] {
  const cuts: number[] = [];
  const mean = pick(random, [7, 60, 400, 4096]);
  for (let at = 0; at < bytes.length;) {
    at += 1 + Math.floor(random() * mean * 2);
    cuts.push(at);
  }
  return splitAt(bytes, cuts);
}

function newSession(capacity: number): Session {
  return createSession({
    id: 's1',
    transport: 'sse',
    source: 'live',
    title: 't',
    request: { url: 'http://127.0.0.1/' },
    capacity,
    // Nothing but the decoder's records enters the session: `sunk` below holds every one.
    diagnostics: false,
  });
}

/** Feeds the reads into a session; returns the records its sink received, as they were then. */
function run(reads: Uint8Array[], capacity: number, connections = 1): { session: Session; sunk: StreamRecord[] } {
  const session = newSession(capacity);
  const sunk: StreamRecord[] = [];
  // One record per call (a plain function takes no runs of events): each is seen as it was sunk.
  const decoder = createSseDecoder((draft) => {
    const seq = session.sink(draft);
    sunk[seq] = draft as StreamRecord;
    return seq;
  });
  let t = 1_764_567_890_000;
  const perConnection = Math.ceil(reads.length / connections);
  reads.forEach((read, i) => {
    if (i > 0 && i % perConnection === 0) decoder.reset();
    decoder.push(read, (t += 0.25), 1 + Math.floor(i / perConnection));
  });
  decoder.end(true);
  return { session, sunk };
}

/** The plain record's fields, in order, as JSON shows them (key order included). */
const asJson = (record: StreamRecord | undefined) => JSON.stringify(record);

function expectSameAsSunk(session: Session, sunk: StreamRecord[]): number {
  const ring = session.ring;
  const bySlice = ring.slice(ring.firstSeq, ring.size);
  expect(bySlice).toHaveLength(ring.size);
  let compact = 0;
  for (const record of bySlice) {
    const original = sunk[record.seq];
    expect(asJson(record)).toBe(asJson(original));
    expect(record).toStrictEqual(original);
    expect(asJson(ring.get(record.seq))).toBe(asJson(original));
    if (ring.isCompact(record.seq)) compact++;
  }
  return compact;
}

const SHAPES: Array<[string, StreamShape]> = [
  ['LF', { eol: '\n', bom: false, invalid: false }],
  ['LF with a BOM', { eol: '\n', bom: true, invalid: false }],
  ['CRLF', { eol: '\r\n', bom: false, invalid: false }],
  ['CR', { eol: '\r', bom: false, invalid: false }],
  ['LF with invalid UTF-8', { eol: '\n', bom: false, invalid: true }],
];

describe('compact events in the ring', () => {
  for (const [name, shape] of SHAPES) {
    it(`reads back exactly what the sink received: ${name} streams, random reads`, () => {
      let compact = 0;
      let events = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const random = seededRandom(seed * 7919 + shape.eol.length);
        const bytes = randomStream(random, shape, 120);
        const { session, sunk } = run(randomReads(random, bytes), 100_000, 1 + (seed % 3));
        compact += expectSameAsSunk(session, sunk);
        events += sunk.filter((r) => r.kind === 'event').length;
      }
      expect(events).toBeGreaterThan(700);
      // LF streams must really be kept compact, or this test proves nothing about the offsets
      // (most events of the reads of a few bytes span reads, and those stay plain).
      if (shape.eol === '\n') expect(compact).toBeGreaterThan(events / 15);
    });
  }

  it('keeps multi-byte UTF-8 data and ids compact, at their byte offsets', () => {
    const text = ['id: é1', 'data: 日本語 ✓ 🙂', '', 'data: ünï', '', 'id: ascii', 'data: 🚀🚀', '', ''].join('\n');
    const { session, sunk } = run([new TextEncoder().encode(text)], 100);
    expect(expectSameAsSunk(session, sunk)).toBe(3);
    const events = session.ring.slice(0, 100).filter((r) => r.kind === 'event');
    expect(events.map((r) => [r.data, r.id, r.lastEventId, r.size])).toEqual([
      ['日本語 ✓ 🙂', 'é1', 'é1', 18],
      ['ünï', null, 'é1', 5],
      ['🚀🚀', 'ascii', 'ascii', 8],
    ]);
  });

  it('a read that ends inside a character leaves the next read plain, and the one after compact', () => {
    const bytes = new TextEncoder().encode('data: ✓\n\ndata: b\n\ndata: c\n\n');
    // Cut inside the 3 bytes of ✓: the second read starts with the rest of that character.
    const reads = splitAt(bytes, [8, 13]);
    const { session, sunk } = run(reads, 100);
    expectSameAsSunk(session, sunk);
    const compactData = session.ring
      .slice(0, 100)
      .filter((r) => r.kind === 'event' && session.ring.isCompact(r.seq))
      .map((r) => (r.kind === 'event' ? r.data : ''));
    expect(compactData).toEqual(['c']);
  });

  it('stays exact when the ring wraps and after clear()', () => {
    const random = seededRandom(42);
    const bytes = randomStream(random, { eol: '\n', bom: false, invalid: false }, 400);
    const reads = randomReads(random, bytes);
    const { session, sunk } = run(reads, 97);
    expect(session.ring.firstSeq).toBeGreaterThan(0);
    expect(expectSameAsSunk(session, sunk)).toBeGreaterThan(0);
    session.clear();
    expect(session.ring.slice(0, 1000)).toEqual([]);
  });

  it('the resume point before the ring follows the compact events it evicted', () => {
    let evictedCompact = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const random = seededRandom(seed * 131);
      const bytes = randomStream(random, { eol: '\n', bom: false, invalid: false }, 300);
      const session = newSession(53);
      const sunk: StreamRecord[] = [];
      const decoder = createSseDecoder((draft) => {
        // Before the sink takes the next record, the oldest one leaves the full ring.
        if (session.ring.size === 53 && session.ring.isCompact(session.ring.firstSeq)) evictedCompact++;
        const seq = session.sink(draft);
        sunk[seq] = draft as StreamRecord;
        return seq;
      });
      // What the point must be after each read: every record before the ring's oldest, followed
      // as they were sunk.
      const expected = createResumePoint();
      let followed = 0;
      randomReads(random, bytes).forEach((read, i) => {
        decoder.push(read, 1_764_567_890_000 + i, 1);
        for (; followed < session.ring.firstSeq; followed++) advanceResumePoint(expected, sunk[followed]!);
        expect(session.resumePoint('buffer')).toEqual(expected);
      });
    }
    expect(evictedCompact).toBeGreaterThan(100);
  });

  it('a record that gained a field on its way to the session is kept as it is', () => {
    const session = newSession(10);
    const decoder = createSseDecoder((draft) => {
      if (draft.kind === 'event') draft.decoded = { protocol: 'json-rpc', kind: 'notification', method: 'm' };
      return session.sink(draft);
    });
    decoder.push(new TextEncoder().encode('data: {"jsonrpc":"2.0","method":"m"}\n\n'), 1, 1);
    const event = session.ring.get(1);
    expect(session.ring.isCompact(1)).toBe(false);
    expect(event?.kind === 'event' && event.decoded).toEqual({
      protocol: 'json-rpc',
      kind: 'notification',
      method: 'm',
    });
  });
});
