/**
 * Bytes in, records out: the transport-free half of the SSE engine. The connection engine, replay
 * and diagnostics all feed raw chunks through the same decoder, so a recording replays to exactly
 * the records the live stream produced.
 *
 * Parsing is eventsource-parser's; this module adds what a browser does around it (UTF-8 decoding,
 * `lastEventId` persistence, the default event type) and what an inspector needs on top (which
 * chunks carried an event, its size, a bound on memory).
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import type { RecordSink } from '../stream';
import { DEFAULT_LIMITS, DEFAULT_RECONNECT_MS } from '../../shared/request';

/** Options of {@link createSseDecoder}. */
export interface SseDecoderOptions {
  /**
   * Largest event accepted: its data in UTF-8 bytes, or any single buffered line. A larger one
   * gives one `event-too-large` error record and the decoder ignores input until `reset()`.
   * Default 16 MiB.
   */
  maxEventBytes?: number;
  /**
   * Also emit non-fatal `parse` error records for lines the spec tells a browser to ignore
   * (an unknown field, a retry value that is not all ASCII digits). Off by default: a browser
   * is silent about them, and so is `tail`. Note that eventsource-parser skips an unknown field
   * split across chunks without reporting it, so these reports depend on chunking.
   */
  reportIgnoredLines?: boolean;
}

/** A stateful SSE decoder for one stream of connections (see {@link createSseDecoder}). */
export interface SseDecoder {
  /**
   * Feed one network read. Emits the `chunk` record first, then every event, comment, retry and
   * error record this chunk completes, all stamped with `t` and `connection`.
   */
  push(bytes: Uint8Array, t: number, connection: number): void;
  /**
   * The stream ended. An incomplete final block is discarded, as browsers do
   * ([spec] "If the file ends in the middle of an event, before the final empty line, the
   * incomplete event is not dispatched.").
   */
  end(): void;
  /** A new connection starts: parser state and BOM check reset; `lastEventId` persists. */
  reset(): void;
  /** The last event ID string, persisted across events and connections. Initially "". */
  readonly lastEventId: string;
  /** The reconnection time: the last valid retry field's value, else 3000 ms (the spec default). */
  readonly reconnectMs: number;
  /** True after an event exceeded `maxEventBytes`, until `reset()`. */
  readonly overflowed: boolean;
}

/** Splits decoded text into lines with their terminators kept (`\r\n` stays one terminator). */
const LINE_PIECES = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g;

/**
 * Creates a decoder emitting into `sink`.
 *
 * @param sink - receives the records; the seq it returns for a chunk is what events point at.
 * @param options - limits; see {@link SseDecoderOptions}.
 * @param initialLastEventId - the last event ID to start from (e.g. a request's Last-Event-ID).
 */
export function createSseDecoder(
  sink: RecordSink,
  options: SseDecoderOptions = {},
  initialLastEventId = '',
): SseDecoder {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_LIMITS.maxEventBytes;

  let lastEventId = initialLastEventId;
  let reconnectMs = DEFAULT_RECONNECT_MS;
  let overflowed = false;
  let text = createTextDecoder();

  // Context of the chunk being decoded, read by the parser callbacks below.
  let t = 0;
  let connection = 0;
  let chunkSeq = -1;
  // seq of the chunk holding the first line of the block being parsed; null between blocks.
  let blockStartSeq: number | null = null;
  let previousEndedWithCR = false;

  const parser: EventSourceParser = createParser({
    // Lines are bounded in UTF-16 units here; a UTF-8 byte is never fewer than one unit, so this
    // trips no later than the byte limit would. A small slack covers the `data: ` prefix.
    maxBufferSize: maxEventBytes + 16,
    onEvent(message) {
      const size = Buffer.byteLength(message.data, 'utf8');
      const first = blockStartSeq ?? chunkSeq;
      if (size > maxEventBytes) {
        tooLarge(`event of ${size} bytes exceeds the limit of ${maxEventBytes} bytes`);
        return;
      }
      sink({
        kind: 'event',
        t,
        connection,
        // [spec] "Initialize event's type attribute to "message"" unless the event type buffer
        // has a value other than the empty string.
        type: message.event || 'message',
        data: message.data,
        lastEventId,
        id: message.id ?? null,
        chunks: [first, chunkSeq],
        size,
      });
    },
    // Fires at dispatch, before onEvent, whenever the block had an id field, even a block with
    // no data: [spec] "Set the last event ID string of the event source to the value of the last
    // event ID buffer." An empty id resets it; an id containing U+0000 never reaches us.
    onId(id) {
      lastEventId = id;
    },
    onRetry(ms) {
      reconnectMs = ms;
      sink({ kind: 'retry', t, connection, ms });
    },
    onComment(comment) {
      sink({ kind: 'comment', t, connection, text: comment });
    },
    onError(error: ParseError) {
      if (error.type === 'max-buffer-size-exceeded') {
        blockStartSeq = null;
        tooLarge(`a line or event exceeds the limit of ${maxEventBytes} bytes`);
        return;
      }
      if (options.reportIgnoredLines) {
        sink({ kind: 'error', t, connection, code: 'parse', message: `ignored: ${error.message}`, fatal: false });
      }
    },
  });

  function tooLarge(message: string): void {
    if (overflowed) return;
    overflowed = true;
    sink({ kind: 'error', t, connection, code: 'event-too-large', message, fatal: true });
  }

  function feed(decoded: string): void {
    // Fed line by line so we know which chunk carried the first line of each block.
    for (const match of decoded.matchAll(LINE_PIECES)) {
      if (overflowed) return;
      const piece = match[0];
      // A lone LF right after a CR that ended the previous read is the second half of a CRLF
      // split across chunks, not a blank line (the parser swallows it the same way).
      const crlfTail = piece === '\n' && previousEndedWithCR;
      const blank = !crlfTail && (piece === '\n' || piece === '\r' || piece === '\r\n');
      if (!blank && !crlfTail && blockStartSeq === null) blockStartSeq = chunkSeq;
      parser.feed(piece);
      if (blank) blockStartSeq = null;
      previousEndedWithCR = piece.endsWith('\r');
    }
  }

  return {
    push(bytes, at, conn) {
      t = at;
      connection = conn;
      chunkSeq = sink({ kind: 'chunk', t, connection, bytes });
      if (overflowed) return;
      feed(text.decode(bytes, { stream: true }));
    },
    end() {
      // Flushing can only yield U+FFFD for a truncated sequence, never a line terminator, so
      // nothing can dispatch from it; the incomplete block it belongs to is dropped below.
      text.decode();
      parser.reset();
      blockStartSeq = null;
      previousEndedWithCR = false;
    },
    reset() {
      text = createTextDecoder();
      parser.reset();
      overflowed = false;
      blockStartSeq = null;
      previousEndedWithCR = false;
    },
    get lastEventId() {
      return lastEventId;
    },
    get reconnectMs() {
      return reconnectMs;
    },
    get overflowed() {
      return overflowed;
    },
  };
}

/**
 * [spec] "Streams must be decoded using the UTF-8 decode algorithm": invalid bytes become U+FFFD.
 * ignoreBOM keeps a leading U+FEFF in the text so the parser strips exactly one: the UTF-8 decode
 * algorithm strips one BOM, and a second one belongs to the first line.
 */
function createTextDecoder(): InstanceType<typeof TextDecoder> {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
}
