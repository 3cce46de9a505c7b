/**
 * Row 7's reader: reads a replayed stream with node:http (lighter than fetch's stream machinery)
 * and stamps every read. It runs in a process of its own (bench/replay-reader-child.ts): in the
 * bench process it carried the heap of the rows before it and of the row's own recording phase,
 * and V8's memory reducer collected that heap in the middle of the replay (mark-compact pauses of
 * 20–40 ms, ~8 s after the allocation stopped), which is the bench's garbage, not the replay's
 * timing.
 */
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A read: the stream's byte offset after it and when it arrived (ms since the epoch). */
export interface Read {
  end: number;
  t: number;
}

export function arrivalTimes(url: string): Promise<Read[]> {
  return new Promise((resolve, reject) => {
    const reads: Read[] = [];
    let offset = 0;
    get(url, (res) => {
      res.socket.setNoDelay(true);
      res.on('data', (chunk: Buffer) => {
        const t = performance.timeOrigin + performance.now();
        offset += chunk.byteLength;
        reads.push({ end: offset, t });
      });
      res.on('end', () => resolve(reads));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * The reader stands for an app that has long been reading streams: a cold node:http client took
 * 3–5 ms to hand over its first response's first chunk (its code not yet compiled), one gap error
 * of that size. So it reads a few short streams from a local server first.
 */
export async function warmReader(): Promise<void> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let i = 0;
    const timer = setInterval(() => {
      res.write(`data: warm ${i}\n\n`);
      if (++i === 50) {
        clearInterval(timer);
        res.end();
      }
    }, 1);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    for (let round = 0; round < 3; round++) await arrivalTimes(url);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}
