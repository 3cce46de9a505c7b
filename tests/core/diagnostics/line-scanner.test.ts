import { describe, expect, it } from 'vitest';
import { createLineScanner, type LineEnding } from '../../../src/core/diagnostics/line-scanner';

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
