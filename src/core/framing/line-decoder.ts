/**
 * Newline-delimited JSON (NDJSON, JSON Lines): every non-empty line of the body is one event
 * record of type "message", like an SSE event without its fields. The bytes stay chunk records;
 * this only cuts the decoded text at line feeds.
 *
 * A line is not checked for being JSON here (the diagnostics say so): a stream that mixes in a
 * stray log line still shows everything it sent.
 *
 * @see https://github.com/ndjson/ndjson-spec
 * @see https://jsonlines.org/
 */
import type { RecordSink } from '../stream';
import type { SseDecoder } from '../sse/decoder';
import { createTextCutter, type EmitRecord, type TextCutterOptions } from './text-cutter';

/** The line without its ending (a CR before the LF belongs to the ending); blank lines are skipped. */
function emitLine(line: string, start: number, emit: EmitRecord): void {
  const data = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (data.trim() !== '') emit(data, start);
}

/**
 * Creates a decoder for newline-delimited JSON. A final line without a line feed counts when the
 * stream ends cleanly (`end(true)`); one cut off by a network error does not.
 */
export function createNdjsonDecoder(sink: RecordSink, options: TextCutterOptions = {}): SseDecoder {
  return createTextCutter(sink, options, {
    cut(text, emit) {
      let start = 0;
      for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', start)) {
        emitLine(text.slice(start, lf), start, emit);
        start = lf + 1;
      }
      return start;
    },
    last(rest, emit) {
      emitLine(rest, 0, emit);
    },
  });
}
