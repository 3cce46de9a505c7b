import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  ByteParseError,
  bytesToBase64,
  bytesToHex,
  describeBytes,
  parseBase64,
  parseHex,
} from '../../src/shared/bytes';

const u8 = (...b: number[]): Uint8Array => new Uint8Array(b);

describe('describeBytes', () => {
  it('shows readable UTF-8 as text, with hex alongside', () => {
    expect(describeBytes(new TextEncoder().encode('héllo\n'))).toEqual({
      text: 'héllo\n',
      hex: '68 c3 a9 6c 6c 6f 0a',
    });
  });

  it('shows invalid UTF-8 as hex only', () => {
    expect(describeBytes(u8(0xde, 0xad, 0xbe, 0xef))).toEqual({ hex: 'de ad be ef' });
    // A lone continuation byte and a truncated sequence are invalid too.
    expect(describeBytes(u8(0x80)).text).toBeUndefined();
    expect(describeBytes(u8(0xe2, 0x82)).text).toBeUndefined();
  });

  it('treats valid UTF-8 full of control characters as binary', () => {
    expect(describeBytes(u8(0, 1, 2, 3))).toEqual({ hex: '00 01 02 03' });
  });

  it('keeps the empty payload as empty text', () => {
    expect(describeBytes(u8())).toEqual({ text: '', hex: '' });
  });

  it('cuts the hex at maxBytes and says so', () => {
    expect(describeBytes(u8(0xff, 0xfe, 0xfd), { maxBytes: 2 })).toEqual({ hex: 'ff fe', truncated: true });
  });
});

describe('parseHex', () => {
  it('accepts the spellings people paste', () => {
    expect(Array.from(parseHex('DEADbeef'))).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(Array.from(parseHex('0xde ad:be-ef\n00'))).toEqual([0xde, 0xad, 0xbe, 0xef, 0]);
    expect(parseHex('  ').byteLength).toBe(0);
  });

  it('refuses odd lengths and foreign characters with one-line messages', () => {
    expect(() => parseHex('abc')).toThrow(new ByteParseError('invalid hex: odd number of digits (3)'));
    expect(() => parseHex('0g')).toThrow('invalid hex: unexpected character "g"');
  });
});

describe('base64', () => {
  it('round-trips random bytes of every length mod 3 and agrees with Node', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 1001]) {
      const bytes = new Uint8Array(randomBytes(n));
      const encoded = bytesToBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(parseBase64(encoded))).toEqual(Array.from(bytes));
    }
  });

  it('accepts base64url, missing padding and whitespace', () => {
    expect(Array.from(parseBase64('-_8'))).toEqual([0xfb, 0xff]);
    expect(Array.from(parseBase64('AAEC\n/w'))).toEqual([0, 1, 2, 255]);
  });

  it('refuses stray characters, misplaced padding and impossible lengths', () => {
    expect(() => parseBase64('ab$d')).toThrow('invalid base64: unexpected character "$"');
    expect(() => parseBase64('ab=d')).toThrow(/padding/);
    expect(() => parseBase64('abcde')).toThrow(/cannot encode whole bytes/);
    expect(() => parseBase64('abc==')).toThrow(/padding/);
  });

  it('bytesToHex without a separator is contiguous', () => {
    expect(bytesToHex(u8(1, 171))).toBe('01ab');
  });
});
