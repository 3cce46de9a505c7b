/**
 * A light line scanner over one connection's raw chunks, for the rules that need to see the wire
 * (line endings, field names, where a BOM sits, a trailing partial block). It does not dispatch
 * events: the SSE decoder does that; this only splits lines the way the spec does and says which
 * chunk each line came from.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */

import { createSimpleBlock, scanSimpleBlock } from '../sse/block-scanner';

/** How a line was terminated. */
export type LineEnding = 'lf' | 'crlf' | 'cr';

/** One complete line, without its terminator. */
export interface ScannedLine {
  /** The line's text, cut to the first {@link MAX_KEPT_CHARS} characters. */
  text: string;
  /** The full length in UTF-16 units (text may be shorter). */
  length: number;
  /** seq of the chunk holding the line's first character (its terminator, for an empty line). */
  firstSeq: number;
  /** seq of the chunk holding the terminator. */
  lastSeq: number;
  /** Arrival time of the chunk holding the terminator. */
  t: number;
}

/** What the scanner reports. */
export interface LineScannerSink {
  line(line: ScannedLine): void;
  /**
   * Optional: a complete `data:` line, or an `id:` line without U+0000, that started and ended in
   * the read of chunk `seq` (LF endings), reported here instead of through `line` (no line object,
   * no copy of its text: nearly all lines of a busy stream are such lines and blank ones).
   */
  fieldLine?(seq: number): void;
  /** Optional: a blank line in LF text, reported here instead of through `line`. */
  blankLine?(seq: number): void;
  /**
   * Optional: a whole block of the common shape (`id:` and `event:` lines, one `data:` line, the
   * blank line; see src/core/sse/block-scanner.ts) in LF text of the read of chunk `seq`, reported
   * here instead of line by line (its lines' ending is reported once, as `ending('lf')`).
   */
  simpleBlock?(seq: number): void;
  /** A terminator's style, once known (a CR waits for the next character or the end). */
  ending(kind: LineEnding, seq: number, t: number): void;
  /** A U+FEFF anywhere but the first character of the connection. */
  bom(atLineStart: boolean, seq: number, t: number): void;
}

/** Where the input stood when it ended. */
export interface ScanEnd {
  /** Characters after the last terminator (a line without its end of line). */
  partialLine: boolean;
  /** seq of the chunk where that partial line started, when there is one. */
  partialSeq: number | null;
  /** The partial line's text (cut like {@link ScannedLine.text}); "" when there is none. */
  partialText: string;
}

/** Enough of a line to read a field name and a short id or retry value. */
export const MAX_KEPT_CHARS = 4096;

/** Scans one connection; create a new one per connection. */
export interface LineScanner {
  /** `text`, when given, is `bytes` already decoded by a streaming UTF-8 decoder of this connection. */
  push(bytes: Uint8Array, seq: number, t: number, text?: string): void;
  /** The input ended: settles a pending CR and reports any partial line. */
  end(): ScanEnd;
}

const CR = 13;
const LF = 10;

/** Whether text[start, end) is a line starting with `data:` (hand-unrolled: a hot path). */
function isDataLine(text: string, start: number, end: number): boolean {
  return (
    end - start >= 5 &&
    text.charCodeAt(start) === 0x64 &&
    text.charCodeAt(start + 1) === 0x61 &&
    text.charCodeAt(start + 2) === 0x74 &&
    text.charCodeAt(start + 3) === 0x61 &&
    text.charCodeAt(start + 4) === 0x3a
  );
}
/** Whether text[start, end) is an `id:` line whose value holds no U+0000 (the id is taken). */
function isPlainIdLine(text: string, start: number, end: number): boolean {
  if (end - start < 3 || text.charCodeAt(start) !== 0x69 || text.charCodeAt(start + 1) !== 0x64) return false;
  if (text.charCodeAt(start + 2) !== 0x3a) return false;
  for (let i = start + 3; i < end; i++) if (text.charCodeAt(i) === 0) return false;
  return true;
}
const BOM = 0xfeff;

