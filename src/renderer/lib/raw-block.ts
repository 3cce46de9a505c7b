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

/** Classic hex dump: offset, 16 bytes in hex, and their printable ASCII. */
export function hexDump(bytes: Uint8Array, maxBytes = 4096): { lines: string[]; truncated: boolean } {
  const n = Math.min(bytes.byteLength, maxBytes);
  const lines: string[] = [];
  for (let off = 0; off < n; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, n));
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        const b = row[i]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
      if (i === 7) hex += ' ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return { lines, truncated: n < bytes.byteLength };
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
