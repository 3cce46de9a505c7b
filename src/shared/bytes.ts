/**
 * Pure byte helpers shared by core (sending WebSocket frames) and the renderer (showing them).
 * No Node Buffer here: the renderer has no Node types.
 */

/** How a payload is best shown: as text when it is readable UTF-8, and always as hex. */
export interface BytesDescription {
  /** The decoded text, present only when the bytes are valid UTF-8 without control characters. */
  text?: string;
  /** Lower-case hex pairs separated by single spaces ("de ad be ef"), possibly cut at `maxBytes`. */
  hex: string;
  /** True when `hex` covers only the first `maxBytes` bytes. */
  truncated?: boolean;
}

export interface DescribeBytesOptions {
  /** Hex is produced for at most this many bytes (3 characters per byte). Default: all of them. */
  maxBytes?: number;
}

const HEX_DIGITS = '0123456789abcdef';

// Valid UTF-8 alone is not enough to call bytes "text": 00 01 02 decodes fine but reads as
// nothing. C0 controls other than tab, LF and CR (and DEL) mark the payload as binary.
const UNREADABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Describes a binary payload for display: `text` when it is valid, readable UTF-8, and `hex`
 * always (so a view can offer both).
 */
export function describeBytes(bytes: Uint8Array, options: DescribeBytesOptions = {}): BytesDescription {
  const limit = Math.min(bytes.byteLength, options.maxBytes ?? bytes.byteLength);
  const out: BytesDescription = { hex: bytesToHex(bytes.subarray(0, limit), ' ') };
  if (limit < bytes.byteLength) out.truncated = true;
  const text = decodeUtf8Strict(bytes);
  if (text !== null && !UNREADABLE.test(text)) out.text = text;
  return out;
}

/** UTF-8 decoding that refuses invalid sequences instead of inserting U+FFFD. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Hex digits for `bytes`, two per byte, joined by `separator` (default none). */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const parts = new Array<string>(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i++) {
    const b = bytes[i]!;
    parts[i] = HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return parts.join(separator);
}

/** Why a hex or base64 string could not be decoded; the message is one line, fit for a user. */
export class ByteParseError extends Error {
  override name = 'ByteParseError';
}

/**
 * Decodes hex typed by a person: case-insensitive, optional `0x` prefix, and spaces, newlines,
 * colons or dashes between bytes ("de:ad be-ef"). Throws ByteParseError naming the problem.
 */
export function parseHex(input: string): Uint8Array {
  let s = input.trim();
  if (/^0x/i.test(s)) s = s.slice(2);
  s = s.replace(/[\s:-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(s);
  if (bad) throw new ByteParseError(`invalid hex: unexpected character "${bad[0]}"`);
  if (s.length % 2 !== 0) throw new ByteParseError(`invalid hex: odd number of digits (${s.length})`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES: Record<string, number> = (() => {
  const map: Record<string, number> = {};
  for (let i = 0; i < 64; i++) map[BASE64_ALPHABET[i]!] = i;
  // base64url spells 62 and 63 differently; accept both so pasted JWT parts work.
  map['-'] = 62;
  map['_'] = 63;
  return map;
})();

/**
 * Decodes base64 or base64url, padding optional, whitespace ignored. Unlike lenient decoders it
 * refuses stray characters, misplaced padding and impossible lengths with a ByteParseError.
 */
export function parseBase64(input: string): Uint8Array {
  const s = input.replace(/\s/g, '');
  const firstPad = s.indexOf('=');
  const body = firstPad === -1 ? s : s.slice(0, firstPad);
  const padding = firstPad === -1 ? '' : s.slice(firstPad);
  if (!/^={0,2}$/.test(padding))
    throw new ByteParseError('invalid base64: "=" padding only allowed at the end (at most two)');
  for (const ch of body) {
    if (BASE64_VALUES[ch] === undefined) throw new ByteParseError(`invalid base64: unexpected character "${ch}"`);
  }
  if (body.length % 4 === 1)
    throw new ByteParseError(`invalid base64: a length of ${body.length} characters cannot encode whole bytes`);
  if (padding && (body.length + padding.length) % 4 !== 0)
    throw new ByteParseError('invalid base64: wrong amount of "=" padding');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const ch of body) {
    acc = (acc << 6) | BASE64_VALUES[ch]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Standard base64 (with padding) of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.byteLength; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >> 18]! +
      BASE64_ALPHABET[(n >> 12) & 63]! +
      BASE64_ALPHABET[(n >> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.byteLength - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}
