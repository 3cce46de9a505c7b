/**
 * The WHATWG rules that decide whether a response is an event stream, and helpers that turn a
 * fetch Response into the record model's plain shapes.
 */

/** Why a response cannot be announced as open, or null when it can. */
export type ResponseRejection = { code: 'http-status' | 'content-type'; message: string } | null;

/** The MIME type essence: type/subtype, lower-cased, without parameters. */
export function mimeEssence(contentType: string | null): string {
  if (contentType === null) return '';
  return contentType.split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * [spec] "if res's status is not 200, or if res's `Content-Type` is not `text/event-stream`, then
 * fail the connection."
 */
export function checkEventStreamResponse(
  status: number,
  statusText: string,
  contentType: string | null,
): ResponseRejection {
  if (status !== 200) {
    const line = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
    // [spec] "Clients will reconnect if the connection is closed; a client can be told to stop
    // reconnecting using the HTTP 204 No Content response code": a server's way to end, not a fault.
    if (status === 204)
      return { code: 'http-status', message: `${line}: the server asks clients to stop reconnecting` };
    return { code: 'http-status', message: `${line}: expected 200` };
  }
  const essence = mimeEssence(contentType);
  if (essence !== 'text/event-stream') {
    return {
      code: 'content-type',
      message: `Content-Type ${essence ? `"${essence}"` : 'missing'}: expected text/event-stream`,
    };
  }
  return null;
}

/** Response headers with lower-cased names; repeated headers joined with ", ". */
export function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  });
  return out;
}
