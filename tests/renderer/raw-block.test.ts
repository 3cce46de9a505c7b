import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  findEventBlock,
  hexDump,
  hexRowText,
  rawWindow,
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

const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (...parts: Array<string | number[]>) =>
  concatBytes(parts.map((p) => (typeof p === 'string' ? utf8(p) : new Uint8Array(p))));
const BOM = [0xef, 0xbb, 0xbf];

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
    const bytes = utf8(text);
    const at = findEventBlock(bytes, { type: 'notification', data });
    expect(at).not.toBeNull();
    const block = new TextDecoder().decode(bytes.subarray(at![0], at![1]));
    expect(block).toContain('event: notification');
    expect(block.startsWith('retry: 2000\r\n')).toBe(true);
    expect(block.endsWith('\r\n\r\n')).toBe(true);
  });

  it('returns null when no block has that data', () => {
    expect(findEventBlock(utf8('data: a\n\n'), { type: 'message', data: 'b' })).toBeNull();
    expect(findEventBlock(utf8('event: x\ndata: a\n\n'), { type: 'message', data: 'a' })).toBeNull();
    expect(findEventBlock(utf8('data: a\n\n'), { type: 'message', data: 'a' })).toEqual([0, 9]);
    // Not ended by a blank line yet: no block.
    expect(findEventBlock(utf8('data: a\n'), { type: 'message', data: 'a' })).toBeNull();
  });

  // The demo's `bom` scenario: the decoder drops the BOM, and each block's bytes start after it.
  it('counts the BOM a body starts with as bytes of no block', () => {
    const first = 'data: {"message":"after the BOM"}\n\n';
    const second = 'id: 2\ndata: second\n\n';
    const bytes = bytesOf(BOM, first, second);
    const one = findEventBlock(bytes, { type: 'message', data: '{"message":"after the BOM"}' }, { bom: 3 });
    expect(one).toEqual([3, 3 + first.length]);
    const two = findEventBlock(bytes, { type: 'message', data: 'second' }, { bom: 3 });
    expect(two).toEqual([3 + first.length, bytes.byteLength]);
    // A BOM anywhere but at the start of the body is text: that first line's field is not "data".
    expect(findEventBlock(bytes, { type: 'message', data: '{"message":"after the BOM"}' })).toBeNull();
  });

  it('reads invalid UTF-8 as the stream did: one U+FFFD for each invalid sequence, its bytes as they came', () => {
    // FF and FE are never UTF-8; C3 starts a sequence that "d" breaks off. 9 bytes on the wire.
    const first = bytesOf('data: abc', [0xff, 0xfe, 0xc3], 'def\n\n');
    const bytes = concatBytes([first, utf8('data: next\n\n')]);
    const data = 'abc\ufffd\ufffd\ufffddef';
    expect(new TextDecoder().decode(first)).toBe(`data: ${data}\n\n`);
    expect(findEventBlock(bytes, { type: 'message', data })).toEqual([0, first.byteLength]);
    expect(findEventBlock(bytes, { type: 'message', data: 'next' })).toEqual([first.byteLength, bytes.byteLength]);
  });

  it('finds blocks whose characters were split between chunks, after multi-byte text', () => {
    const euro = utf8('€'); // e2 82 ac
    const face = utf8('😀'); // f0 9f 98 80
    const chunks = [
      utf8('data: é\n\ndata: 1 '),
      euro.subarray(0, 1),
      concatBytes([euro.subarray(1), face.subarray(0, 3)]),
      concatBytes([face.subarray(3), utf8('\n\nevent: ü\ndata: 2\n\n')]),
    ];
    const bytes = concatBytes(chunks);
    const firstBlock = utf8('data: é\n\n').byteLength;
    const secondEnd = firstBlock + utf8('data: 1 €😀\n\n').byteLength;
    expect(findEventBlock(bytes, { type: 'message', data: '1 €😀' })).toEqual([firstBlock, secondEnd]);
    expect(findEventBlock(bytes, { type: 'ü', data: '2' })).toEqual([secondEnd, bytes.byteLength]);
  });

  it('takes CR, LF and CRLF line endings, mixed', () => {
    const cr = 'data: a\rdata: b\r\r';
    const crlf = 'event: t\r\ndata: c\r\n\r\n';
    const lf = ': note\ndata: d\n\n';
    const bytes = utf8(cr + crlf + lf);
    expect(findEventBlock(bytes, { type: 'message', data: 'a\nb' })).toEqual([0, cr.length]);
    expect(findEventBlock(bytes, { type: 't', data: 'c' })).toEqual([cr.length, cr.length + crlf.length]);
    expect(findEventBlock(bytes, { type: 'message', data: 'd' })).toEqual([cr.length + crlf.length, bytes.byteLength]);
  });

  it("keeps a U+FEFF that starts a value: only the body's first one is a BOM", () => {
    const bytes = bytesOf('data:', BOM, 'x\n\n');
    expect(findEventBlock(bytes, { type: 'message', data: '\ufeffx' })).toEqual([0, bytes.byteLength]);
  });

  it('passes the tail of a block carried over from an earlier chunk, and repeated blocks when told', () => {
    // The earlier chunk held "event: other\n"; these bytes end that block, then send the event.
    const bytes = utf8('data: x\n\ndata: x\n\ndata: x\n\n');
    expect(findEventBlock(bytes, { type: 'message', data: 'x' }, { carriedOver: true })).toEqual([9, 18]);
    expect(findEventBlock(bytes, { type: 'message', data: 'x' }, { carriedOver: true, skip: 1 })).toEqual([18, 27]);
    expect(findEventBlock(bytes, { type: 'message', data: 'x' }, { skip: 2 })).toEqual([18, 27]);
    expect(findEventBlock(bytes, { type: 'message', data: 'x' }, { skip: 3 })).toBeNull();
  });
});

