/**
 * Picks how a proxied response body is read on the side, from its head: SSE through the same
 * decoder live sessions use, NDJSON line by line, anything else as raw chunks only. What the
 * client receives never depends on this: it gets the bytes before they are parsed.
 */
import type { RecordSink } from '../stream';
import { createSseDecoder } from '../sse/decoder';
import { mimeEssence } from '../sse/response-check';
import { now } from '../clock';
import { createNdjsonDecoder, type LineDecoder } from './ndjson-decoder';

/** Media types whose bodies are read as one JSON value per line. */
const LINE_TYPES: ReadonlySet<string> = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
]);

export type BodyKind = 'sse' | 'ndjson' | 'raw';

/** How a body with this Content-Type and Content-Encoding is read. */
export function bodyKindOf(contentType: string | undefined, contentEncoding: string | undefined): BodyKind {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return 'raw';
  const essence = mimeEssence(contentType ?? null);
  if (essence === 'text/event-stream') return 'sse';
  if (LINE_TYPES.has(essence)) return 'ndjson';
  return 'raw';
}

/** Records chunks and whatever the body's kind yields; `end()` when the body is complete. */
export function createBodyObserver(kind: BodyKind, sink: RecordSink, contentEncoding: string | undefined): LineDecoder {
  if (kind === 'sse') return createSseDecoder(sink);
  if (kind === 'ndjson') return createNdjsonDecoder(sink);
  let noted = contentEncoding === undefined || contentEncoding.trim().toLowerCase() === 'identity';
  return {
    push(bytes, t, connection) {
      sink({ kind: 'chunk', t, connection, bytes });
      // A compressed body is forwarded as it is (the client asked for it); its records are the
      // compressed bytes, so say once why no events appear.
      if (!noted) {
        noted = true;
        sink({
          kind: 'error',
          t: now(),
          connection,
          code: 'parse',
          message: `the body is ${contentEncoding}-encoded: shown as raw chunks (clients sending Accept-Encoding: identity get events)`,
          fatal: false,
        });
      }
    },
    end() {},
  };
}
