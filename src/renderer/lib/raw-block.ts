/**
 * Helpers for the detail pane's raw view: find an event's block in the bytes of the chunks it
 * came from, make CR and LF visible, and print a hex dump. Pure.
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

/**
 * Where the block that produced an event sits in `text` (the decoded chunks it came from):
 * [start, end) character offsets including its terminating blank line, or null when no block
 * yields exactly that data (e.g. the block began in an earlier chunk than recorded).
 */
export function findEventBlock(text: string, event: { type: string; data: string }): [number, number] | null {
  const lineRe = /\r\n|\r|\n/g;
  let blockStart = 0;
  let lineStart = 0;
  let dataLines: string[] = [];
  let type = 'message';
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text))) {
    const line = text.slice(lineStart, m.index);
    const nextStart = m.index + m[0].length;
    if (line === '') {
      if (dataLines.length && dataLines.join('\n') === event.data && type === event.type)
        return [blockStart, nextStart];
      dataLines = [];
      type = 'message';
      blockStart = nextStart;
    } else {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') dataLines.push(value);
      else if (field === 'event') type = value || 'message';
    }
    lineStart = nextStart;
  }
  return null;
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

/** The [start, end) byte offsets of a [start, end) character range of `text` (UTF-8). */
export function byteRange(text: string, range: [number, number]): [number, number] {
  const encoder = new TextEncoder();
  const start = encoder.encode(text.slice(0, range[0])).byteLength;
  return [start, start + encoder.encode(text.slice(range[0], range[1])).byteLength];
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
