import { describe, expect, it } from 'vitest';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import { chunkings } from './chunkings';
import { collectingSink, ofKind } from './records-helper';
import { bytesOf } from './spec-cases';

/**
 * For each dispatched block of an LF / CRLF / CR stream: the byte offset of its first line and the
 * offset just past the first byte of the blank line that dispatched it. Worked out from the whole text, independently
 * of how the decoder tracks reads.
 */
function blockSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)/g) ?? [];
  let offset = 0;
  let start: number | null = null;
  let hasData = false;
  for (const line of lines) {
    const bytes = Buffer.byteLength(line);
    const content = line.replace(/[\r\n]+$/, '');
    if (content === '') {
      // The block is complete when the blank line's first terminator byte arrives (a browser
      // dispatches on the CR of a CRLF without waiting for the LF).
      if (start !== null && hasData) spans.push([start, offset + 1]);
      start = null;
      hasData = false;
    } else {
      if (start === null) start = offset;
      if (content.startsWith('data')) hasData = true;
    }
    offset += bytes;
  }
  return spans;
}

const STREAMS = {
  lf: 'data: a\n\nevent: e\ndata: b\ndata: c\n\n: only a comment\n\nid: 7\ndata: é😀\n\n\n\ndata: last\n\n',
  crlf: 'data: a\r\n\r\nevent: e\r\ndata: b\r\n\r\n: c\r\n\r\ndata: é😀\r\n\r\n',
  cr: 'data: a\r\rdata: b\rdata: c\r\r',
};

describe('events point at the reads that carried their block', () => {
  for (const [name, text] of Object.entries(STREAMS)) {
    it(`${name} endings, under every chunking`, () => {
      const bytes = bytesOf(text);
      const spans = blockSpans(text);
      for (const chunking of chunkings(bytes)) {
        const { sink, records } = collectingSink();
        const decoder = createSseDecoder(sink);
        chunking.parts.forEach((p, i) => decoder.push(p, i, 1));
        // Which read holds a given byte offset: its chunk record's seq.
        const chunkAt: number[] = [];
        records.forEach((r, seq) => {
          if (r.kind === 'chunk') for (let k = 0; k < r.bytes.byteLength; k++) chunkAt.push(seq);
        });
        const events = ofKind(records, 'event');
        expect(events.length, chunking.name).toBe(spans.length);
        events.forEach((e, i) => {
          const [start, end] = spans[i]!;
          expect(e.chunks, `${chunking.name}, event ${i}`).toEqual([chunkAt[start], chunkAt[end - 1]]);
        });
      }
    });
  }
});
