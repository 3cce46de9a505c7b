/**
 * The decoder's scanner for blocks of the common shape (src/core/sse/block-scanner.ts) against the
 * spec-exact path: eventsource-parser fed every read's decoded text whole, as a browser's
 * EventSource would see it. Seeded random streams with every shape (the common one, and comments,
 * retry, unknown fields, several data lines, ids holding U+0000, empty ids and types, lines that
 * only look like fields, extra blank lines, a BOM, CRLF and CR endings, multi-byte UTF-8 cut
 * anywhere, invalid bytes, events over the size limit), cut into reads every way; the decoder must
 * emit the same events, comments, retries and errors, each with the read that completed it.
 */
import { describe, expect, it } from 'vitest';
import { createParser } from 'eventsource-parser';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import { createSimpleBlock, scanSimpleBlock } from '../../../src/core/sse/block-scanner';
import type { RecordDraft } from '../../../src/shared/records';
import { chunkings, pick, seededRandom, splitAt, type Random } from './chunkings';
import { collectingSink } from './records-helper';

const VALUES = [
  '{"n":1,"sentAt":1764567890123}',
  'plain',
  '',
  ' lead',
  'é',
  '日本語',
  '🙂🚀',
  'a:b',
  'data: x',
  '\u0000',
  'w'.repeat(150),
];

/** One block's lines: mostly the common shape, often something else. */
function randomBlock(random: Random, n: number): string[] {
  const lines: string[] = [];
  const odd = random() < 0.35;
  if (odd && random() < 0.2) {
    // A BOM that is not the stream's first character belongs to its line: an unknown field.
    lines.push(pick(random, [`: comment ${n}`, ':', `retry: ${n}`, 'retry: x1', 'foo: bar', 'dat', '\uFEFFdata: bom']));
  }
  if (random() < 0.7) {
    lines.push(
      odd
        ? pick(random, [`id:${n}`, 'id:', 'id', `id: a\u0000b`, `id:  ${n}`, `id: ${pick(random, VALUES)}`])
        : `id: ${n}`,
    );
  }
  if (random() < 0.2) lines.push(pick(random, ['event: update', 'event:', 'event:  spaced', 'event: é']));
  if (odd && random() < 0.15) lines.push(`id: ${n}b`);
  const dataLines = odd && random() < 0.25 ? pick(random, [0, 2, 3]) : 1;
  for (let i = 0; i < dataLines; i++) {
    const value = pick(random, VALUES);
    lines.push(pick(random, [`data: ${value}`, `data: ${value}`, `data:${value}`, `data:  ${value}`, 'data', 'data:']));
  }
  if (odd && random() < 0.15) lines.push(pick(random, ['id: after', 'event: late', ': trailing comment']));
  if (random() < 0.03) lines.push(`data: ${'w'.repeat(200)}`);
  return lines;
}

function randomStream(random: Random, blocks: number): Uint8Array {
  const eol = pick(random, ['\n', '\n', '\n', '\r\n', '\r']);
  let text = random() < 0.15 ? '\uFEFF' : '';
  if (random() < 0.05) text += '\uFEFF';
  for (let n = 0; n < blocks; n++) {
    const lines = randomBlock(random, n);
    // Mostly one ending per stream; now and then a mixed one.
    const end = random() < 0.03 ? pick(random, ['\r\n', '\r']) : eol;
    text += lines.join(eol) + (lines.length > 0 ? end : '') + end;
    if (random() < 0.05) text += eol;
  }
  if (random() < 0.3) text += 'data: unfinished';
  const bytes = new TextEncoder().encode(text);
  if (random() < 0.8) return bytes;
  const out = Uint8Array.from(bytes);
  for (let i = 0; i < 3; i++) {
    const at = Math.floor(random() * out.length);
    if (out[at] !== 0x0a && out[at] !== 0x0d) out[at] = pick(random, [0xff, 0xc3, 0x80]);
  }
  return out;
}

function randomReads(random: Random, bytes: Uint8Array): Uint8Array[] {
  const mean = pick(random, [3, 40, 300, 5000]);
  const cuts: number[] = [];
  for (let at = 0; at < bytes.length;) cuts.push((at += 1 + Math.floor(random() * mean * 2)));
  return splitAt(bytes, cuts);
}

type Seen = Array<[string, ...unknown[]]>;

/**
 * The spec-exact path: each read decoded and fed whole to eventsource-parser; `read` is the index
 * of the read whose text completed the record. Input after an oversized event is ignored until
 * the next connection, as the decoder documents.
 */
function reference(connections: Uint8Array[][], maxEventBytes: number): Seen {
  const seen: Seen = [];
  let lastEventId = '';
  for (const reads of connections) {
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    let read = -1;
    let overflowed = false;
    const tooLarge = (): void => {
      if (!overflowed) seen.push(['error', read, 'event-too-large']);
      overflowed = true;
    };
    const parser = createParser({
      maxBufferSize: maxEventBytes + 16,
      onId: (id) => void (lastEventId = id),
      onEvent: (m) => {
        if (overflowed) return;
        const size = Buffer.byteLength(m.data);
        if (size > maxEventBytes) return tooLarge();
        seen.push(['event', read, m.event || 'message', m.data, lastEventId, m.id ?? null, size]);
      },
      onComment: (c) => void (overflowed || seen.push(['comment', read, c])),
      onRetry: (ms) => void (overflowed || seen.push(['retry', read, ms])),
      onError: (e) => {
        if (e.type === 'max-buffer-size-exceeded') tooLarge();
        else if (!overflowed) seen.push(['error', read, `ignored: ${e.message}`]);
      },
    });
    for (const bytes of reads) {
      read++;
      if (overflowed) continue;
      parser.feed(text.decode(bytes, { stream: true }));
    }
    seen.push(['end', read]);
  }
  return seen;
}

