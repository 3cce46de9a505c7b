/**
 * A tiny scenario server for SSE tests: real node:http on 127.0.0.1:0, one handler per test,
 * every request it saw kept for assertions, every socket destroyed on close.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

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
