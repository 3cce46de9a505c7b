/**
 * A bench-only SSE server that writes one small event every `intervalMs`, each carrying the
 * precise wall-clock time of its write (`performance.timeOrigin + performance.now()`), so
 * write → arrival latency can be measured to the microsecond on one clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PacedServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `clock` stamps each write (default: this process's wall clock in ms, as the engine's arrival
 * clock reads it); a reader in another process needs one both processes share (monotonicMs).
 */
export async function startPacedServer(options: {
  count: number;
  intervalMs: number;
  clock?: () => number;
}): Promise<PacedServer> {
  const clock = options.clock ?? wallClockMs;
  const server: Server = createServer((req, res) => {
    startStream(req, res);
    // `?count=` asks for a shorter stream (a warm-up).
    const count = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('count')) || options.count;
    let n = 0;
    const timer = setInterval(() => {
      res.write(pacedEvent(n, clock));
      if (++n >= count) {
        clearInterval(timer);
        res.end();
      }
    }, options.intervalMs);
    res.on('close', () => clearInterval(timer));
  });
  return { url: `${await listenLocal(server)}/`, close: () => closeServer(server) };
}

/**
 * A one-shot paced server for the renderer benches: `count` events at `rate`/s to the first
 * request, 204 afterwards (a reconnect must not start a second stream).
 */
export async function startPacedOnceServer(
  count: number,
  rate: number,
): Promise<PacedServer & { written: () => number }> {
  let served = false;
  let written = 0;
  const server: Server = createServer((req, res) => {
    if (served) {
      res.writeHead(204).end();
      return;
    }
    served = true;
    startStream(req, res);
    const started = performance.now();
    // Catch-up pacing: each 1 ms tick writes every event due by now, one write each, stamped
    // right before its write, so a late timer never lowers the rate.
    const tick = (): void => {
      const due = Math.min(count, 1 + Math.floor(((performance.now() - started) * rate) / 1000));
      while (written < due) {
        res.write(pacedEvent(written, wallClockMs));
        written++;
      }
      if (written >= count) {
        clearInterval(timer);
        res.end();
      }
    };
    const timer = setInterval(tick, 1);
    res.on('close', () => clearInterval(timer));
    tick();
  });
  return {
    url: `${await listenLocal(server)}/paced`,
    written: () => written,
    close: () => {
      server.closeAllConnections();
      return closeServer(server);
    },
  };
}

function startStream(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  req.socket.setNoDelay(true);
}

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Event `n`, stamped right before its write. */
function pacedEvent(n: number, clock: () => number): string {
  return `data: {"n":${n},"sentAt":${clock()}}\n\n`;
}

async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The sentAt of every complete `data: {...}` line in a piece of stream text. */
export function sentAtValues(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/"sentAt":([0-9.]+)/g)) out.push(Number(m[1]));
  return out;
}
