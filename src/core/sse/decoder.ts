/**
 * Bytes in, records out: the transport-free half of the SSE engine. The connection engine, replay
 * and diagnostics all feed raw chunks through the same decoder, so a recording replays to exactly
 * the records the live stream produced.
 *
 * Parsing is eventsource-parser's, but for blocks of the common shape (an optional `id:` and
 * `event:`, one `data:` line), which src/core/sse/block-scanner.ts reads straight from a read's
 * LF-only text with the parser holding nothing (tests/core/sse/block-scanner.test.ts holds the two
 * to the same records). This module adds what a browser does around it (UTF-8 decoding,
 * `lastEventId` persistence, the default event type) and what an inspector needs on top (which
 * chunks carried an event, its size, a bound on memory).
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import type { EventRun, RecordSink } from '../stream';
import type { ChunkRecord, EventRecord } from '#shared/records';
import {
  offerCompactEvent,
  withdrawCompactEvent,
  type CompactSite,
  type EventContext,
} from '../session/compact-events';
import { DEFAULT_LIMITS, DEFAULT_RECONNECT_MS } from '#shared/request';
import { createSimpleBlock, scanSimpleBlock } from './block-scanner';

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
   * incomplete event is not dispatched."). `clean`: the server ended the body (no network
   * error); other framings (NDJSON) then count a final record without its terminator.
   */
  end(clean?: boolean): void;
  /** A new connection starts: parser state and BOM check reset; `lastEventId` persists. */
  reset(): void;
  /** The last event ID string, persisted across events and connections. Initially "". */
  readonly lastEventId: string;
  /** The reconnection time: the last valid retry field's value, else 3000 ms (the spec default). */
  readonly reconnectMs: number;
  /** True after an event exceeded `maxEventBytes`, until `reset()`. */
  readonly overflowed: boolean;
}

// Buffer's own Latin-1 slicer, which reads any Uint8Array (a chunk's bytes need not be a Buffer).
const latin1Slice = (
  Buffer.prototype as unknown as { latin1Slice(this: Uint8Array, start: number, end: number): string }
).latin1Slice;

/** Splits decoded text into lines with their terminators kept (`\r\n` stays one terminator). */
const LINE_PIECES = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
/** Most distinct event types whose contexts a decoder keeps for sharing. */
const MAX_SHARED_CONTEXTS = 32;

function isTerminator(code: number): boolean {
  return code === LF || code === CR;
}

/** Index just past a "\n\n" found at `index` (the blank line's end), or -1. */
function endOfBlank(index: number): number {
  return index < 0 ? -1 : index + 2;
}

/**
 * Creates a decoder emitting into `sink`.
 *
 * @param sink - receives the records; the seq it returns for a chunk is what events point at.
 * @param options - limits; see {@link SseDecoderOptions}.
 * @param initialLastEventId - the last event ID to start from (e.g. a request's Last-Event-ID).
 */
// The text of the chunk record emitted last, and that record. Diagnostics read it synchronously
// while the session takes the chunk, so one slot is enough: a WeakMap entry per chunk cost an
// ephemeron per network read and kept every chunk's text alive as long as its record.
let lastDecodedChunk: object | null = null;
let lastDecodedText = '';

/**
 * The text this module decoded from a chunk record it emitted, or undefined. Diagnostics scan the
 * same text rather than decoding every chunk a second time; only the chunk being taken right now
 * (the one the session's sink is handling) has it.
 */