describe('rawWindow', () => {
  const decodeWhole = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const joined = (w: { parts: Array<{ text: string }> }) => w.parts.map((p) => p.text).join('');
  const marked = (w: { parts: Array<{ text: string; hl: boolean }> }) =>
    w.parts
      .filter((p) => p.hl)
      .map((p) => p.text)
      .join('');

  it('shows small bytes whole, the highlight exactly the block, whatever the bytes before it decode to', () => {
    const first = bytesOf(BOM, 'data: abc', [0xff, 0xfe, 0xc3], 'def\n\n');
    const bytes = concatBytes([first, utf8('data: é\n\n')]);
    const w = rawWindow(bytes, [first.byteLength, bytes.byteLength], 1024);
    expect([w.from, w.to]).toEqual([0, bytes.byteLength]);
    expect(joined(w)).toBe(decodeWhole(bytes));
    expect(marked(w)).toBe('data: é\n\n');
    expect(w.parts[0]!.text).toBe('\ufeffdata: abc\ufffd\ufffd\ufffddef\n\n');
  });

  it('cuts large bytes on character boundaries, never showing U+FFFD for a character sent whole', () => {
    const bytes = utf8('data: ' + 'é'.repeat(1000) + '\n\n');
    const w = rawWindow(bytes, [0, bytes.byteLength], 101);
    expect(w.from).toBe(0);
    expect(w.to).toBeLessThanOrEqual(101);
    expect(w.to).toBeGreaterThanOrEqual(99);
    expect(joined(w)).not.toContain('\ufffd');
    expect(joined(w)).toBe(decodeWhole(bytes.subarray(0, w.to)));
    expect(w.parts).toEqual([{ text: joined(w), hl: true }]);
  });

  it('starts a window for a block deep in the bytes at a line start shortly before it', () => {
    const before = 'data: filler\n\n'.repeat(1000);
    const block = 'id: 7\ndata: ' + 'z'.repeat(3000) + '\n\n';
    const bytes = utf8(before + block + 'data: after\n\n');
    const start = before.length;
    const w = rawWindow(bytes, [start, start + block.length], 2048);
    expect(w.from).toBeGreaterThanOrEqual(start - 512);
    expect(w.from).toBeLessThan(start);
    expect(bytes[w.from - 1]).toBe(0x0a);
    expect(w.to - w.from).toBe(2048);
    expect(marked(w)).toBe(block.slice(0, w.to - start));
    expect(joined(w)).toBe(decodeWhole(bytes.subarray(w.from, w.to)));
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
