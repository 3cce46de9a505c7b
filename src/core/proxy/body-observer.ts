/**
 * Picks how a proxied response body is read on the side, from its head: SSE and NDJSON through
 * the same decoders live sessions use, anything else as raw chunks only. What the
 * client receives never depends on this: it gets the bytes before they are parsed.
 */
import type { RecordSink } from '../stream';
import { createSseDecoder } from '../sse/decoder';
import { mimeEssence } from '../sse/response-check';
import { createNdjsonDecoder } from '../framing/line-decoder';

/** A body's parser, which can also pick up again after bytes it never saw (see inspection.ts). */
export interface BodyObserver {
  /** Feed one read: its `chunk` record first, then the records it completes. */
  push(bytes: Uint8Array, t: number, connection: number): void;
  /** The body is complete: a last NDJSON line without a newline still counts. */
  end(): void;
  /**
   * Bytes were skipped, ending with `skippedTail`: forget the unit they cut through and say where
   * in `bytes` the next complete one starts (an SSE event after a blank line, an NDJSON line),
   * or -1 when it does not start in `bytes`.
   */
  resumeAt(skippedTail: Uint8Array, bytes: Uint8Array): number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Media types whose bodies are read as one JSON value per line. */
const LINE_TYPES: ReadonlySet<string> = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
]);

export type BodyKind = 'sse' | 'ndjson' | 'raw';

/** How a body with this Content-Type and Content-Encoding is read. */
export function bodyKindOf(contentType: string | undefined, contentEncoding: string | undefined): BodyKind {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return 'raw';
  const essence = mimeEssence(contentType ?? null);
  if (essence === 'text/event-stream') return 'sse';
  if (LINE_TYPES.has(essence)) return 'ndjson';
  return 'raw';
}

/** Records chunks and whatever the body's kind yields; `end()` when the body is complete. */
export function createBodyObserver(
  kind: BodyKind,
  sink: RecordSink,
  contentEncoding: string | undefined,
): BodyObserver {
  if (kind === 'sse') {
    const decoder = createSseDecoder(sink);
    return {
      push: (bytes, t, connection) => decoder.push(bytes, t, connection),
      end: () => decoder.end(),
      resumeAt(skippedTail, bytes) {
        // lastEventId survives, as it does across reconnections.
        decoder.reset();
        return afterBlankLine(skippedTail, bytes);
      },
    };
  }
  if (kind === 'ndjson') {
    let decoder = createNdjsonDecoder(sink);
    return {
      push: (bytes, t, connection) => decoder.push(bytes, t, connection),
      end: () => decoder.end(true),
      resumeAt(skippedTail, bytes) {
        decoder = createNdjsonDecoder(sink);
        if (skippedTail[skippedTail.length - 1] === LF) return 0;
        const nl = bytes.indexOf(LF);
        return nl === -1 ? -1 : nl + 1;
      },
    };
  }
  return rawObserver(sink, contentEncoding);
}

/**
 * Index in `bytes` just past the first blank line (two line terminators in a row; CRLF, LF or CR)
 * that follows `before`: 0 when `before` itself ends with one, -1 when `bytes` holds none.
 */
export function afterBlankLine(before: Uint8Array, bytes: Uint8Array): number {
  // Terminators seen in a row, a CRLF counting once; a CR may yet be followed by its LF.
  let run = 0;
  let afterCR = false;
  const step = (b: number | undefined): boolean => {
    if (b === LF && afterCR) {
      afterCR = false;
      return false;
    }
    afterCR = b === CR;
    run = b === LF || b === CR ? run + 1 : 0;
    return run >= 2;
  };
  let blank = false;
  for (const b of before) blank = step(b) || (blank && (b === LF || b === CR));
  if (blank) return afterCR && bytes[0] === LF ? 1 : 0;
  for (let i = 0; i < bytes.length; i++) {
    if (step(bytes[i])) return bytes[i] === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
  }
  return -1;
}

function rawObserver(sink: RecordSink, contentEncoding: string | undefined): BodyObserver {
  let noted = contentEncoding === undefined || contentEncoding.trim().toLowerCase() === 'identity';
  return {
    push(bytes, t, connection) {
      sink({ kind: 'chunk', t, connection, bytes });
      // A compressed body is forwarded as it is (the client asked for it); its records are the
      // compressed bytes, so say once why no events appear.
      if (!noted) {
        noted = true;
        sink({
          kind: 'error',
          // The chunk's time, not the parse's: reads parsed later carry earlier times.
          t,
          connection,
          code: 'parse',
          message: `the body is ${contentEncoding}-encoded: shown as raw chunks (clients sending Accept-Encoding: identity get events)`,
          fatal: false,
        });
      }
    },
    end() {},
    resumeAt: () => 0,
  };
}
