/**
 * What the URL field's text means, checked before it goes to the back end so a typo gets a line a
 * user can act on (the bridge's own check names API fields: "options.request.url is not...").
 */
import { transportOf } from '#shared/request';
import { parseUrl } from '#shared/url';

const HINT = 'start it with http:// or https:// (SSE), ws:// or wss:// (WebSocket)';

/**
 * An address typed without a scheme (`localhost:8080/sse`, `127.0.0.1:3000`) gets `http://`, as a
 * browser's address bar does. Left alone: anything with `://`, and text that starts with a
 * `{{variable}}` (it may hold the scheme, and is filled in only at connect).
 */
export function withDefaultScheme(text: string): string {
  const url = text.trim();
  if (url === '' || url.includes('://') || url.startsWith('{{')) return url;
  return /^[\w.-]+(:\d+)?([/?#]|$)|^\[[\d:a-f.]+\](:\d+)?([/?#]|$)/i.test(url) ? `http://${url}` : url;
}

/** Null when `url` (variables filled in) is a stream URL, else why not (one line). */
export function streamUrlProblem(url: string): string | null {
  const parsed = parseUrl(url);
  if (typeof parsed === 'string') return `"${url.slice(0, 80)}" is not a URL: ${HINT}`;
  if (transportOf(parsed.href) === null) return `"${parsed.protocol}" is not a stream scheme: ${HINT}`;
  return null;
}
