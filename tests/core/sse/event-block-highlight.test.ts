/**
 * The detail pane highlights an event's block in the bytes of the chunks it came from
 * (src/renderer/features/detail/detail-model.ts). Held here to the real decoder: seeded streams
 * with a BOM, invalid UTF-8, multi-byte characters, repeated events and LF / CRLF / CR endings, cut
 * into reads every way chunkings.ts knows. For every event the highlight is exactly its block's
 * bytes on the wire (up to the end of the last chunk the event names).
 */
import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import { eventSourceBytes } from '../../../src/renderer/features/detail/detail-model';
import { createRecordRing } from '../../../src/renderer/lib/record-ring';
import { chunkings, pick, seededRandom, type Random } from './chunkings';
import { collectingSink } from './records-helper';

const utf8 = (text: string) => [...Buffer.from(text, 'utf8')];

/** Pieces of a value: ASCII, multi-byte characters, invalid or cut-short sequences, a BOM. */
const PIECES: number[][] = [
  utf8('x'),
  utf8('x'),
  utf8('hello world'),
  utf8('é'),
  utf8('€'),
  utf8('😀'),
  [0xff],
  [0xfe, 0xc3],
  [0xe2, 0x82],
  [0xef, 0xbb, 0xbf],
  [0x80],
];

interface Stream {
  bytes: Uint8Array;
  /** [start, end) of each block that dispatches an event, in order: first line to blank line's end. */
  blocks: Array<[number, number]>;
}

/** A stream of 2–7 blocks (some only a comment or an id), each line ended by LF, CRLF or CR. */
function generate(random: Random): Stream {
  const out: number[] = [];
  const blocks: Array<[number, number]> = [];
  let lastEnding = '\n';
  const line = (text: number[], ending = pick(random, ['\n', '\r\n', '\r'])) => {
    out.push(...text, ...utf8(ending));
    lastEnding = ending;
  };
  if (random() < 0.4) out.push(0xef, 0xbb, 0xbf);
  const count = 2 + Math.floor(random() * 6);
  for (let b = 0; b < count; b++) {
    const start = out.length;
    let data = false;
    const lines = 1 + Math.floor(random() * 3);
    for (let l = 0; l < lines; l++) {
      const kind = pick(random, ['data', 'data', 'data', 'bare', 'event', 'id', 'comment', 'retry']);
      const value = Array.from({ length: Math.floor(random() * 3) }, () => pick(random, PIECES)).flat();
      if (kind === 'data') line([...utf8(pick(random, ['data: ', 'data:'])), ...value]);
      else if (kind === 'bare') line(utf8('data'));
      else if (kind === 'event') line([...utf8('event: '), ...pick(random, [utf8('t'), utf8('ü'), []])]);
      else if (kind === 'id') line(utf8(`id: ${b}`));
      else if (kind === 'comment') line([...utf8(': '), ...value]);
      else line(utf8('retry: 1000'));
      data ||= kind === 'data' || kind === 'bare';
    }
    // A LF right after a CR would join it as one CRLF, not end the block.
    line([], lastEnding === '\r' ? pick(random, ['\r', '\r\n']) : pick(random, ['\n', '\r\n', '\r']));
    if (data) blocks.push([start, out.length]);
  }
  return { bytes: new Uint8Array(out), blocks };
}

describe('the highlighted block of every event is its bytes on the wire', () => {
  it('in 60 seeded streams, under every chunking', () => {
    const random = seededRandom(20_261_202);
    let checked = 0;
    // One line per event whose highlight is off (an expect per event cost more than the rest).
    const wrong: string[] = [];
    for (let n = 0; n < 60; n++) {
      const stream = generate(random);
      const what = `stream ${n} (${JSON.stringify(Buffer.from(stream.bytes).toString('latin1'))})`;
      for (const chunking of chunkings(stream.bytes, [n + 1])) {
        const { sink, records } = collectingSink();
        const decoder = createSseDecoder(sink);
        chunking.parts.forEach((p, i) => decoder.push(p, i, 1));
        const ring = createRecordRing(100_000);
        // Where each chunk record starts in the stream, and ends.
        const chunkStart = new Map<number, number>();
        const chunkEnd = new Map<number, number>();
        let offset = 0;
        records.forEach((r, seq) => {
          ring.push({ ...r, seq, sessionId: 's' });
          if (r.kind !== 'chunk') return;
          chunkStart.set(seq, offset);
          offset += r.bytes.byteLength;
          chunkEnd.set(seq, offset);
        });
        let i = 0;
        records.forEach((e, seq) => {
          if (e.kind !== 'event') return;
          const block = eventSourceBytes(ring, { ...e, seq, sessionId: 's' }, 64)?.block;
          const from = chunkStart.get(e.chunks[0])!;
          const to = chunkEnd.get(e.chunks[1])!;
          const [start, end] = stream.blocks[i] ?? [NaN, NaN];
          const expected = [start - from, Math.min(end, to) - from];
          if (block?.[0] !== expected[0] || block?.[1] !== expected[1])
            wrong.push(
              `${what}, ${chunking.name}, event ${i}: ${JSON.stringify(block)}, not ${JSON.stringify(expected)}`,
            );
          i++;
          checked++;
        });
        if (i !== stream.blocks.length)
          wrong.push(`${what}, ${chunking.name}: ${i} events, not ${stream.blocks.length}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(800);
  });
});