/** The decoder's records in the same terms (`read`: the index of the chunk the record follows). */
function decoded(connections: Uint8Array[][], maxEventBytes: number): Seen {
  const { sink, records } = collectingSink();
  const decoder = createSseDecoder(sink, { maxEventBytes, reportIgnoredLines: true });
  const seen: Seen = [];
  connections.forEach((reads, i) => {
    if (i > 0) decoder.reset();
    const from = records.length;
    reads.forEach((bytes, k) => decoder.push(bytes, k, i + 1));
    let read = -1;
    let chunkSeq = -1;
    for (let seq = from; seq < records.length; seq++) {
      const r: RecordDraft = records[seq]!;
      if (r.kind === 'chunk') {
        read++;
        chunkSeq = seq;
      } else if (r.kind === 'event') {
        expect(r.chunks[1]).toBe(chunkSeq);
        seen.push(['event', read, r.type, r.data, r.lastEventId, r.id, r.size]);
      } else if (r.kind === 'comment') seen.push(['comment', read, r.text]);
      else if (r.kind === 'retry') seen.push(['retry', read, r.ms]);
      else if (r.kind === 'error') seen.push(['error', read, r.code === 'parse' ? r.message : r.code]);
    }
    seen.push(['end', read]);
  });
  return seen;
}

function expectSame(connections: Uint8Array[][], maxEventBytes: number, label: string): number {
  const want = reference(connections, maxEventBytes);
  expect(decoded(connections, maxEventBytes), label).toEqual(want);
  return want.filter((r) => r[0] === 'event').length;
}

describe('the block scanner against eventsource-parser', () => {
  it('the same records from random streams in random reads, over several connections', () => {
    let events = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(seed * 104729);
      const connections = Array.from({ length: 1 + (seed % 3) }, () => randomReads(random, randomStream(random, 60)));
      // Now and then a limit some events exceed (the scanner leaves those to the parser).
      const max = seed % 5 === 0 ? 120 : 16 * 1024 * 1024;
      events += expectSame(connections, max, `seed ${seed}`);
    }
    expect(events).toBeGreaterThan(10_000);
  });

  it('the same records under every chunking (whole, byte by byte, random, inside CRLF and UTF-8)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = seededRandom(seed * 7907);
      const bytes = randomStream(random, 12);
      for (const chunking of chunkings(bytes, [seed])) {
        expectSame([chunking.parts], seed % 4 === 0 ? 120 : 16 * 1024 * 1024, `seed ${seed}, ${chunking.name}`);
      }
    }
  });

  it('strips a BOM only at the start of a connection, even when the scanner took the reads before', () => {
    const bytes = new TextEncoder().encode('data: a\n\n\uFEFFdata: b\n\ndata: c\n\n');
    for (const cut of [9, 12, 14]) expectSame([splitAt(bytes, [cut])], 1024, `cut at ${cut}`);
    expect(reference([splitAt(bytes, [9])], 1024).filter((r) => r[0] === 'event')).toHaveLength(2);
  });

  it('leaves an event over the limit to the parser, which reports it; the rest of the read is ignored too', () => {
    const bytes = new TextEncoder().encode(`data: a\n\ndata: ${'x'.repeat(40)}\n\ndata: c\n\n`);
    // Whole, the read holds an event after the oversized one: it was emitted before the scanner.
    for (const cuts of [[], [9], [20]]) expectSame([splitAt(bytes, cuts)], 32, `cuts at ${cuts.join()}`);
    const { sink, records } = collectingSink();
    createSseDecoder(sink, { maxEventBytes: 32 }).push(bytes, 1, 1);
    expect(records.map((r) => (r.kind === 'event' ? r.data : r.kind))).toEqual(['chunk', 'a', 'error']);
  });
});

describe('scanSimpleBlock', () => {
  const scan = (text: string) => {
    const block = createSimpleBlock();
    if (!scanSimpleBlock(text, 0, block)) return null;
    const part = (start: number, end: number) => (start < 0 ? null : text.slice(start, end));
    return {
      type: part(block.typeStart, block.typeEnd),
      id: part(block.idStart, block.idEnd),
      data: part(block.dataStart, block.dataEnd),
      rest: text.slice(block.end),
    };
  };

  it('reads id and event lines, then one data line ended by a blank line', () => {
    expect(scan('id: 7\nevent: e\ndata: {"a":1}\n\nnext')).toEqual({
      type: 'e',
      id: '7',
      data: '{"a":1}',
      rest: 'next',
    });
    expect(scan('data:x\n\n')).toEqual({ type: null, id: null, data: 'x', rest: '' });
    expect(scan('data:  two\n\n')!.data).toBe(' two');
    expect(scan('id:\ndata:\n\n')).toEqual({ type: null, id: '', data: '', rest: '' });
    expect(scan('id: 1\nid: 2\ndata: d\n\n')!.id).toBe('2');
  });

  it('refuses every other shape, for the parser to follow the spec', () => {
    for (const text of [
      'data: a\ndata: b\n\n', // several data lines
      'data: a\nid: 1\n\n', // a line after the data line
      'id: a\u0000b\ndata: x\n\n', // an id the spec ignores
      ': comment\ndata: x\n\n',
      'retry: 5\ndata: x\n\n',
      'data\n\n',
      'Data: x\n\n',
      'id: 1\n\n', // no data: no event, but the last event ID changes
      'data: x\n', // the block is not over yet
      'id: 1',
    ]) {
      expect(scan(text), JSON.stringify(text)).toBeNull();
    }
  });
});
