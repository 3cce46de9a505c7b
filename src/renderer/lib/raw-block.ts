/**
 * Helpers for the detail pane's raw view: find an event's block in the bytes of the chunks it
 * came from, cut a window of bytes too large to lay out at once, make CR and LF visible, and
 * print a hex dump. Pure.
 */

/** A run of raw text; `ctrl` marks a line-ending character drawn as a visible symbol. */
export interface RawSegment {
  text: string;
  ctrl: boolean;
}

/** CR as \r and LF as \n, drawn as visible escapes (followed by a real line break, so the layout still reads as lines). */
export function visibleLineEndings(text: string): RawSegment[] {
  const out: RawSegment[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 13 && c !== 10) continue;
    if (i > last) out.push({ text: text.slice(last, i), ctrl: false });
    if (c === 13) {
      out.push({ text: '\\r', ctrl: true });
      // CRLF: one visual line break, after the LF.
      if (text.charCodeAt(i + 1) !== 10) out.push({ text: '\n', ctrl: false });
    } else {
      out.push({ text: '\\n', ctrl: true });
      out.push({ text: '\n', ctrl: false });
    }
    last = i + 1;
  }
  if (last < text.length) out.push({ text: text.slice(last), ctrl: false });
  return out;
}

/** Where to look for an event's block in the bytes of the chunks it came from. */
export interface BlockSearch {
  /**
   * How many of the first bytes are (the end of) the UTF-8 BOM that began the connection's body:
   * the decoder dropped it, so they belong to no line. (Only there: anywhere else a BOM is text.)
   */
  bom?: number;
  /**
   * What came just before these bytes: nothing or a LF (they start a line; the default), a CR (a
   * LF first is the rest of that CRLF, split between reads), or other text (their first line
   * began earlier: its rest, even empty, is no blank line).
   */
  after?: 'line' | 'cr' | 'text';
  /**
   * The bytes begin inside a block that started in an earlier chunk: their first blank line ends
   * that block, which is not this event's (its tail alone could look like it).
   */
  carriedOver?: boolean;
  /** How many earlier blocks in the bytes yield the same type and data (repeated events): pass them. */
  skip?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const DATA = [0x64, 0x61, 0x74, 0x61];
const EVENT = [0x65, 0x76, 0x65, 0x6e, 0x74];

/** True when bytes [from, to) are the ASCII field name `name`. */
function isField(bytes: Uint8Array, from: number, to: number, name: readonly number[]): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (bytes[from + i] !== name[i]) return false;
  return true;
}

/**
 * Where the block that produced an event sits in `bytes` (the chunks it came from, as they
 * arrived): [start, end) byte offsets including its terminating blank line, or null when no block
 * yields exactly that type and data (e.g. the block began in an earlier chunk than recorded).
 *
 * Read in bytes, not in decoded text: a dropped BOM or a U+FFFD (3 bytes in UTF-8) standing for
 * one invalid byte would move every offset after it. CR and LF never occur inside a UTF-8
 * sequence, so lines split the same in bytes as in text, and a value decodes alone to what the
 * stream's decoder made of it.
 */
