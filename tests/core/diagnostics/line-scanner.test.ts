import { describe, expect, it } from 'vitest';
import { createLineScanner, type LineEnding } from '../../../src/core/diagnostics/line-scanner';
import { pick, seededRandom, splitAt } from '../sse/chunkings';

interface Seen {
  lines: string[];
  endings: LineEnding[];
  boms: boolean[];
  partial: string;
}

/** Scans `text` cut at `cuts` (byte offsets), one chunk seq per piece. */
function scanPieces(bytes: Uint8Array, cuts: number[]): Seen {
  const seen: Seen = { lines: [], endings: [], boms: [], partial: '' };
  const scanner = createLineScanner({
    line: (l) => seen.lines.push(l.text),
    ending: (k) => seen.endings.push(k),
    bom: (atStart) => seen.boms.push(atStart),
  });
  let from = 0;
  [...cuts, bytes.length].forEach((to, i) => {
    scanner.push(bytes.subarray(from, to), i, i);
    from = to;
  });
  seen.partial = scanner.end().partialText;
  return seen;
}

function everySplit(text: string, check: (seen: Seen) => void): void {
  const bytes = new TextEncoder().encode(text);
  check(scanPieces(bytes, []));
  for (let a = 1; a < bytes.length; a++) check(scanPieces(bytes, [a]));
  check(
    scanPieces(
      bytes,
      Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
    ),
  );
}

describe('line scanner', () => {
  it('splits LF, CRLF and CR lines the same under every chunking (inside CRLF, inside UTF-8)', () => {
    everySplit('\uFEFFdata: é\r\n\r\nid: 1\rdata: ✓\n\nx', (seen) => {
      expect(seen.lines).toEqual(['data: é', '', 'id: 1', 'data: ✓', '']);
      expect(seen.endings).toEqual(['crlf', 'crlf', 'cr', 'lf', 'lf']);
      expect(seen.boms).toEqual([]);
      expect(seen.partial).toBe('x');
    });
  });

  it('reports a BOM after the start, at a line start or inside a line, under every chunking', () => {
    everySplit('data: a\n\uFEFFdata: b\ndata: c\uFEFF\n', (seen) => {
      expect(seen.boms).toEqual([true, false]);
      expect(seen.lines).toEqual(['data: a', '\uFEFFdata: b', 'data: c\uFEFF']);
    });
  });

  it('a CR as the very last byte is settled as a CR ending at end()', () => {
    const seen = scanPieces(new TextEncoder().encode('data: a\r'), []);
    expect(seen.endings).toEqual(['cr']);
    expect(seen.partial).toBe('');
  });

  it('keeps at most 4096 characters of a huge line but reports its full length', () => {
    let length = 0;
    let text = '';
    const scanner = createLineScanner({
      line: (l) => ((length = l.length), (text = l.text)),
      ending: () => {},
      bom: () => {},
    });
    const big = 'data: ' + 'x'.repeat(100_000);
    scanner.push(new TextEncoder().encode(big.slice(0, 50_000)), 0, 0);
    scanner.push(new TextEncoder().encode(big.slice(50_000) + '\n'), 1, 1);
    expect(length).toBe(big.length);
    expect(text.length).toBe(4096);
  });
});

/**
 * A sink that takes whole blocks of the common shape (`simpleBlock`) must leave the spec rules
 * where reading them line by line would: the same other lines reported, the same block open or
 * not after every read, the same first line endings, the same partial line at the end.
 */
describe('line scanner: common-shape blocks taken whole', () => {
  const LINES = [
    'id: 7',
    'id:',
    'id: a\u0000b',
    'event: tick',
    'event:',
    'data: {"n":1}',
    'data:',
    'data: two',
    ': comment',
    'retry: 1000',
    'retry: x',
    'dat: typo',
    'data',
    // Lines whose rest, after a read cut inside them, looks like a line of its own.
    'x: data: 5',
    'event: id: 9',
  ];

  /** What the spec rules keep from a scan, read by the spec's own state machine. */
  function trace(reads: Uint8Array[], wholeBlocks: boolean): string[] {
    const out: string[] = [];
    let blockStart: number | null = null;
    const firstEndings = new Set<string>();
    const scanner = createLineScanner({
      line: (l) => {
        if (l.text === '') blockStart = null;
        else if (!l.text.startsWith(':')) {
          const name = l.text.split(':', 1)[0]!;
          if (['event', 'data', 'id'].includes(name)) blockStart ??= l.firstSeq;
          if (name !== 'event' && name !== 'data' && !(name === 'id' && !l.text.includes('\u0000')))
            out.push(`line ${JSON.stringify(l.text)} ${l.firstSeq}-${l.lastSeq}`);
        }
      },
      fieldLine: (seq) => {
        blockStart ??= seq;
      },
      blankLine: () => {
        blockStart = null;
      },
      ...(wholeBlocks
        ? {
            simpleBlock: () => {
              blockStart = null;
            },
          }
        : {}),
      ending: (kind, seq) => {
        if (!firstEndings.has(kind)) out.push(`ending ${kind} ${seq}`);
        firstEndings.add(kind);
      },
      bom: (atStart, seq) => out.push(`bom ${atStart} ${seq}`),
    });
    reads.forEach((read, seq) => {
      scanner.push(read, seq, seq);
      out.push(`after ${seq}: block ${blockStart}`);
    });
    const end = scanner.end();
    out.push(`end ${end.partialLine} ${end.partialSeq} ${JSON.stringify(end.partialText)}`);
    return out;
  }

  it('reports what line by line reporting does, over random streams and reads', () => {
    const random = seededRandom(2026);
    let blocks = 0;
    for (let round = 0; round < 60; round++) {
      let text = '';
      for (let b = 0; b < 40; b++) {
        const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, LINES));
        text += lines.join('\n') + (random() < 0.9 ? '\n\n' : '\n');
        blocks++;
      }
      const bytes = new TextEncoder().encode(text.slice(0, text.length - Math.floor(random() * 4)));
      const cuts: number[] = [];
      for (let at = 0; at < bytes.length;) cuts.push((at += 1 + Math.floor(random() * pick(random, [3, 40, 400]))));
      const reads = splitAt(bytes, cuts);
      expect(trace(reads, true)).toEqual(trace(reads, false));
    }
    expect(blocks).toBe(2400);
  });
});
