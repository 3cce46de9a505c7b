/**
 * A bench-only SSE server that writes one small event every `intervalMs`, each carrying the
 * precise wall-clock time of its write (`performance.timeOrigin + performance.now()`), so
 * write → arrival latency can be measured to the microsecond on one clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PacedServer {
  url: string;
  close(): Promise<void>;
}

export async function startPacedServer(options: { count: number; intervalMs: number }): Promise<PacedServer> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    let n = 0;
    const timer = setInterval(() => {
      const sentAt = performance.timeOrigin + performance.now();
      res.write(`data: {"n":${n},"sentAt":${sentAt}}\n\n`);
      if (++n >= options.count) {
        clearInterval(timer);
        res.end();
      }
    }, options.intervalMs);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The sentAt of every complete `data: {...}` line in a piece of stream text. */
export function sentAtValues(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/"sentAt":([0-9.]+)/g)) out.push(Number(m[1]));
  return out;
}
