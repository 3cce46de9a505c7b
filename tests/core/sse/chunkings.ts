/**
 * The five ways a stream is cut into network reads in these tests: whole, byte by byte, seeded
 * random splits, split inside every CRLF, split inside every multi-byte UTF-8 character.
 * The last two only apply when the input has a CRLF / a multi-byte character.
 */
export interface Chunking {
  name: string;
  parts: Uint8Array[];
}

/** A source of numbers in [0, 1), such as {@link seededRandom}'s. */
export type Random = () => number;

/** Deterministic PRNG (mulberry32) so a failing random split can be reproduced by its seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, chosen by `random`. */
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const sorted = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const cut of sorted) {
    parts.push(bytes.slice(start, cut));
    start = cut;
  }
  parts.push(bytes.slice(start));
  return parts;
}

/** Positions between the CR and the LF of each CRLF. */
export function crlfCuts(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) if (bytes[i - 1] === 0x0d && bytes[i] === 0x0a) cuts.push(i);
  return cuts;
}

/** Positions inside multi-byte UTF-8 sequences (after the lead byte and every continuation but the last). */
export function utf8Cuts(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    // A continuation byte (10xxxxxx) after a lead or continuation byte: cut before it.
    if ((b & 0xc0) === 0x80 && (bytes[i - 1]! & 0x80) === 0x80) cuts.push(i);
  }
  return cuts;
}

export function chunkings(bytes: Uint8Array, seeds: number[] = [1, 2, 3]): Chunking[] {
  const out: Chunking[] = [
    { name: 'whole', parts: [bytes] },
    {
      name: 'byte by byte',
      parts: splitAt(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    },
  ];
  for (const seed of seeds) {
    const rnd = seededRandom(seed);
    const cuts = Array.from({ length: Math.max(1, Math.floor(bytes.length / 4)) }, () =>
      Math.floor(rnd() * bytes.length),
    );
    out.push({ name: `random splits (seed ${seed})`, parts: splitAt(bytes, cuts) });
  }
  const crlf = crlfCuts(bytes);
  if (crlf.length) out.push({ name: 'split inside CRLF', parts: splitAt(bytes, crlf) });
  const utf8 = utf8Cuts(bytes);
  if (utf8.length) out.push({ name: 'split inside UTF-8', parts: splitAt(bytes, utf8) });
  return out;
}
