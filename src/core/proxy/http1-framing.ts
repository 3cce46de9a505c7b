/**
 * Just enough HTTP/1.1 (RFC 9112) to forward a response body as the upstream framed it: read the
 * response head, tell how its body is delimited, and find where a chunked body ends without
 * copying it. The proxy writes each upstream read to the client as it came (chunk framing
 * included), one write per read; re-framing every chunk, as Node's HTTP client and server do,
 * cost the proxy more than all its socket I/O (see BENCHMARKS.md, row 12).
 */

/** A response head is refused past this size (Node's own limit is 16 KiB). */
export const MAX_HEAD_BYTES = 64 * 1024;

export interface ResponseHead {
  /** '1.0' or '1.1'. */
  readonly version: string;
  readonly status: number;
  readonly statusText: string;
  /** Header fields in order, with their original case. */
  readonly pairs: Array<[string, string]>;
}

/** How a response body ends (RFC 9112 §6.3). */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** Read until the upstream closes the connection. */
  | { readonly kind: 'close' };

const LF = 0x0a;
const CR = 0x0d;

/**
 * Where the head ends in `bytes` (the index after its blank line), -1 when it is not complete
 * yet. Bare LF line ends are accepted, as Node's parser accepts them.
 */
export function headEnd(bytes: Uint8Array): number {
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) return i + 2;
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return i + 3;
  }
  return -1;
}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;
const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;

/** The head (without its blank line) parsed, or a one-line reason it is not HTTP/1.x. */
export function parseResponseHead(text: string): ResponseHead | string {
  const lines = text.split(/\r?\n/);
  const status = STATUS_LINE.exec(lines[0] ?? '');
  if (status === null) return `not an HTTP/1.x response: "${(lines[0] ?? '').slice(0, 60)}"`;
  const pairs: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const last = pairs[pairs.length - 1];
    // obs-fold (RFC 9112 §5.2): a continuation line is replaced by a space.
    if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const field = FIELD.exec(line);
    if (field === null) return `invalid header line in the response: "${line.slice(0, 60)}"`;
    pairs.push([field[1]!, field[2]!]);
  }
  return { version: `1.${status[1]}`, status: Number(status[2]), statusText: status[3] ?? '', pairs };
}

/** All values of a field, joined with ", ", lower-cased; undefined when absent. */
export function fieldValue(pairs: ReadonlyArray<[string, string]>, name: string): string | undefined {
  let out: string | undefined;
  for (const [key, value] of pairs) {
    if (key.toLowerCase() === name) out = out === undefined ? value : `${out}, ${value}`;
  }
  return out?.toLowerCase();
}

/** How the body of `head`, an answer to `method`, is delimited; a string when it cannot be told. */
export function bodyFraming(method: string, head: ResponseHead): BodyFraming | string {
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
  const te = fieldValue(head.pairs, 'transfer-encoding');
  if (te !== undefined) {
    const codings = te.split(',').map((c) => c.trim());
    return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  }
  const cl = fieldValue(head.pairs, 'content-length');
  if (cl === undefined) return { kind: 'close' };
  // Repeated identical values ("5, 5") are one length; anything else is an error (§6.3 step 5).
  const values = new Set(cl.split(',').map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(only!)) return `invalid Content-Length in the response: "${cl}"`;
  return { kind: 'length', length: Number(only) };
}

/** Whether the connection may carry another request once this response is complete. */
export function keepsConnection(head: ResponseHead, framing: BodyFraming): boolean {
  if (framing.kind === 'close' || head.version !== '1.1') return false;
  const connection = fieldValue(head.pairs, 'connection') ?? '';
  if (connection.split(',').some((o) => o.trim() === 'close')) return false;
  // Transfer-Encoding with Content-Length may be a smuggling attempt: never reuse (§6.3 step 3).
  return !(framing.kind === 'chunked' && fieldValue(head.pairs, 'content-length') !== undefined);
}

const enum State {
  Size,
  Extension,
  Data,
  DataCr,
  DataLf,
  TrailerLineStart,
  TrailerLine,
  TrailerEndLf,
  Done,
}

/** A chunked body, read incrementally: where it ends, and (when asked) its data without framing. */
export interface ChunkedScanner {
  /**
   * Scans the next bytes of the body. `onData(start, end)` gets each stretch of chunk data in
   * `bytes`. Returns the index just after the body's last byte when it ends in `bytes`, -1 when
   * it goes on, or a string saying why the framing is invalid.
   */
  scan(bytes: Uint8Array, onData?: (start: number, end: number) => void): number | string;
}

/** Chunk sizes over this are refused (13 hex digits: 4 PiB; the parse stays exact). */
const MAX_SIZE_DIGITS = 13;

export function createChunkedScanner(): ChunkedScanner {
  let state = State.Size;
  let size = 0;
  let digits = 0;
  return {
    scan(bytes, onData) {
      let i = 0;
      const n = bytes.length;
      while (i < n) {
        const b = bytes[i]!;
        switch (state) {
          case State.Size: {
            const digit = hexValue(b);
            if (digit >= 0) {
              if (++digits > MAX_SIZE_DIGITS) return 'chunk size too large';
              size = size * 16 + digit;
            } else if (digits === 0) {
              return 'invalid chunk size line';
            } else if (b === LF) {
              state = sizeLineEnd();
            } else if (b === CR || b === 0x3b || b === 0x20 || b === 0x09) {
              // ";" starts an extension; CR and whitespace end the size: skip to the LF.
              state = State.Extension;
            } else {
              return 'invalid chunk size line';
            }
            i++;
            break;
          }
          case State.Extension:
            i = bytes.indexOf(LF, i);
            if (i === -1) return -1;
            state = sizeLineEnd();
            i++;
            break;
          case State.Data: {
            const take = Math.min(size, n - i);
            onData?.(i, i + take);
            size -= take;
            i += take;
            if (size === 0) state = State.DataCr;
            break;
          }
          case State.DataCr:
            if (b === CR) state = State.DataLf;
            else if (b === LF) state = State.Size;
            else return 'chunk data longer than its size';
            i++;
            break;
          case State.DataLf:
            if (b !== LF) return 'chunk data longer than its size';
            state = State.Size;
            i++;
            break;
          case State.TrailerLineStart:
            state = b === CR ? State.TrailerEndLf : b === LF ? State.Done : State.TrailerLine;
            i++;
            if (state === State.Done) return i;
            break;
          case State.TrailerLine:
            i = bytes.indexOf(LF, i);
            if (i === -1) return -1;
            state = State.TrailerLineStart;
            i++;
            break;
          case State.TrailerEndLf:
            if (b !== LF) return 'invalid trailer section';
            state = State.Done;
            return i + 1;
          case State.Done:
            return 0;
        }
      }
      return state === State.Done ? 0 : -1;
    },
  };

  function sizeLineEnd(): State {
    digits = 0;
    if (size === 0) return State.TrailerLineStart;
    return State.Data;
  }
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}
