/**
 * A proxied answer with an error status (400 or more) is shown the way the app's own
 * connections show a refused response (sse/connection.ts): the response head with the start of
 * its body as text, a fatal `http-status` error, then CLOSED with reason `http-status`; never
 * OPEN, and no chunk records. The client gets every byte all the same: this only looks at what
 * was already forwarded.
 */
import { brotliDecompressSync, constants, unzipSync } from 'node:zlib';
import type { RecordDraft } from '#shared/records';
import { now } from '../clock';
import type { RecordSink } from '../stream';
import type { Inspection } from './inspection';

type ResponseDraft = Extract<RecordDraft, { kind: 'response' }>;

export interface FailureReport extends Inspection {
  /** The one-line reason its error and its final state give. */
  readonly message: string;
}

export interface FailureReportOptions {
  /** The response record, without its body: sent once the body's start is known. */
  response: ResponseDraft;
  /** The response's Content-Encoding, if any. */
  encoding: string | undefined;
  sink: RecordSink;
  /** Takes a forwarded read's framing off (a chunked body passed through as it came). */
  decode?: (read: Buffer) => Buffer[];
  /** How much of the body is kept as text. */
  maxBytes: number;
  /**
   * How long the body may take: an error answer that streams on or stalls still gets its
   * session's banner, with what arrived by then.
   */
  waitMs: number;
}

export function createFailureReport(options: FailureReportOptions): FailureReport {
  const { response, sink, maxBytes } = options;
  const message = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from the upstream`;
  const parts: Buffer[] = [];
  let size = 0;
  let reported = false;
  const timer = setTimeout(report, options.waitMs);

  function report(): void {
    if (reported) return;
    reported = true;
    clearTimeout(timer);
    const body = bodyText(Buffer.concat(parts), options.encoding, maxBytes);
    // Stamped when its head arrived, as any response record: the head's time is what TTFB reads.
    sink({ ...response, body });
    sink({
      kind: 'error',
      t: now(),
      connection: 1,
      code: 'http-status',
      message,
      fatal: true,
      status: response.status,
    });
  }

  return {
    message,
    push(bytes) {
      if (reported) return;
      for (const piece of options.decode ? options.decode(bytes) : [bytes]) {
        // Views into the read would keep it whole; only the kept part is copied.
        const kept = piece.subarray(0, maxBytes - size);
        parts.push(Buffer.from(kept));
        size += kept.byteLength;
      }
      if (size >= maxBytes) report();
    },
    end: report,
  };
}

/**
 * The start of a body as text. A body the client asked compressed is decoded for display (the
 * client still got it compressed), with the output bounded: a small compressed body can inflate
 * to gigabytes.
 */
function bodyText(bytes: Buffer, encoding: string | undefined, maxBytes: number): string {
  const coding = (encoding ?? '').trim().toLowerCase();
  let plain = bytes;
  if (coding !== '' && coding !== 'identity') {
    // Sync flush: a body cut at maxBytes decodes as far as it goes instead of failing.
    const bound = { maxOutputLength: maxBytes * 16 };
    try {
      if (coding === 'gzip' || coding === 'x-gzip' || coding === 'deflate')
        plain = unzipSync(bytes, { ...bound, finishFlush: constants.Z_SYNC_FLUSH });
      else if (coding === 'br')
        plain = brotliDecompressSync(bytes, { ...bound, finishFlush: constants.BROTLI_OPERATION_FLUSH });
      else return `(${bytes.byteLength} bytes, ${coding}-encoded)`;
    } catch {
      return `(${bytes.byteLength} bytes, ${coding}-encoded: could not be decoded)`;
    }
  }
  // A multi-byte character cut at the limit decodes to U+FFFD, like any invalid byte.
  return new TextDecoder('utf-8', { fatal: false }).decode(plain.subarray(0, maxBytes));
}
