/**
 * Where the proxy forwards to: the upstream base URL, joined with each request's path, and the
 * upstream connections, kept open between requests (a client making many requests does not pay
 * a TCP and TLS handshake each).
 */
import net from 'node:net';
import tls from 'node:tls';
import { parseUrl } from '#shared/url';

/** Idle connections kept for the next request. */
const MAX_IDLE = 16;
/**
 * An idle connection is closed after this long: shorter than the idle timeout of common servers
 * (Node's 5 s), so a request is rarely sent on a connection the server is just closing.
 */
const IDLE_MS = 4000;

const IDLE_EVENTS = ['error', 'end', 'timeout', 'data'] as const;

export interface Upstream {
  /** The base URL as given: http(s), maybe with a path prefix. */
  readonly base: URL;
  /** Skip TLS certificate checks for an https upstream (--insecure). */
  readonly insecure: boolean;
  /**
   * A connection to the upstream: an idle one when there is one (`reused`), else a new one
   * (TLS with the system's trust store for https). Errors arrive as the socket's 'error'.
   */
  connect(): { socket: net.Socket; reused: boolean };
  /** Gives back a connection whose last response was read whole, for the next request. */
  release(socket: net.Socket): void;
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
  const host = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname;
  const port = Number(base.port) || (secure ? 443 : 80);
  const idle = new Set<net.Socket>();
  const open = new Set<net.Socket>();
  let closed = false;

  function fresh(): net.Socket {
    const socket = secure
      ? tls.connect({
          host,
          port,
          // SNI takes a name, never an address.
          ...(net.isIP(host) === 0 ? { servername: host } : {}),
          rejectUnauthorized: !insecure,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host, port });
    // Each read is forwarded as its own write: Nagle's algorithm would hold a small one back.
    socket.setNoDelay(true);
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      idle.delete(socket);
    });
    return socket;
  }

  function onIdleEnd(this: net.Socket): void {
    this.destroy();
  }

  return {
    base,
    insecure,
    connect() {
      for (const socket of idle) {
        idle.delete(socket);
        for (const event of IDLE_EVENTS) socket.removeListener(event, onIdleEnd);
        socket.setTimeout(0);
        if (!socket.destroyed && socket.readable && socket.writable) return { socket, reused: true };
        socket.destroy();
      }
      return { socket: fresh(), reused: false };
    },
    release(socket) {
      if (closed || idle.size >= MAX_IDLE || socket.destroyed || !socket.readable || !socket.writable) {
        socket.destroy();
        return;
      }
      // An idle connection that the server closes, errs or sends anything unasked just goes.
      for (const event of IDLE_EVENTS) socket.on(event, onIdleEnd);
      socket.setTimeout(IDLE_MS);
      idle.add(socket);
    },
    close() {
      closed = true;
      for (const socket of open) socket.destroy();
    },
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
