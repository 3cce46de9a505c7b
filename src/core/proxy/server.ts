/**
 * `startProxyServer`: a reverse proxy in front of one upstream. Every request (and WebSocket
 * upgrade) is forwarded as it comes and handed to an observer as a {@link ProxyExchange} whose
 * records tell what passed through; the CLI prints them, the app opens a session per exchange.
 * Binds 127.0.0.1 unless told otherwise: whoever can reach the port can use the upstream with
 * whatever credentials the clients send.
 */
import { listenProblem } from '../listen-problem';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ExchangeObserver, ProxyExchange } from './exchange';
import { proxyHttpRequest } from './http-exchange';
import { createInspectionBudget, type InspectionBudget } from './inspection';
import { checkUpstreamUrl, createUpstream } from './upstream';
import { createClientSide, proxyWebSocket } from './ws-exchange';

export type { ExchangeObserver, ProxyExchange } from './exchange';
export { checkUpstreamUrl } from './upstream';
export { createInspectionBudget, UNLIMITED_INSPECTION, type InspectionBudget } from './inspection';

export interface ProxyServerOptions {
  /** The upstream base URL, http(s); its path is a prefix for every request path. */
  upstream: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accept any TLS certificate from an https upstream. Default false. */
  insecure?: boolean;
  /** Where each exchange's records go; called once per request, before it is forwarded. */
  observe: ExchangeObserver;
  /**
   * How much time parsing may take before reads are forwarded unparsed (and counted in the
   * session). Default: a tenth of the proxy's time (see inspection.ts).
   */
  inspectionBudget?: InspectionBudget;
}

export interface ProxyServer {
  /** `http://127.0.0.1:<port>`: what clients use in place of the upstream base URL. */
  readonly url: string;
  readonly port: number;
  readonly upstream: string;
  /** Requests received so far. */
  readonly total: number;
  /** Requests still streaming. */
  readonly open: number;
  /** Stops listening and cuts the open exchanges; resolves to how many were still open. */
  close(): Promise<number>;
}

/** The listening port is taken (or not allowed): a usage problem, not a stream failure. */
export class ProxyListenError extends Error {
  override name = 'ProxyListenError';
}

/** Starts the proxy; rejects with ProxyListenError when it cannot listen, TypeError for a bad upstream. */
export async function startProxyServer(options: ProxyServerOptions): Promise<ProxyServer> {
  const problem = checkUpstreamUrl(options.upstream);
  if (problem !== null) throw new TypeError(problem);
  const upstream = createUpstream(options.upstream, options.insecure ?? false);
  const clientSide = createClientSide();
  // One budget for every exchange: they share the thread that forwards them all.
  const budget = options.inspectionBudget ?? createInspectionBudget();
  const open = new Set<ProxyExchange>();
  let total = 0;

  function track(exchange: ProxyExchange): void {
    open.add(exchange);
    void exchange.done.then(() => open.delete(exchange));
  }

  const server = http.createServer({ noDelay: true }, (req, res) => {
    track(proxyHttpRequest(++total, req, res, upstream, options.observe, budget));
  });
  // Each chunk is forwarded as its own write: Nagle's algorithm would hold a small one back until
  // the previous one is acknowledged (40 ms and more on Linux), exactly the delay a proxy must not add.
  server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  server.on('upgrade', (req, socket, head) => {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    track(proxyWebSocket(++total, req, socket, head, clientSide, upstream, options.observe));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      upstream.close();
      reject(new ProxyListenError(listenProblem(err, host, options.port ?? 0)));
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<number> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    upstream: options.upstream,
    get total() {
      return total;
    },
    get open() {
      return open.size;
    },
    close() {
      closing ??= (async () => {
        const stillOpen = open.size;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const exchange of [...open]) exchange.abort('the proxy stopped');
        server.closeAllConnections();
        clientSide.close();
        upstream.close();
        await stopped;
        return stillOpen;
      })();
      return closing;
    },
  };
}