export function decodedTextOf(chunk: object): string | undefined {
  return chunk === lastDecodedChunk ? lastDecodedText : undefined;
}

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
  // True when the text so far ends with a line terminator (or nothing was read yet).
  let atLineStart = true;
  // Every event that lies within one chunk shares that chunk's [seq, seq] pair (frozen): on a
  // firehose a read carries ~100 events, and a pair each was a third of a retained event's memory.
  let chunkPair: readonly [number, number] | null = null;
  function sameChunk(): [number, number] {
    if (chunkPair === null || chunkPair[0] !== chunkSeq) chunkPair = Object.freeze([chunkSeq, chunkSeq] as const);
    return chunkPair as [number, number];
  }

  // Compact events (src/core/session/compact-events.ts). The read being decoded, when its text is
  // exactly its bytes decoded (valid UTF-8 on its own, after a read that ended on a character,
  // LF line endings): then a character offset in the text maps to one byte offset in the chunk.
  let compactChunk: ChunkRecord | null = null;
  let compactText = '';
  let compactAscii = false;
  // True while the read being decoded is all ASCII: an event whose block lies in it has as many
  // UTF-8 bytes as characters (Buffer.byteLength per event was ~5 % of a firehose's CPU time).
  let readAscii = false;
  // True while the text decoder holds no partial character from the previous read.
  let decoderClean = true;
  // Where the block of the next event to dispatch begins (just after the blank line of the one
  // before), or -1 once that is unknown for the rest of the read; and that next event, offered and
  // not located yet. An event the sink did not ask to locate loses the track (it never guesses).
  let cursor = -1;
  let awaiting: EventRecord | null = null;
  let mappedChar = 0;
  let mappedByte = 0;
  let idContext: EventContext = { type: 'message', lastEventId: null };
  let inheritedContext: EventContext = { type: 'message', lastEventId: '' };
  const idContexts = new Map<string, EventContext>([['message', idContext]]);

  /** Starts following blocks at `at`, a line start where the parser holds nothing. */
  function trackFrom(at: number): void {
    cursor = compactChunk === null ? -1 : at;
    awaiting = null;
  }

  function byteOffset(char: number): number {
    if (compactAscii) return char;
    if (char < mappedChar) {
      mappedChar = 0;
      mappedByte = 0;
    }
    mappedByte += Buffer.byteLength(compactText.slice(mappedChar, char), 'utf8');
    mappedChar = char;
    return mappedByte;
  }

  /** True when the text has `name:` at `at`, as the first thing on a line of the block at `block`. */
  function fieldAt(at: number, block: number, name: string): boolean {
    return (
      at >= block &&
      (at === block || compactText.charCodeAt(at - 1) === LF) &&
      startsWithAt(name, at) &&
      compactText.charCodeAt(at + name.length) === 0x3a
    );
  }

  // startsWith costs a call into the runtime; the text is flat, so this loop is cheaper.
  function startsWithAt(name: string, at: number): boolean {
    for (let i = 0; i < name.length; i++) if (compactText.charCodeAt(at + i) !== name.charCodeAt(i)) return false;
    return true;
  }

  /**
   * Where the line `name: value` ending at `end` starts its value, or -1: the value is the last
   * `length` characters before `end`, after `name:` and the one optional space the parser strips.
   */
  function valueBefore(end: number, length: number, block: number, name: string): number {
    const start = end - length;
    if (compactText.charCodeAt(start - 1) === SPACE && fieldAt(start - name.length - 2, block, name)) return start;
    if (compactText.charCodeAt(start) !== SPACE && fieldAt(start - name.length - 1, block, name)) return start;
    return -1;
  }

  function contextOf(record: EventRecord): EventContext {
    return record.id !== null ? idContextOf(record.type) : inheritedContextOf(record.type, record.lastEventId);
  }

  /** The context of an event of this type with an id of its own. */
  function idContextOf(type: string): EventContext {
    if (idContext.type === type) return idContext;
    const known = idContexts.get(type);
    if (known) return (idContext = known);
    idContext = { type, lastEventId: null };
    if (idContexts.size < MAX_SHARED_CONTEXTS) idContexts.set(type, idContext);
    return idContext;
  }

  /** The context of an event of this type without an id, after `last` was the last event ID. */
  function inheritedContextOf(type: string, last: string): EventContext {
    if (inheritedContext.type !== type || inheritedContext.lastEventId !== last)
      inheritedContext = { type, lastEventId: last };
    return inheritedContext;
  }

  /**
   * Finds where the offered event's `data` and `id` lie in the read. The event is the first to
   * dispatch after `cursor`, so its block ends at the first blank line after it; when the block's
   * last line is `data:` with a value of the event's length (its only data line: the data has no
   * newline), that value is the event's data. An `id:` line just before it is the block's last id
   * line, so its value is the event's id when it holds no U+0000 (the parser ignores such a line).
   */
  function locate(record: EventRecord, site: CompactSite): boolean {
    if (record !== awaiting || cursor < 0) return false;
    awaiting = null;
    let block = cursor;
    // Blank lines in a row dispatch nothing.
    while (compactText.charCodeAt(block) === LF) block++;
    const dataEnd = compactText.indexOf('\n\n', block);
    const dataStart =
      dataEnd < 0 || record.data.indexOf('\n') !== -1 ? -1 : valueBefore(dataEnd, record.data.length, block, 'data');
    if (dataStart < 0) {
      cursor = -1;
      return false;
    }
    cursor = dataEnd + 2;
    if (record.id !== null) {
      const lineStart = compactText.charCodeAt(dataStart - 1) === SPACE ? dataStart - 6 : dataStart - 5;
      const idEnd = lineStart - 1;
      const idStart = record.lastEventId === record.id ? valueBefore(idEnd, record.id.length, block, 'id') : -1;
      if (idStart < 0) return false;
      for (let i = idStart; i < idEnd; i++) if (compactText.charCodeAt(i) === 0) return false;
      site.idStart = byteOffset(idStart);
      site.idEnd = byteOffset(idEnd);
    } else {
      site.idStart = -1;
      site.idEnd = -1;
    }
    site.dataStart = byteOffset(dataStart);
    site.dataEnd = byteOffset(dataEnd);
    site.chunk = compactChunk;
    site.context = contextOf(record);
    return true;
  }

  // The event the scanner is sinking and where its strings lie in the read's text.
  const block = createSimpleBlock();
  let scanned: EventRecord | null = null;
  let scannedIdStart = -1;
  let scannedIdEnd = -1;
  let scannedDataStart = -1;
  let scannedDataEnd = -1;
  // False until the parser has seen text since it was created or reset.
  let parserStarted = false;
  // The sink's taker of event runs, if it has one, and the run being gathered (reused).
  const takeEvents = sink.takeEvents;
  const run: { -readonly [K in keyof EventRun]: EventRun[K] } = {
    chunk: null as unknown as ChunkRecord,
    text: '',
    count: 0,
    dataStart: new Int32Array(256),
    dataEnd: new Int32Array(256),
    idStart: new Int32Array(256),
    idEnd: new Int32Array(256),
    contexts: [],
    maxSize: 0,
  };
  let lastRunType = 'message';

  /** The compact site of the event the scanner read: its offsets are known already. */
  function locateScanned(record: EventRecord, site: CompactSite): boolean {
    if (record !== scanned) return false;
    // In text order (an id line precedes the data line), as byteOffset walks fastest.
    site.idStart = scannedIdStart < 0 ? -1 : byteOffset(scannedIdStart);
    site.idEnd = scannedIdStart < 0 ? -1 : byteOffset(scannedIdEnd);
    site.dataStart = byteOffset(scannedDataStart);
    site.dataEnd = byteOffset(scannedDataEnd);
    site.chunk = compactChunk;
    site.context = contextOf(record);
    return true;
  }

  /** The event record of a dispatched block (the parser's or the scanner's: the same fields). */
  function eventRecord(
    type: string | undefined,
    data: string,
    id: string | undefined,
    first: number,
    size: number,
    last = lastEventId,
  ) {
    const record: EventRecord = {
      kind: 'event',
      t,
      connection,
      // [spec] "Initialize event's type attribute to "message"" unless the event type buffer
      // has a value other than the empty string.
      type: type || 'message',
      data,
      lastEventId: last,
      id: id ?? null,
      chunks: first === chunkSeq ? sameChunk() : [first, chunkSeq],
      size,
      // Given in place by the sink (see RecordSink); present from the start (last, where the
      // sink would add them) so every field lives in the object itself: no second allocation.
      sessionId: '',
      seq: -1,
    };
    return record;
  }

  const parser: EventSourceParser = createParser({
    // Lines are bounded in UTF-16 units here; a UTF-8 byte is never fewer than one unit, so this
    // trips no later than the byte limit would. A small slack covers the `data: ` prefix.
    maxBufferSize: maxEventBytes + 16,
    onEvent(message) {
      const first = blockStartSeq ?? chunkSeq;
      const size = readAscii && first === chunkSeq ? message.data.length : Buffer.byteLength(message.data, 'utf8');
      if (size > maxEventBytes) {
        tooLarge(`event of ${size} bytes exceeds the limit of ${maxEventBytes} bytes`);
        return;
      }
      const record = eventRecord(message.event, message.data, message.id, first, size);
      if (cursor < 0) {
        sink(record);
        return;
      }
      // The event before this one was never located: where this one's block starts is unknown.
      if (awaiting !== null || first !== chunkSeq) cursor = -1;
      else awaiting = record;
      offerCompactEvent(record, locate);
      sink(record);
      withdrawCompactEvent();
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
    if (decoded.length === 0) return;
    if (!previousEndedWithCR && decoded.indexOf('\r') === -1) feedLf(decoded);
    else feedByLine(decoded);
    previousEndedWithCR = decoded.charCodeAt(decoded.length - 1) === CR;
    atLineStart = isTerminator(decoded.charCodeAt(decoded.length - 1));
  }

  /** Feeds the parser, noting that it has seen text (its BOM check is then done). */
  function feedParser(text: string): void {
    if (text.length > 0) parserStarted = true;
    parser.feed(text);
  }

  /**
   * The common case, LF-only text. Everything up to the first blank line finishes a block carried
   * over from earlier reads (the parser's); every block after it begins in this read: the scanner
   * takes those of the common shape, and each other one goes to the parser on its own, so the
   * parser holds nothing whenever the scanner reads.
   */
  function feedLf(decoded: string): void {
    let at = 0;
    // Before the parser has seen any text of a connection it still owes the stream its BOM check.
    if (blockStartSeq !== null || !parserStarted) {
      const firstBlankEnd = atLineStart && decoded.charCodeAt(0) === LF ? 1 : endOfBlank(decoded.indexOf('\n\n'));
      if (firstBlankEnd < 0) {
        if (blockStartSeq === null) blockStartSeq = chunkSeq;
        feedParser(decoded);
        return;
      }
      if (blockStartSeq === null && firstBlankEnd > 1) {
        blockStartSeq = chunkSeq;
        trackFrom(0);
      }
      feedParser(firstBlankEnd === decoded.length ? decoded : decoded.slice(0, firstBlankEnd));
      blockStartSeq = null;
      at = firstBlankEnd;
    }
    // An overflow terminates the parser; it refuses further input until reset().
    while (at < decoded.length && !overflowed) {
      at = scanBlocks(decoded, at);
      if (at === decoded.length) return;
      const blankEnd = endOfBlank(decoded.indexOf('\n\n', at));
      blockStartSeq = chunkSeq;
      trackFrom(at);
      if (blankEnd < 0) {
        // A block under way at the end of the read, begun in it.
        feedParser(at === 0 ? decoded : decoded.slice(at));
        return;
      }
      feedParser(decoded.slice(at, blankEnd));
      blockStartSeq = null;
      at = blankEnd;
    }
  }

  /**
   * Dispatches the blocks from `at` on that have the common shape (src/core/sse/block-scanner.ts)
   * as the parser would, and returns where the first other one starts (or the text's end). The
   * parser holds nothing at `at` and is not told: it would have ended each block as it began.
   */
  function scanBlocks(decoded: string, at: number): number {
    if (takeEvents !== undefined && compactChunk !== null && compactAscii) return scanRun(decoded, at);
    for (;;) {
      // Blank lines with nothing buffered dispatch nothing.
      while (decoded.charCodeAt(at) === LF) at++;
      if (at >= decoded.length || !scanSimpleBlock(decoded, at, block)) return at;
      const data = decoded.slice(block.dataStart, block.dataEnd);
      const size = readAscii ? data.length : Buffer.byteLength(data, 'utf8');
      // Too large: the parser's path reports it.
      if (size > maxEventBytes) return at;
      const id = block.idStart < 0 ? undefined : decoded.slice(block.idStart, block.idEnd);
      if (id !== undefined) lastEventId = id;
      const type = block.typeStart < 0 ? undefined : decoded.slice(block.typeStart, block.typeEnd);
      const record = eventRecord(type, data, id, chunkSeq, size);
      at = block.end;
      if (compactChunk === null) sink(record);
      else sinkScanned(record, block.idStart, block.idEnd, block.dataStart, block.dataEnd);
    }
  }

  /** Sinks an event the scanner read, offering the ring the offsets of its strings. */
  function sinkScanned(record: EventRecord, idStart: number, idEnd: number, dataStart: number, dataEnd: number) {
    scanned = record;
    scannedIdStart = idStart;
    scannedIdEnd = idEnd;
    scannedDataStart = dataStart;
    scannedDataEnd = dataEnd;
    offerCompactEvent(record, locateScanned);
    sink(record);
    withdrawCompactEvent();
    scanned = null;
  }

  /**
   * scanBlocks for a sink that takes runs, in an ASCII read: the blocks' offsets are gathered
   * into one run (no record, no string per event but the ids the last event ID needs) and offered
   * to the sink whole. A sink that refuses it gets the same records scanBlocks would have made.
   */
  function scanRun(decoded: string, at: number): number {
    run.chunk = compactChunk!;
    run.text = decoded;
    run.count = 0;
    run.maxSize = 0;
    // The last id line read and not yet made the last event ID (only an event without an id of
    // its own, or the run's end, needs it as a string).
    let pendingIdStart = -1;
    let pendingIdEnd = -1;
    for (;;) {
      while (decoded.charCodeAt(at) === LF) at++;
      if (at >= decoded.length || !scanSimpleBlock(decoded, at, block)) break;
      const size = block.dataEnd - block.dataStart;
      // Too large: the parser's path reports it.
      if (size > maxEventBytes) break;
      const type = typeOfBlock(decoded);
      let context: EventContext;
      if (block.idStart >= 0) {
        pendingIdStart = block.idStart;
        pendingIdEnd = block.idEnd;
        context = idContextOf(type);
      } else {
        if (pendingIdStart >= 0) lastEventId = decoded.slice(pendingIdStart, pendingIdEnd);
        pendingIdStart = -1;
        context = inheritedContextOf(type, lastEventId);
      }
      appendToRun(context, size);
      at = block.end;
    }
    if (pendingIdStart >= 0) lastEventId = decoded.slice(pendingIdStart, pendingIdEnd);
    if (run.count > 0 && !takeEvents!(run)) sinkRunAsRecords();
    run.text = '';
    return at;
  }

  function appendToRun(context: EventContext, size: number): void {
    const i = run.count;
    if (i === run.dataStart.length) growRun();
    run.dataStart[i] = block.dataStart;
    run.dataEnd[i] = block.dataEnd;
    run.idStart[i] = block.idStart;
    run.idEnd[i] = block.idEnd;
    run.contexts[i] = context;
    if (size > run.maxSize) run.maxSize = size;
    run.count = i + 1;
  }

  function growRun(): void {
    const grow = (old: Int32Array) => {
      const grown = new Int32Array(old.length * 2);
      grown.set(old);
      return grown;
    };
    run.dataStart = grow(run.dataStart);
    run.dataEnd = grow(run.dataEnd);
    run.idStart = grow(run.idStart);
    run.idEnd = grow(run.idEnd);
  }

  /** The event type of the block just scanned; the previous one's string when it is the same. */
  function typeOfBlock(decoded: string): string {
    const start = block.typeStart;
    const length = block.typeEnd - start;
    // [spec] An empty event type buffer dispatches as "message".
    if (start < 0 || length === 0) return 'message';
    const previous = lastRunType;
    if (previous.length === length) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = decoded.charCodeAt(start + i) === previous.charCodeAt(i);
      if (same) return previous;
    }
    return (lastRunType = decoded.slice(start, block.typeEnd));
  }

  /** The events of a refused run, as records: what scanBlocks makes of the same blocks. */
  function sinkRunAsRecords(): void {
    const { text: decoded, contexts } = run;
    for (let i = 0; i < run.count; i++) {
      const idStart = run.idStart[i]!;
      const idEnd = run.idEnd[i]!;
      const id = idStart < 0 ? undefined : decoded.slice(idStart, idEnd);
      const context = contexts[i]!;
      const data = decoded.slice(run.dataStart[i], run.dataEnd[i]);
      const record = eventRecord(context.type, data, id, chunkSeq, data.length, context.lastEventId ?? id);
      sinkScanned(record, idStart, idEnd, run.dataStart[i]!, run.dataEnd[i]!);
    }
  }

  // Line by line, for text with CRs: a CRLF split across reads and CR-only endings need care.
  function feedByLine(decoded: string): void {
    for (const match of decoded.matchAll(LINE_PIECES)) {
      if (overflowed) return;
      const piece = match[0];
      // A lone LF right after a CR that ended the previous read is the second half of a CRLF
      // split across chunks, not a blank line (the parser swallows it the same way).
      const crlfTail = piece === '\n' && previousEndedWithCR;
      // A bare terminator is a blank line only at the start of a line; otherwise it ends a line
      // whose text came in an earlier read.
      const blank = !crlfTail && atLineStart && (piece === '\n' || piece === '\r' || piece === '\r\n');
      if (!blank && !crlfTail && blockStartSeq === null && piece !== '\n' && piece !== '\r' && piece !== '\r\n')
        blockStartSeq = chunkSeq;
      feedParser(piece);
      if (blank) blockStartSeq = null;
      previousEndedWithCR = piece.endsWith('\r');
      atLineStart = isTerminator(piece.charCodeAt(piece.length - 1));
    }
  }

  return {
    push(bytes, at, conn) {
      t = at;
      connection = conn;
      const chunk = { kind: 'chunk' as const, t, connection, bytes };
      const asciiRead = !overflowed && isAscii(bytes);
      // ASCII with nothing held back is its own text: copied as one-byte characters, which costs a
      // fraction of the UTF-8 decoder (the same string; the decoder stays holding nothing).
      const decoded = overflowed
        ? null
        : asciiRead && decoderClean
          ? latin1Slice.call(bytes, 0, bytes.byteLength)
          : text.decode(bytes, { stream: true });
      if (decoded !== null) {
        lastDecodedChunk = chunk;
        lastDecodedText = decoded;
      }
      chunkSeq = sink(chunk);
      lastDecodedChunk = null;
      lastDecodedText = '';
      if (decoded === null || overflowed) {
        decoderClean = false;
        return;
      }
      const wholeUtf8 = asciiRead || isUtf8(bytes);
      readAscii = asciiRead;
      if (wholeUtf8 && decoderClean) {
        compactChunk = chunk as unknown as ChunkRecord;
        compactText = decoded;
        compactAscii = readAscii;
        mappedChar = 0;
        mappedByte = 0;
      }
      // A read that is valid UTF-8 on its own, or ends with an ASCII byte, leaves the text decoder
      // holding nothing: the next read's text starts with its own first byte.
      if (bytes.byteLength > 0) decoderClean = wholeUtf8 || bytes[bytes.byteLength - 1]! < 0x80;
      try {
        feed(decoded);
      } finally {
        compactChunk = null;
        compactText = '';
        readAscii = false;
        trackFrom(-1);
      }
    },
    end() {
      // Flushing can only yield U+FFFD for a truncated sequence, never a line terminator, so
      // nothing can dispatch from it; the incomplete block it belongs to is dropped below.
      text.decode();
      decoderClean = true;
      parser.reset();
      parserStarted = false;
      blockStartSeq = null;
      previousEndedWithCR = false;
      atLineStart = true;
    },
    reset() {
      text = createTextDecoder();
      decoderClean = true;
      parser.reset();
      parserStarted = false;
      overflowed = false;
      blockStartSeq = null;
      previousEndedWithCR = false;
      atLineStart = true;
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
