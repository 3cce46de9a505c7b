import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import type { RecordDraft } from '../../../src/shared/records';
import { chunkings, splitAt } from './chunkings';
import { collectingSink, ofKind } from './records-helper';
import { bytesOf, endingVariants, SPEC_CASES, type Expected } from './spec-cases';

/** Runs `parts` through a fresh decoder as one connection, then ends the stream. */
function decode(parts: Uint8Array[], options?: { maxEventBytes?: number }) {
  const { sink, records } = collectingSink();
  const decoder = createSseDecoder(sink, options);
  parts.forEach((p, i) => decoder.push(p, 1000 + i, 1));
  decoder.end();
  return { records, decoder };
}

/** The seq (index, as collectingSink numbers them) of each chunk record, in order. */
function chunkSeqs(records: RecordDraft[]): number[] {
  return records.flatMap((r, i) => (r.kind === 'chunk' ? [i] : []));
}

function expectedOf(records: RecordDraft[]): Expected[] {
  const out: Expected[] = [];
  for (const r of records) {
    if (r.kind === 'event') out.push(['event', r.type, r.data, r.lastEventId, r.id]);
    else if (r.kind === 'comment') out.push(['comment', r.text]);
    else if (r.kind === 'retry') out.push(['retry', r.ms]);
  }
  return out;
}

describe('SSE parsing rules under every chunking', () => {
  for (const c of SPEC_CASES) {
    for (const variant of endingVariants(c)) {
      it(`${c.name} (${variant.name})`, () => {
        const bytes = bytesOf(variant.input);
        for (const chunking of chunkings(bytes)) {
          const { records, decoder } = decode(chunking.parts);
          expect(expectedOf(records), chunking.name).toEqual(c.expected);
          if (c.lastEventId !== undefined) expect(decoder.lastEventId, chunking.name).toBe(c.lastEventId);
          if (c.reconnectMs !== undefined) expect(decoder.reconnectMs, chunking.name).toBe(c.reconnectMs);
          expect(ofKind(records, 'error'), chunking.name).toEqual([]);
          // Raw bytes are kept exactly: the chunk records reassemble the input.
          expect(
            Buffer.concat(ofKind(records, 'chunk').map((r) => r.bytes)).equals(Buffer.from(bytes)),
            chunking.name,
          ).toBe(true);
        }
      });
    }
  }
});

describe('SSE decoder records', () => {
  it('emits the chunk record first, then what it completes, all with its time and connection', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    decoder.push(bytesOf(': hi\nretry: 5\ndata: x\n\n'), 1234.5, 3);
    expect(records.map((r) => r.kind)).toEqual(['chunk', 'comment', 'retry', 'event']);
    expect(records.every((r) => r.t === 1234.5 && r.connection === 3)).toBe(true);
  });

  it('points each event at the first and last chunk that carried its block', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    // seq 0: first block complete, second begins; seq 1: middle; seq 2: second ends, blank line only.
    decoder.push(bytesOf('data: a\n\nevent: e\n'), 1, 1);
    decoder.push(bytesOf('data: b\n'), 2, 1);
    decoder.push(bytesOf('\n'), 3, 1);
    // seq 3: a CRLF split across reads must not count as a blank line.
    decoder.push(bytesOf('data: c\r'), 4, 1);
    decoder.push(bytesOf('\ndata: d\r\n\r\n'), 5, 1);
    const events = ofKind(records, 'event');
    const chunk = chunkSeqs(records);
    expect(events.map((e) => [e.data, e.chunks])).toEqual([
      ['a', [chunk[0], chunk[0]]],
      ['b', [chunk[0], chunk[2]]],
      ['c\nd', [chunk[3], chunk[4]]],
    ]);
    expect(events[2]!.t).toBe(5);
  });

  it('does not attribute an event to a chunk holding only the blank lines before it', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    decoder.push(bytesOf('data: a\n'), 1, 1);
    decoder.push(bytesOf('\n\n\n'), 2, 1);
    decoder.push(bytesOf('data: b\n\n'), 3, 1);
    const chunk = chunkSeqs(records);
    expect(ofKind(records, 'event').map((e) => e.chunks)).toEqual([
      [chunk[0], chunk[1]],
      [chunk[2], chunk[2]],
    ]);
  });

  it('reports size as the UTF-8 byte length of data', () => {
    const { records } = decode([bytesOf('data: é😀\ndata: x\n\n')]);
    expect(ofKind(records, 'event')[0]!.size).toBe(2 + 4 + 1 + 1);
  });

  it('reports the UTF-8 byte length of data however the reads cut ASCII and multi-byte events', () => {
    const stream = bytesOf('data: ab\n\ndata: é😀x\n\nid: 1\ndata: plain\n\ndata: ✓\ndata: y\n\ndata: z\n\n');
    for (const { name, parts } of chunkings(stream)) {
      const { records } = decode(parts);
      const events = ofKind(records, 'event');
      expect(
        events.map((e) => e.data),
        name,
      ).toEqual(['ab', 'é😀x', 'plain', '✓\ny', 'z']);
      expect(
        events.map((e) => e.size),
        name,
      ).toEqual(events.map((e) => Buffer.byteLength(e.data, 'utf8')));
    }
  });

  it('keeps lastEventId across reset() (a new connection) and strips a BOM again', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    decoder.push(bytesOf('\uFEFFid: 5\ndata: a\n\nevent: x\ndata: half'), 1, 1);
    decoder.end();
    decoder.reset();
    decoder.push(bytesOf('\uFEFFdata: b\n\n'), 2, 2);
    expect(ofKind(records, 'event').map((e) => [e.type, e.data, e.lastEventId, e.id, e.connection])).toEqual([
      ['message', 'a', '5', '5', 1],
      ['message', 'b', '5', null, 2],
    ]);
  });

  it('does not leak a half-received block or event type into the next connection', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    decoder.push(bytesOf('event: x\ndata: partial\n'), 1, 1);
    decoder.reset();
    decoder.push(bytesOf('data: fresh\n\n'), 2, 2);
    expect(ofKind(records, 'event').map((e) => [e.type, e.data])).toEqual([['message', 'fresh']]);
  });

  it('resets the UTF-8 decoder between connections (a dangling lead byte does not corrupt the next)', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink);
    decoder.push(new Uint8Array([...bytesOf('data: a\n\ndata: '), 0xe6]), 1, 1);
    decoder.end();
    decoder.reset();
    decoder.push(bytesOf('data: ok\n\n'), 2, 2);
    expect(ofKind(records, 'event').map((e) => e.data)).toEqual(['a', 'ok']);
  });

  it('starts from an initial lastEventId', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink, {}, 'resume-7');
    expect(decoder.lastEventId).toBe('resume-7');
    decoder.push(bytesOf('data: x\n\n'), 1, 1);
    expect(ofKind(records, 'event')[0]!.lastEventId).toBe('resume-7');
  });

  it('reports ignored lines only when asked to', () => {
    const quiet = collectingSink();
    createSseDecoder(quiet.sink).push(bytesOf('foo: 1\nretry: x\n\n'), 1, 1);
    expect(ofKind(quiet.records, 'error')).toEqual([]);
    const loud = collectingSink();
    createSseDecoder(loud.sink, { reportIgnoredLines: true }).push(bytesOf('foo: 1\nretry: x\n\n'), 1, 1);
    expect(ofKind(loud.records, 'error').map((e) => [e.code, e.fatal])).toEqual([
      ['parse', false],
      ['parse', false],
    ]);
  });
});