export function findEventBlock(
  bytes: Uint8Array,
  event: { type: string; data: string },
  search: BlockSearch = {},
): [number, number] | null {
  // Each value decoded as it is: a U+FEFF at its start is data, not a BOM to drop.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const end = bytes.byteLength;
  let skip = search.skip ?? 0;
  let carried = search.carriedOver ?? false;
  let lineStart = search.bom ?? 0;
  if (search.after === 'cr' && bytes[lineStart] === LF) lineStart++;
  let midLine = search.after === 'text';
  let blockStart = lineStart;
  let dataLines: Array<[number, number]> = [];
  let type = 'message';
  // The next CR and LF at or after lineStart, found with the native search and kept between lines.
  let nextCr = -1;
  let nextLf = -1;
  while (lineStart < end) {
    if (nextCr !== end && nextCr < lineStart) nextCr = bytes.indexOf(CR, lineStart) >>> 0;
    if (nextLf !== end && nextLf < lineStart) nextLf = bytes.indexOf(LF, lineStart) >>> 0;
    // indexOf's -1 became 2^32 - 1 above: past every offset.
    nextCr = Math.min(nextCr, end);
    nextLf = Math.min(nextLf, end);
    const lineEnd = Math.min(nextCr, nextLf);
    // A last line without its line ending is no line yet.
    if (lineEnd === end) break;
    const next = lineEnd + (bytes[lineEnd] === CR && bytes[lineEnd + 1] === LF ? 2 : 1);
    if (midLine) {
      // The rest of a line begun before these bytes: of a block carried over, or one without data.
      midLine = false;
      blockStart = next;
    } else if (lineEnd === lineStart) {
      if (carried) carried = false;
      else if (dataLines.length > 0 && type === event.type && dataText(decoder, bytes, dataLines) === event.data) {
        if (skip === 0) return [blockStart, next];
        skip--;
      }
      dataLines = [];
      type = 'message';
      blockStart = next;
    } else if (!carried) {
      // Searched within the line only: a line without a colon must not scan the bytes after it.
      let fieldEnd = lineStart;
      while (fieldEnd < lineEnd && bytes[fieldEnd] !== 0x3a) fieldEnd++;
      let valueStart = fieldEnd === lineEnd ? lineEnd : fieldEnd + 1;
      if (valueStart < lineEnd && bytes[valueStart] === 0x20) valueStart++;
      if (isField(bytes, lineStart, fieldEnd, DATA)) dataLines.push([valueStart, lineEnd]);
      else if (isField(bytes, lineStart, fieldEnd, EVENT))
        type = decoder.decode(bytes.subarray(valueStart, lineEnd)) || 'message';
    }
    lineStart = next;
  }
  return null;
}

/** The data lines of a block as the event's data: each value decoded, joined with LF. */
function dataText(
  decoder: InstanceType<typeof TextDecoder>,
  bytes: Uint8Array,
  lines: ReadonlyArray<[number, number]>,
): string {
  return lines.map(([from, to]) => decoder.decode(bytes.subarray(from, to))).join('\n');
}

/** A run of raw text; `hl` marks the highlighted block. */
export interface RawPart {
  text: string;
  hl: boolean;
}

/** What the raw view shows of `bytes`: the window [from, to) as text, cut into runs at the highlight. */
export interface RawWindow {
  from: number;
  to: number;
  parts: RawPart[];
}

/** The first CR or LF in [from, before), or -1. */
function firstLineEnd(bytes: Uint8Array, from: number, before: number): number {
  const start = Math.max(0, from);
  const cr = bytes.indexOf(CR, start);
  const lf = bytes.indexOf(LF, start);
  const first = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
  return first >= 0 && first < before ? first : -1;
}

/** Whether `b` continues a UTF-8 sequence (10xxxxxx). */
const isContinuation = (b: number | undefined): boolean => b !== undefined && (b & 0xc0) === 0x80;

/**
 * The part of `bytes` the raw view shows, decoded: all of them when they fit in `maxBytes`, else a
 * window of at most `maxBytes`: from the start, or (when the highlight lies further in) from the
 * start of a line shortly before the highlight. The window's edges are moved onto character
 * boundaries, so a cut never shows a character as U+FFFD that the stream carried whole; the
 * highlight's own edges follow a line ending, so text decoded in three runs is the text decoded
 * whole.
 */
