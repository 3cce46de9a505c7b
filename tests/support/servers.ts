/**
 * The local servers of the tests, all real, on 127.0.0.1 port 0, every socket destroyed on close:
 * - startServer: a scenario HTTP server (one handler per test, every request kept for assertions),
 *   with beginStream/writeParts to script an event stream;
 * - startSseServer: a plain SSE source sending N numbered events;
 * - startWsServer: a ws WebSocket server (raw upgrades can be taken over);
 * - closeAtOnceServer: a raw TCP WebSocket peer that closes in the handshake's own write.
 * The demo server is src/core/demo/server.ts's startDemoServer() (it listens on port 0 itself).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest, index: number) => void;

export interface TestServer {
  /** http://127.0.0.1:<port> */
  base: string;
  url(path?: string): string;
  requests: SeenRequest[];
  /** Resolves once `n` requests have arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const waiters: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      requests.push(seen);
      for (const w of waiters.splice(0)) w();
      handler(req, res, seen, requests.length - 1);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    url: (path = '/') => base + path,
    requests,
    async waitForRequests(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, saw ${requests.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts an event-stream response: 200, text/event-stream, headers flushed. */
export function beginStream(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', ...headers });
  res.flushHeaders();
}

/**
 * Writes `parts` one by one, each as its own TCP write, a few ms apart so they arrive as
 * separate reads, then ends the response unless `keepOpen`.
 */
export async function writeParts(
  res: ServerResponse,
  parts: Array<string | Uint8Array>,
  options: { gapMs?: number; keepOpen?: boolean } = {},
): Promise<void> {
  for (const part of parts) {
    if (res.destroyed) return;
    res.write(part);
    await new Promise((r) => setTimeout(r, options.gapMs ?? 2));
  }
  if (!options.keepOpen && !res.destroyed) res.end();
}

export interface SseServer {
  url: string;
  close(): Promise<void>;
}

/** Sends `count` events, one every `intervalMs`, each `{"n":i,"sentAt":ms}`, then ends. */
export async function startSseServer(count = 5, intervalMs = 10): Promise<SseServer> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let i = 0;
    const timer = setInterval(() => {
      res.write(`id: ${i}\ndata: {"n":${i},"sentAt":${Date.now()}}\n\n`);
      if (++i >= count) {
        clearInterval(timer);
        res.end();
      }
    }, intervalMs);
    req.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface WsTestServer {
  /** ws://127.0.0.1:<port> */
  url: string;
  port: number;
  wss: WebSocketServer;
  /** Upgrade requests seen, in order. */
  upgrades: IncomingMessage[];
  close(): Promise<void>;
}

/**
 * A WebSocket server on an ephemeral port. `onUpgrade` may take over the raw upgrade (reject it,
 * stall it, destroy the socket) by returning true; otherwise ws completes the handshake and
 * `onConnection` gets the socket.
 */
export async function startWsServer(
  onConnection: (ws: WebSocket, req: IncomingMessage) => void,
  opts: { wss?: ServerOptions; onUpgrade?: (req: IncomingMessage, socket: Socket, attempt: number) => boolean } = {},
): Promise<WsTestServer> {
  const http: Server = createServer((_req, res) => res.writeHead(426).end('upgrade required'));
  const wss = new WebSocketServer({ noServer: true, ...opts.wss });
  const upgrades: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(req);
    socket.on('error', () => {});
    if (opts.onUpgrade?.(req, socket, upgrades.length)) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      onConnection(ws, req);
    });
  });
  wss.on('connection', () => {});
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    wss,
    upgrades,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * A raw TCP server answering the handshake and sending a close frame in ONE write, so the client
 * reads the close frame together with the 101: the socket is CLOSING before any later tick.
 */
export async function closeAtOnceServer(
  code: number,
  reason: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (b) => {
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n') || head.startsWith('DONE')) return;
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)![1]!;
      head = 'DONE';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
      socket.write(
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
            'latin1',
          ),
          Buffer.from([0x88, payload.length]),
          payload,
        ]),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
