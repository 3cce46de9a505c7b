/**
 * Bytes in, records out, for newline-delimited JSON bodies (application/x-ndjson, JSON Lines):
 * every complete non-empty line becomes an `event` record of type `message` whose data is the
 * line, pointing at the chunks that carried it, the way the SSE decoder does for event blocks.
 * Lines are not parsed as JSON here: the views and `check` do that, and a line that is not JSON
 * is still what the server sent.
 */
import type { RecordSink } from '../stream';
import { DEFAULT_LIMITS } from '../../shared/request';

export interface LineDecoder {
  /** Feed one network read: its `chunk` record first, then the lines it completes. */
  push(bytes: Uint8Array, t: number, connection: number): void;
  /** The body ended: a last line without a newline still counts (many servers omit it). */
  end(): void;
}

export function createNdjsonDecoder(sink: RecordSink, maxLineBytes = DEFAULT_LIMITS.maxEventBytes): LineDecoder {
  const text = new TextDecoder('utf-8', { fatal: false });
  let pending = '';
  let firstSeq = -1;
  let overflowed = false;
  let t = 0;
  let connection = 1;
  let lastSeq = -1;

  function emitLine(line: string): void {
    const data = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (data.trim() === '') return;
    sink({
      kind: 'event',
      t,
      connection,
      type: 'message',
      data,
      lastEventId: '',
      id: null,
      chunks: [firstSeq, lastSeq],
      size: Buffer.byteLength(data, 'utf8'),
    });
  }

  return {
    push(bytes, at, conn) {
      t = at;
      connection = conn;
      lastSeq = sink({ kind: 'chunk', t, connection, bytes });
      if (overflowed) return;
      if (pending === '') firstSeq = lastSeq;
      const decoded = text.decode(bytes, { stream: true });
      let start = 0;
      for (let nl = decoded.indexOf('\n'); nl !== -1; nl = decoded.indexOf('\n', start)) {
        emitLine(pending + decoded.slice(start, nl));
        pending = '';
        firstSeq = lastSeq;
        start = nl + 1;
      }
      pending += decoded.slice(start);
      // A line longer than any event we accept: say so once and stop parsing, as the SSE
      // decoder does; the bytes still reach the client and the chunk records.
      if (pending.length > maxLineBytes) {
        overflowed = true;
        pending = '';
        sink({
          kind: 'error',
          t,
          connection,
          code: 'event-too-large',
          message: `a line exceeds the limit of ${maxLineBytes} bytes`,
          fatal: false,
        });
      }
    },
    end() {
      pending += text.decode();
      if (!overflowed && pending !== '') emitLine(pending);
      pending = '';
    },
  };
}
