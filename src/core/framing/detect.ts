/**
 * Which framing an HTTP response is read with: the one the request asked for, else the one its
 * Content-Type names. A response no framing fits is refused the way EventSource refuses it.
 */
import type { Framing } from '#shared/records';
import { checkEventStreamResponse, mimeEssence, type ResponseRejection } from '../sse/response-check';

/** Content types of newline-delimited JSON under its several names (NDJSON, JSON Lines). */
const NDJSON_TYPES: ReadonlySet<string> = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonl',
  'application/jsonlines',
  'application/x-jsonlines',
]);

/** The framing a Content-Type names, or null when it names none we read. */
export function framingOfContentType(contentType: string | null): Framing | null {
  const essence = mimeEssence(contentType);
  if (essence === 'text/event-stream') return 'sse';
  if (NDJSON_TYPES.has(essence)) return 'ndjson';
  // RFC 7464 section 4.
  if (essence === 'application/json-seq') return 'json-seq';
  return null;
}

/** A response that can be read: how. Otherwise why not. */
export type FramingChoice =
  { framing: Framing; rejection: null } | { framing: null; rejection: NonNullable<ResponseRejection> };

/**
 * Decides how to read a response. A status other than 200 always fails (as for EventSource); a
 * `format` given by the user wins over the Content-Type, so any streaming body can be read.
 */
export function chooseFraming(
  status: number,
  statusText: string,
  contentType: string | null,
  format: Framing | undefined,
): FramingChoice {
  const sse = checkEventStreamResponse(status, statusText, contentType);
  if (sse?.code === 'http-status') return { framing: null, rejection: sse };
  if (format !== undefined) return { framing: format, rejection: null };
  const framing = framingOfContentType(contentType);
  if (framing !== null) return { framing, rejection: null };
  const essence = mimeEssence(contentType);
  return {
    framing: null,
    rejection: {
      code: 'content-type',
      message: `Content-Type ${essence ? `"${essence}"` : 'missing'}: expected text/event-stream (or application/x-ndjson, application/json-seq; choose a format to read any other body)`,
    },
  };
}
