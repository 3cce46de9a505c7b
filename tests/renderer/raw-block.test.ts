import { describe, expect, it } from 'vitest';
import { concatBytes, findEventBlock, hexDump, visibleLineEndings } from '../../src/renderer/lib/raw-block';

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
  it('prints offset, hex and ascii columns and says when it was cut', () => {
    const bytes = concatBytes([new TextEncoder().encode('data: hi\r\n'), new Uint8Array([0, 255])]);
    const { lines, truncated } = hexDump(bytes);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^00000000 {2}64 61 74 61 3a 20 68 69 {2}0d 0a 00 ff /);
    expect(lines[0]).toMatch(/\|data: hi\.\.\.\.\|$/);
    expect(truncated).toBe(false);
    expect(hexDump(new Uint8Array(40), 32)).toMatchObject({ truncated: true });
  });
});
