/**
 * What the NDJSON and JSON-seq decoders share: chunk records first, UTF-8 decoding across reads,
 * the text not yet cut kept (bounded) until the rest of its record arrives, and every event
 * pointing at the chunks that carried it. A framing only says where its records are in the text.
 */
import type { RecordSink } from '../stream';
import type { SseDecoder } from '../sse/decoder';
import { DEFAULT_LIMITS, DEFAULT_RECONNECT_MS } from '#shared/request';

export interface TextCutterOptions {
  /**
   * Largest record accepted, and the most text kept while waiting for a record's end, in bytes.
   * Beyond it: one `event-too-large` error and input is ignored until `reset()`. Default 16 MiB.
   */
  maxEventBytes?: number;
}

/** Emits one record's data; `start` is where the record began in the text given to the cutter. */
export type EmitRecord = (data: string, start: number) => void;

/** How a framing finds records in a framing's text. */
export interface Framer {
  /**
   * Emits every complete record in `text` and returns how much of it was used up; the rest is
   * kept and given again, with the next read's text appended.
   */
  cut(text: string, emit: EmitRecord): number;
  /** The stream ended cleanly: emit what is left, if it counts as a record. */
  last(rest: string, emit: EmitRecord): void;
}

/** A decoder (the SseDecoder interface, so engines and replay use every framing alike). */
export function createTextCutter(sink: RecordSink, options: TextCutterOptions, framer: Framer): SseDecoder {
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_LIMITS.maxEventBytes;
  let text = new TextDecoder('utf-8', { fatal: false });
  let pending = '';
  let pendingSeq = -1;
  let overflowed = false;
  let t = 0;
  let connection = 0;
  let chunkSeq = -1;
  // While emitting: how much of the text came from earlier reads (records starting there
  // began in the chunk `pendingSeq`).
  let carried = 0;

  const emit: EmitRecord = (data, start) => {
    if (overflowed) return;
    const size = Buffer.byteLength(data, 'utf8');
    if (size > maxEventBytes) {
      tooLarge(`a record of ${size} bytes exceeds the limit of ${maxEventBytes} bytes`);
      return;
    }
    const first = start < carried ? pendingSeq : chunkSeq;
    sink({
      kind: 'event',
      t,
      connection,
      type: 'message',
      data,
      lastEventId: '',
      id: null,
      chunks: [first, chunkSeq],
      size,
    });
  };

  function tooLarge(message: string): void {
    if (overflowed) return;
    overflowed = true;
    pending = '';
    sink({ kind: 'error', t, connection, code: 'event-too-large', message, fatal: true });
  }

  function clear(): void {
    pending = '';
    pendingSeq = -1;
    carried = 0;
  }

  return {
    push(bytes, at, conn) {
      t = at;
      connection = conn;
      chunkSeq = sink({ kind: 'chunk', t, connection, bytes });
      if (overflowed) return;
      const decoded = text.decode(bytes, { stream: true });
      if (decoded === '') return;
      const whole = pending === '' ? decoded : pending + decoded;
      carried = pending.length;
      if (pending === '') pendingSeq = chunkSeq;
      const used = framer.cut(whole, emit);
      if (overflowed) return;
      pending = used === 0 ? whole : whole.slice(used);
      // Records always end in this read's text, so what is left begins in this chunk unless
      // nothing was cut at all.
      if (used > 0) pendingSeq = chunkSeq;
      // UTF-16 units: never fewer than the UTF-8 bytes they came from, so this trips no later.
      if (pending.length > maxEventBytes) tooLarge(`a record exceeds the limit of ${maxEventBytes} bytes`);
    },
    end(clean = false) {
      const rest = pending + text.decode();
      if (clean && !overflowed && rest !== '') {
        carried = rest.length;
        framer.last(rest, emit);
      }
      clear();
    },
    reset() {
      text = new TextDecoder('utf-8', { fatal: false });
      overflowed = false;
      clear();
    },
    lastEventId: '',
    reconnectMs: DEFAULT_RECONNECT_MS,
    get overflowed() {
      return overflowed;
    },
  };
}
