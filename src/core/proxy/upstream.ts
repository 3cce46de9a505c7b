/**
 * Where the proxy forwards to: the upstream base URL, joined with each request's path, and the
 * agents (with keep-alive, so a client making many requests does not pay a TCP handshake each).
 */
import http from 'node:http';
import https from 'node:https';
import { parseUrl } from '../../shared/url';

export interface Upstream {
  /** The base URL as given: http(s), maybe with a path prefix. */
  readonly base: URL;
  /** Skip TLS certificate checks for an https upstream (--insecure). */
  readonly insecure: boolean;
  /** The agent for the base URL's scheme. */
  readonly agent: http.Agent;
  /** `request` of node:http or node:https, by scheme. */
  readonly request: typeof http.request;
  close(): void;
}

/** A message for an upstream URL the proxy cannot use, or null when it is a usable http(s) URL. */
export function checkUpstreamUrl(raw: string): string | null {
  const url = parseUrl(raw);
  if (typeof url === 'string') return url;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `the upstream must be an http:// or https:// URL (WebSocket upgrades go to the same host), got "${url.protocol}"`;
  }
  if (url.username || url.password) return 'the upstream URL must not contain credentials';
  return null;
}

export function createUpstream(raw: string, insecure: boolean): Upstream {
  const base = new URL(raw);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, rejectUnauthorized: !insecure })
    : new http.Agent({ keepAlive: true });
  return {
    base,
    insecure,
    agent,
    request: secure ? https.request : http.request,
    close: () => agent.destroy(),
  };
}

/**
 * The upstream URL for a request path: the base's path prefix, then the client's path and query
 * (`http://up/api` + `/v1/chat?x=1` = `http://up/api/v1/chat?x=1`).
 */
export function upstreamUrl(base: URL, requestPath: string, scheme?: 'ws' | 'wss'): URL {
  let path = requestPath;
  // Absolute-form (a client that treats us as a forward proxy): keep only path and query.
  if (!path.startsWith('/')) {
    try {
      const parsed = new URL(path);
      path = parsed.pathname + parsed.search;
    } catch {
      path = `/${path}`;
    }
  }
  const prefix = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  const url = new URL(base.origin);
  const q = path.indexOf('?');
  url.pathname = prefix + (q === -1 ? path : path.slice(0, q));
  url.search = q === -1 ? '' : path.slice(q);
  if (scheme) url.protocol = scheme === 'wss' ? 'wss:' : 'ws:';
  return url;
}
