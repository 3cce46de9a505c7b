/**
 * A raw `text/event-stream` body (a `.sse` file, a `curl -N` capture) as a recording. A body has
 * no timing, so it is cut into one chunk per event block (after each blank line, bytes untouched)
 * and the chunks are spaced `gapMs` apart: synthetic, and the recording says so in a warning.
 */
import type { Recording, StoredRecord } from '#shared/recording-format';
import { createHeader } from './recorder';

export interface RawSseImportOptions {
  /** Gap between event blocks, ms. Default 100. */
  gapMs?: number;
  /** Time of the first record (ms since epoch). Default: now. */
  t0?: number;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits an SSE body after each empty line (the end of a block), recognising CRLF, CR and LF.
 * The pieces concatenate to exactly the input.
 */
export function splitAtBlocks(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let pieceStart = 0;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b !== CR && b !== LF) {
      i++;
      continue;
    }
    const termEnd = b === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    if (i === lineStart && i > pieceStart) {
      pieces.push(bytes.subarray(pieceStart, termEnd));
      pieceStart = termEnd;
    }
    lineStart = termEnd;
    i = termEnd;
  }
  if (pieceStart < bytes.length) pieces.push(bytes.subarray(pieceStart));
  return pieces;
}

/** Builds the stored records of one synthetic, successful SSE exchange carrying `chunks`. */
export function syntheticSseRecords(
  url: string,
  chunks: Array<{ t: number; bytes: Uint8Array }>,
  t0: number,
): StoredRecord[] {
  const records: StoredRecord[] = [
    { kind: 'state', t: t0, connection: 1, readyState: 0, reason: 'connecting', message: `connecting to ${url}` },
    {
      kind: 'response',
      t: t0,
      connection: 1,
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream' },
      url,
      redirected: false,
      requestSentAt: t0,
    },
    { kind: 'state', t: t0, connection: 1, readyState: 1, reason: 'open', message: 'HTTP 200' },
  ];
  for (const c of chunks) records.push({ kind: 'chunk', t: c.t, connection: 1, bytes: c.bytes });
  const end = chunks.at(-1)?.t ?? t0;
  // Ends like har.ts's import with a closing state literal, each with its own transport's
  // readyState and reason: records of the format, not logic to share.
  records.push({
    kind: 'state',
    t: end,
    connection: 1,
    readyState: 2,
    reason: 'stream-ended',
    message: 'the server ended the stream',
  });
  return records;
}

/** Imports a raw SSE body. `name` (a file name) becomes the request URL's path. */
export function importRawSse(name: string, body: Uint8Array, options: RawSseImportOptions = {}): Recording {
  const gapMs = options.gapMs ?? 100;
  const t0 = options.t0 ?? Date.now();
  const url = `file:///${encodeURIComponent(name.replace(/^.*[\\/]/, ''))}`;
  const chunks = splitAtBlocks(body).map((bytes, k) => ({ t: t0 + k * gapMs, bytes }));
  return {
    header: createHeader({ transport: 'sse', request: { url }, source: { kind: 'raw-sse', name } }, true, new Date(t0)),
    records: syntheticSseRecords(url, chunks, t0),
    warnings: [`imported from a raw SSE body: one chunk per event block, ${gapMs} ms apart (timings are synthetic)`],
  };
}
