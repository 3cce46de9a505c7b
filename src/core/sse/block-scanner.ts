/**
 * The common shape of an SSE block, read without the full parser: `id:` and `event:` lines, then
 * one `data:` line and the blank line that dispatches it (`id: 7\ndata: {...}\n\n`). On a firehose
 * nearly every block has this shape, and the decoder then takes the event straight from the read's
 * text: no parser callback, no message object, and the offsets of `data` and `id` are known as
 * the block is read (the ring keeps events as such offsets, src/core/session/compact-events.ts).
 *
 * Only what this shape means is decided here; anything else (a comment, retry, an unknown field,
 * several data lines, an id holding U+0000, a line cut by the end of the text) is refused, and the
 * decoder gives that block to eventsource-parser, which follows the spec in every detail.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** Where the parts of a block lie in the text (character offsets; -1: no such line). */
export interface SimpleBlock {
  /** The value of the block's last `event:` line. */
  typeStart: number;
  typeEnd: number;
  /** The value of the block's last `id:` line. */
  idStart: number;
  idEnd: number;
  /** The value of its only `data:` line. */
  dataStart: number;
  dataEnd: number;
  /** Just past the blank line that ends the block. */
  end: number;
}

export function createSimpleBlock(): SimpleBlock {
  return { typeStart: -1, typeEnd: -1, idStart: -1, idEnd: -1, dataStart: -1, dataEnd: -1, end: -1 };
}

const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const NUL = 0;

/** Where a field's value starts: after the colon at `colon` and the one space the spec strips. */
function valueStart(text: string, colon: number): number {
  return text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
}

/**
 * Reads the block starting at `at` into `out` when it has the common shape; returns false (and
 * `out` means nothing) otherwise. `text` must use LF line endings only, and `at` must be the start
 * of a line where no block is under way (the parser holding nothing), not a blank line.
 */
export function scanSimpleBlock(text: string, at: number, out: SimpleBlock): boolean {
  out.typeStart = out.typeEnd = out.idStart = out.idEnd = -1;
  let line = at;
  for (;;) {
    const first = text.charCodeAt(line);
    if (
      first === 0x64 && // data:
      text.charCodeAt(line + 1) === 0x61 &&
      text.charCodeAt(line + 2) === 0x74 &&
      text.charCodeAt(line + 3) === 0x61 &&
      text.charCodeAt(line + 4) === COLON
    ) {
      const start = valueStart(text, line + 4);
      const end = text.indexOf('\n', start);
      // The blank line must follow at once: the block's only data line, so the data has no LF.
      if (end < 0 || text.charCodeAt(end + 1) !== LF) return false;
      out.dataStart = start;
      out.dataEnd = end;
      out.end = end + 2;
      return true;
    }
    if (first === 0x69 && text.charCodeAt(line + 1) === 0x64 && text.charCodeAt(line + 2) === COLON) {
      const start = valueStart(text, line + 2);
      const end = text.indexOf('\n', start);
      if (end < 0) return false;
      // [spec] "If the field value does not contain U+0000 NULL, then set the last event ID
      // buffer": a line that is ignored is the parser's to ignore.
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === NUL) return false;
      out.idStart = start;
      out.idEnd = end;
      line = end + 1;
      continue;
    }
    // Spelled out character by character like `data:` above: a loop over the field's name costs
    // more on this path, which runs once per line of a firehose.
    if (
      first === 0x65 && // event:
      text.charCodeAt(line + 1) === 0x76 &&
      text.charCodeAt(line + 2) === 0x65 &&
      text.charCodeAt(line + 3) === 0x6e &&
      text.charCodeAt(line + 4) === 0x74 &&
      text.charCodeAt(line + 5) === COLON
    ) {
      const start = valueStart(text, line + 5);
      const end = text.indexOf('\n', start);
      if (end < 0) return false;
      out.typeStart = start;
      out.typeEnd = end;
      line = end + 1;
      continue;
    }
    return false;
  }
}
