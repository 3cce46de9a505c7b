/**
 * Every framing an HTTP stream can have, behind the one decoder interface the connection engine
 * and the replayer feed: bytes in (each read a chunk record), records out.
 */
import type { Framing } from '#shared/records';
import { DEFAULT_RECONNECT_MS } from '#shared/request';
import type { RecordSink } from '../stream';
import { createSseDecoder, type SseDecoder } from '../sse/decoder';
import { createNdjsonDecoder } from './line-decoder';
import { createJsonSeqDecoder } from './json-seq-decoder';

export { chooseFraming, framingOfContentType } from './detect';

export interface BodyDecoderOptions {
  /** Largest event (record) accepted, in bytes. Default 16 MiB. */
  maxEventBytes?: number;
}

/** Raw: every read is a chunk record and nothing more (a text/plain log, a binary feed). */
function createRawDecoder(sink: RecordSink): SseDecoder {
  return {
    push(bytes, t, connection) {
      sink({ kind: 'chunk', t, connection, bytes });
    },
    end() {},
    reset() {},
    lastEventId: '',
    reconnectMs: DEFAULT_RECONNECT_MS,
    overflowed: false,
  };
}

/**
 * A decoder for `framing`. Only SSE has a last event ID and a reconnection time; the others keep
 * `initialLastEventId` ("" by default) and 3000 ms.
 */
export function createBodyDecoder(
  framing: Framing,
  sink: RecordSink,
  options: BodyDecoderOptions = {},
  initialLastEventId = '',
): SseDecoder {
  switch (framing) {
    case 'sse':
      return createSseDecoder(sink, options, initialLastEventId);
    case 'ndjson':
      return createNdjsonDecoder(sink, options);
    case 'json-seq':
      return createJsonSeqDecoder(sink, options);
    case 'raw':
      return createRawDecoder(sink);
  }
}
