/**
 * JSON text sequences (RFC 7464, application/json-seq): each JSON text starts with an ASCII
 * Record Separator (0x1E) and ends with a line feed. Each becomes one event record of type
 * "message" whose data is the text without the RS and the trailing LF.
 *
 * A text is complete at its LF when what came since the RS parses as JSON (a pretty-printed text
 * holds LFs of its own), else at the next RS or the clean end of the stream; the RFC's parser
 * keeps such a text too, as a possibly truncated one, which the diagnostics then point out.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7464
 */
import type { RecordSink } from '../stream';
import type { SseDecoder } from '../sse/decoder';
import { createTextCutter, type EmitRecord, type TextCutterOptions } from './text-cutter';

const RS = '\u001e';

function emitText(raw: string, start: number, emit: EmitRecord): void {
  const data = raw.replace(/[\r\n]+$/, '');
  if (data.trim() !== '') emit(data, start);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Creates a decoder for RFC 7464 JSON text sequences. */
export function createJsonSeqDecoder(sink: RecordSink, options: TextCutterOptions = {}): SseDecoder {
  return createTextCutter(sink, options, {
    cut(text, emit) {
      // `start` is the beginning of the text being assembled (just after its RS, if it had one).
      let start = text.startsWith(RS) ? 1 : 0;
      let used = 0;
      let from = start;
      for (;;) {
        const rs = text.indexOf(RS, from);
        const end = rs < 0 ? text.length : rs;
        const body = text.slice(start, end);
        if (rs >= 0) {
          // The next text begins: this one is over, complete or not.
          emitText(body, start, emit);
          start = from = rs + 1;
          used = rs;
          continue;
        }
        // No RS follows: complete once it ends with LF and parses.
        if (body.endsWith('\n') && body.trim() !== '' && isJson(body)) {
          emitText(body, start, emit);
          return text.length;
        }
        return used;
      }
    },
    last(rest, emit) {
      emitText(rest.startsWith(RS) ? rest.slice(1) : rest, 0, emit);
    },
  });
}