export function rawWindow(bytes: Uint8Array, highlight: [number, number] | null, maxBytes: number): RawWindow {
  const total = bytes.byteLength;
  let from = 0;
  let to = total;
  if (total > maxBytes) {
    if (highlight && highlight[1] > maxBytes) {
      // Up to a quarter window of what came before the block, from a line start where there is one.
      from = Math.max(0, highlight[0] - Math.floor(maxBytes / 4));
      const lineEnd = from > 0 ? firstLineEnd(bytes, from - 1, highlight[0]) : -1;
      if (lineEnd >= 0) from = lineEnd + (bytes[lineEnd] === CR && bytes[lineEnd + 1] === LF ? 2 : 1);
      else for (let i = 0; i < 3 && isContinuation(bytes[from]); i++) from++;
    }
    to = Math.min(total, from + maxBytes);
    for (let i = 0; i < 3 && to < total && to > from && isContinuation(bytes[to]); i++) to--;
  }
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const text = (a: number, b: number) => (b > a ? decoder.decode(bytes.subarray(a, b)) : '');
  if (!highlight || highlight[1] <= from || highlight[0] >= to)
    return { from, to, parts: [{ text: text(from, to), hl: false }] };
  const hs = Math.max(from, highlight[0]);
  const he = Math.min(to, highlight[1]);
  const parts = [
    { text: text(from, hs), hl: false },
    { text: text(hs, he), hl: true },
    { text: text(he, to), hl: false },
  ].filter((p) => p.text !== '');
  return { from, to, parts };
}

/** A run of one hex-dump column; `hl` marks bytes of the highlighted range. */
export interface HexSegment {
  text: string;
  hl: boolean;
}

/** One line of a hex dump: offset, the bytes in hex, and their printable ASCII. */
export interface HexRow {
  offset: string;
  hex: HexSegment[];
  ascii: HexSegment[];
}

export interface HexDumpOptions {
  /** Bytes per line (16 classic; 8 where the pane is too narrow for 16 and their ASCII). */
  perRow?: number;
  /** Most bytes dumped; a longer input is shown as a window around the highlight. */
  maxBytes?: number;
  /** [start, end) byte offsets to mark (an event's block). */
  highlight?: [number, number] | null;
}

export interface HexDump {
  rows: HexRow[];
  /** Bytes left out before the window and after it. */
  before: number;
  after: number;
}

function pushSegment(list: HexSegment[], text: string, hl: boolean): void {
  const last = list[list.length - 1];
  if (last && last.hl === hl) last.text += text;
  else list.push({ text, hl });
}

/**
 * Classic hex dump: offset, `perRow` bytes in hex, and their printable ASCII, with the highlighted
 * bytes marked in both columns. At most `maxBytes` are dumped: from the start, or (when the
 * highlight lies further in) from a row-aligned point shortly before the highlight.
 */
export function hexDump(bytes: Uint8Array, options: HexDumpOptions = {}): HexDump {
  const perRow = options.perRow ?? 16;
  const maxBytes = options.maxBytes ?? 4096;
  const hl = options.highlight ?? null;
  let from = 0;
  if (hl && hl[1] > maxBytes) {
    // Start a quarter window before the highlight, on a row boundary.
    from = Math.max(0, Math.floor((hl[0] - maxBytes / 4) / perRow) * perRow);
  }
  const to = Math.min(bytes.byteLength, from + maxBytes);
  const rows: HexRow[] = [];
  for (let off = from; off < to; off += perRow) {
    const row: HexRow = { offset: off.toString(16).padStart(8, '0'), hex: [], ascii: [] };
    for (let i = 0; i < perRow; i++) {
      const at = off + i;
      const marked = hl !== null && at >= hl[0] && at < hl[1];
      const gap = i === perRow / 2 - 1 ? '  ' : ' ';
      if (at < to) {
        const b = bytes[at]!;
        pushSegment(row.hex, b.toString(16).padStart(2, '0'), marked);
        pushSegment(row.ascii, b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.', marked);
      } else pushSegment(row.hex, '  ', false);
      // The separator belongs to the highlight only between two marked bytes.
      if (i < perRow - 1) pushSegment(row.hex, gap, marked && hl !== null && at + 1 < hl[1] && at + 1 < to);
    }
    rows.push(row);
  }
  return { rows, before: from, after: bytes.byteLength - to };
}

/** A hex row as plain text: `offset  hex |ascii|`. */
export function hexRowText(row: HexRow): string {
  const join = (list: HexSegment[]) => list.map((s) => s.text).join('');
  return `${row.offset}  ${join(row.hex)} |${join(row.ascii)}|`;
}

/** Concatenate byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