describe('SSE decoder limits', () => {
  it('turns an event larger than maxEventBytes into one error record, under every chunking', () => {
    const big = `data: ${'x'.repeat(3000)}\n\ndata: after\n\n`;
    for (const chunking of chunkings(bytesOf(big))) {
      const { records, decoder } = decode(chunking.parts, { maxEventBytes: 1024 });
      const errors = ofKind(records, 'error');
      expect(
        errors.map((e) => [e.code, e.fatal]),
        chunking.name,
      ).toEqual([['event-too-large', true]]);
      expect(ofKind(records, 'event'), chunking.name).toEqual([]);
      expect(decoder.overflowed, chunking.name).toBe(true);
    }
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    // 400 three-byte characters: 400 UTF-16 units but 1200 bytes.
    const { records } = decode([bytesOf(`data: ${'漢'.repeat(400)}\n\n`)], { maxEventBytes: 1024 });
    expect(ofKind(records, 'error').map((e) => e.code)).toEqual(['event-too-large']);
    const ok = decode([bytesOf(`data: ${'漢'.repeat(300)}\n\n`)], { maxEventBytes: 1024 });
    expect(ofKind(ok.records, 'event')[0]!.size).toBe(900);
  });

  it('counts all data lines of one event together', () => {
    const lines = Array.from({ length: 20 }, () => `data: ${'y'.repeat(100)}`).join('\n');
    const { records } = decode(splitAt(bytesOf(`${lines}\n\n`), [50, 500, 1500]), { maxEventBytes: 1024 });
    expect(ofKind(records, 'error').map((e) => e.code)).toEqual(['event-too-large']);
  });

  it('bounds a single huge line that never ends, without buffering it all', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink, { maxEventBytes: 4096 });
    const piece = bytesOf(': ' + 'z'.repeat(1000));
    for (let i = 0; i < 20; i++) decoder.push(piece, i, 1);
    expect(ofKind(records, 'error').map((e) => e.code)).toEqual(['event-too-large']);
    expect(ofKind(records, 'chunk')).toHaveLength(20);
  });

  it('accepts input again after reset()', () => {
    const { sink, records } = collectingSink();
    const decoder = createSseDecoder(sink, { maxEventBytes: 16 });
    decoder.push(bytesOf(`data: ${'x'.repeat(100)}\n\n`), 1, 1);
    decoder.reset();
    decoder.push(bytesOf('data: small\n\n'), 2, 2);
    expect(ofKind(records, 'event').map((e) => e.data)).toEqual(['small']);
  });
});
