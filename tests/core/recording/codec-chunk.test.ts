/**
 * A chunk line is written without stringifying its base64 (src/core/recording/codec.ts): the text
 * must stay exactly what stringifying the record with `data` last gives, and read back to the
 * same bytes.
 */
import { describe, expect, it } from 'vitest';
import { decodeLine, encodeRecord } from '../../../src/core/recording/codec';
import { seededRandom } from '../sse/chunkings';

describe('chunk lines', () => {
  it('are the JSON of the record with data last, and decode to the same bytes', () => {
    const random = seededRandom(15);
    for (const length of [0, 1, 2, 3, 4, 5, 100, 4097, 65536]) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      const t = 1_764_567_890_123 + random();
      const line = encodeRecord({ kind: 'chunk', t, connection: 3, bytes });
      expect(line).toBe(
        JSON.stringify({ kind: 'chunk', t, connection: 3, data: Buffer.from(bytes).toString('base64') }),
      );
      const decoded = decodeLine(line);
      expect(decoded.kind === 'record' && decoded.record).toEqual({ kind: 'chunk', t, connection: 3, bytes });
    }
  });
});