export function createLineScanner(sink: LineScannerSink): LineScanner {
  const block = createSimpleBlock();
  // ignoreBOM keeps a leading BOM in the text so the scanner sees (and skips) it itself.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let position = 0; // characters seen on this connection
  let kept = '';
  let length = 0;
  let firstSeq: number | null = null;
  let pendingCR: { seq: number; t: number } | null = null;
  let lastSeq = -1;
  let lastT = 0;

  function keep(text: string): void {
    length += text.length;
    if (kept.length < MAX_KEPT_CHARS) kept += text.slice(0, MAX_KEPT_CHARS - kept.length);
  }

  function endLine(seq: number, t: number): void {
    sink.line({ text: kept, length, firstSeq: firstSeq ?? seq, lastSeq: seq, t });
    kept = '';
    length = 0;
    firstSeq = null;
  }

  /**
   * The common case: LF endings only, no BOM, nothing pending. Lines are found with indexOf (native
   * speed) instead of one JS step per character; the reports are the same as scanSlow's.
   */
  function scanLf(text: string, seq: number, t: number): void {
    let segment = 0;
    let lf = text.indexOf('\n');
    while (lf !== -1) {
      if (firstSeq === null && sink.simpleBlock && lf !== segment && scanSimpleBlock(text, segment, block)) {
        // Nearly every block of a busy stream: none of its lines is one a rule looks at closely.
        sink.simpleBlock(seq);
        sink.ending('lf', seq, t);
        segment = block.end;
        lf = text.indexOf('\n', segment);
        continue;
      }
      if (firstSeq === null && sink.blankLine && lf === segment) sink.blankLine(seq);
      else if (
        firstSeq === null &&
        sink.fieldLine &&
        (isDataLine(text, segment, lf) || isPlainIdLine(text, segment, lf))
      ) {
        // A whole line of this read that only marks a block: the sink needs to know where it is.
        sink.fieldLine(seq);
      } else {
        keep(text.slice(segment, lf));
        if (firstSeq === null) firstSeq = seq;
        endLine(seq, t);
      }
      sink.ending('lf', seq, t);
      segment = lf + 1;
      lf = text.indexOf('\n', segment);
    }
    if (segment < text.length) {
      if (firstSeq === null) firstSeq = seq;
      keep(text.slice(segment));
    }
    position += text.length;
  }

  function scan(text: string, seq: number, t: number): void {
    if (!pendingCR && position > 0 && text.indexOf('\r') === -1 && text.indexOf('\ufeff') === -1) scanLf(text, seq, t);
    else scanSlow(text, seq, t);
  }

  function scanSlow(text: string, seq: number, t: number): void {
    let segment = 0; // start of the not-yet-kept part of the current line within `text`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (pendingCR) {
        // [spec] end of line: "a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair,
        // a single U+000A LINE FEED (LF) character not preceded by a U+000D CARRIAGE RETURN (CR)
        // character, or a single U+000D CARRIAGE RETURN (CR) character not followed by a U+000A".
        const cr = pendingCR;
        pendingCR = null;
        if (c === LF) {
          sink.ending('crlf', seq, t);
          segment = i + 1;
          position++;
          continue;
        }
        sink.ending('cr', cr.seq, cr.t);
      }
      if (c === CR || c === LF) {
        keep(text.slice(segment, i));
        if (firstSeq === null) firstSeq = seq;
        endLine(seq, t);
        if (c === CR) pendingCR = { seq, t };
        else sink.ending('lf', seq, t);
        segment = i + 1;
      } else {
        if (firstSeq === null) firstSeq = seq;
        if (c === BOM) {
          // [spec] "One leading U+FEFF BYTE ORDER MARK character must be ignored if any are present."
          if (position === 0) {
            segment = i + 1;
            firstSeq = null;
          } else {
            sink.bom(length === 0 && i === segment, seq, t);
          }
        }
      }
      position++;
    }
    keep(text.slice(segment));
  }

  return {
    push(bytes, seq, t, text) {
      lastSeq = seq;
      lastT = t;
      scan(text ?? decoder.decode(bytes, { stream: true }), seq, t);
    },
    end() {
      const rest = decoder.decode();
      if (rest) scan(rest, lastSeq, lastT);
      if (pendingCR) {
        sink.ending('cr', pendingCR.seq, pendingCR.t);
        pendingCR = null;
      }
      const partialLine = firstSeq !== null;
      const out: ScanEnd = { partialLine, partialSeq: firstSeq, partialText: kept };
      kept = '';
      length = 0;
      firstSeq = null;
      return out;
    },
  };
}
