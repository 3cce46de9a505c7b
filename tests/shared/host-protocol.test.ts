/**
 * Records over the browser host's socket: bytes go as base64 and come back as the same bytes; the
 * page decodes a record's bytes only when something reads them, once.
 */
import { describe, expect, it } from 'vitest';
import { recordsFromWire, recordsToWire } from '../../src/shared/host-protocol';
import type { StreamRecord } from '../../src/shared/records';

const toBase64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('host protocol records', () => {
  it('decodes bytes on first read, once, to what was sent', () => {
    const sent: StreamRecord[] = [
      { kind: 'chunk', sessionId: 's', seq: 0, t: 1, connection: 1, bytes: new TextEncoder().encode('data: hi\n\n') },
      { kind: 'comment', sessionId: 's', seq: 1, t: 2, connection: 1, text: 'x' },
    ];
    const wire = JSON.parse(JSON.stringify(recordsToWire(sent, toBase64))) as ReturnType<typeof recordsToWire>;
    let decodes = 0;
    const records = recordsFromWire(wire, (text) => {
      decodes++;
      return new Uint8Array(Buffer.from(text, 'base64'));
    });
    expect(decodes).toBe(0);
    const chunk = records[0]!;
    if (chunk.kind !== 'chunk') throw new Error('not a chunk');
    expect(new TextDecoder().decode(chunk.bytes)).toBe('data: hi\n\n');
    expect(chunk.bytes).toBe(chunk.bytes);
    expect(decodes).toBe(1);
    // A copy of the record carries the bytes like a plain property.
    expect({ ...chunk }.bytes).toBe(chunk.bytes);
    expect(records).toEqual(sent);
  });
});
