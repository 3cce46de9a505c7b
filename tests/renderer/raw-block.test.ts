import { describe, expect, it } from 'vitest';
import {
  byteRange,
  concatBytes,
  findEventBlock,
  hexDump,
  hexRowText,
  visibleLineEndings,
} from '../../src/renderer/lib/raw-block';

// The shape of src/core/demo/fixtures/crlf-heartbeats.sse (inlined: renderer tests have no Node types).
const CRLF_SAMPLE = [
  ': heartbeat',
  '',
  'retry: 2000',
  'id: 1',
  'event: notification',
  'data: first line',
  'data: second line',
  '',
  ': heartbeat',
  '',
  '',
].join('\r\n');

describe('visibleLineEndings', () => {
  it('draws CR and LF as symbols and keeps one visual break per line ending', () => {
    const segs = visibleLineEndings('a\r\nb\nc\rd');
    expect(segs.map((s) => s.text).join('')).toBe('a\\r\\n\nb\\n\nc\\r\nd');
    expect(segs.filter((s) => s.ctrl).map((s) => s.text)).toEqual(['\\r', '\\n', '\\n', '\\r']);
  });
});

describe('findEventBlock', () => {
  it('finds the block of a multi-line CRLF event among heartbeats', () => {
    const text = CRLF_SAMPLE;
    const lines = text.split('\r\n');
    // The fixture joins two data lines of a "notification" event; find that event's block.
    const first = lines.findIndex((l) => l.startsWith('event: notification'));
    expect(first).toBeGreaterThanOrEqual(0);
    const blockLines: string[] = [];
    for (let i = first; lines[i] !== ''; i++) blockLines.push(lines[i]!);
    const data = blockLines
      .filter((l) => l.startsWith('data'))
      .map((l) => l.replace(/^data: ?/, ''))
      .join('\n');
    const at = findEventBlock(text, { type: 'notification', data });
    expect(at).not.toBeNull();
    const block = text.slice(at![0], at![1]);
    expect(block).toContain('event: notification');
    expect(block.endsWith('\r\n\r\n')).toBe(true);
  });

  it('returns null when no block has that data', () => {
    expect(findEventBlock('data: a\n\n', { type: 'message', data: 'b' })).toBeNull();
    expect(findEventBlock('event: x\ndata: a\n\n', { type: 'message', data: 'a' })).toBeNull();
    expect(findEventBlock('data: a\n\n', { type: 'message', data: 'a' })).toEqual([0, 9]);
  });
});

describe('hexDump', () => {
  it('prints offset, hex and ascii columns and says what was left out', () => {
    const bytes = concatBytes([new TextEncoder().encode('data: hi\r\n'), new Uint8Array([0, 255])]);
    const { rows, before, after } = hexDump(bytes);
    expect(rows).toHaveLength(1);
    const line = hexRowText(rows[0]!);
    expect(line).toMatch(/^00000000 {2}64 61 74 61 3a 20 68 69 {2}0d 0a 00 ff /);
    expect(line).toMatch(/\|data: hi\.\.\.\.\|$/);
    expect([before, after]).toEqual([0, 0]);
    expect(hexDump(new Uint8Array(40), { maxBytes: 32 })).toMatchObject({ before: 0, after: 8 });
  });

  it('marks the highlighted bytes in both columns, 8 bytes a line when asked', () => {
    const bytes = new TextEncoder().encode('id: 1\n\ndata: x\n\n');
    const { rows } = hexDump(bytes, { perRow: 8, highlight: [7, 16] });
    expect(rows.map(hexRowText)[0]).toBe('00000000  69 64 3a 20  31 0a 0a 64 |id: 1..d|');
    const marked = (list: Array<{ text: string; hl: boolean }>) => list.filter((s) => s.hl).map((s) => s.text);
    expect(marked(rows[0]!.ascii)).toEqual(['d']);
    expect(marked(rows[0]!.hex)).toEqual(['64']);
    expect(marked(rows[1]!.ascii)).toEqual(['ata: x..']);
  });

  it('shows a window around a highlight that lies beyond the first 4 KiB', () => {
    const bytes = new Uint8Array(5000).fill(0x61);
    const { rows, before, after } = hexDump(bytes, { highlight: [4900, 4990] });
    expect(before).toBeGreaterThan(0);
    expect(before % 16).toBe(0);
    expect(before).toBeLessThanOrEqual(4900);
    expect(before + rows.length * 16).toBeGreaterThanOrEqual(4990);
    expect(after).toBe(Math.max(0, 5000 - before - 4096));
    expect(rows.some((r) => r.ascii.some((s) => s.hl))).toBe(true);
  });
});

describe('byteRange', () => {
  it('turns character offsets into UTF-8 byte offsets', () => {
    expect(byteRange('é data: ü\n\n', [2, 11])).toEqual([3, 13]);
  });
});
