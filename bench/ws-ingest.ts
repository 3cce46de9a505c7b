/**
 * Row 10 — WebSocket ingest. Method: a `ws` server in this process sends `count` text frames of
 * ~100 B (JSON with `sentAt`, like the SSE firehose) as fast as the socket's buffer allows (it
 * waits whenever more than 1 MiB is queued). The full engine (openStream ws:// into a Session with
 * stats, rules and a batch subscriber) and a bare `ws` client that only counts messages read it
 * alternately, median of `runs` each. Ratio of frames/s. Budget ≥ 0.5 × bare.
 */
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { engineConsume } from './lib/engine-consumer';
import { formatRate, median } from './lib/measure';
import type { BenchRow } from './lib/table';

async function startFrameFirehose(count: number): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    let sent = 0;
    const pad = 'x'.repeat(48);
    const pump = (): void => {
      while (sent < count && ws.readyState === WebSocket.OPEN) {
        ws.send(`{"n":${sent},"sentAt":${Date.now()},"pad":"${pad}"}`);
        sent++;
        if (ws.bufferedAmount > 1024 * 1024) {
          setImmediate(pump);
          return;
        }
      }
      if (sent >= count) ws.close(1000, 'done');
    };
    pump();
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => wss.close(() => r())),
  };
}

function bareWs(url: string): Promise<{ events: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let events = 0;
    const ws = new WebSocket(url);
    ws.on('message', () => void events++);
    ws.on('close', () => resolve({ events, ms: performance.now() - start }));
    ws.on('error', reject);
  });
}

export async function benchWsIngest(opts: { runs: number; frames: number }): Promise<BenchRow[]> {
  const server = await startFrameFirehose(opts.frames);
  try {
    const bare: number[] = [];
    const engine: number[] = [];
    await bareWs(server.url); // warm-up
    for (let run = 0; run < opts.runs; run++) {
      const b = await bareWs(server.url);
      if (b.events !== opts.frames) throw new Error(`bare ws client saw ${b.events} of ${opts.frames} frames`);
      bare.push((b.events / b.ms) * 1000);
      const e = await engineConsume(server.url);
      if (e.events !== opts.frames) throw new Error(`engine saw ${e.events} of ${opts.frames} frames`);
      engine.push((e.events / e.ms) * 1000);
    }
    const ratio = median(engine) / median(bare);
    return [
      {
        id: '10',
        name: 'WebSocket ingest (frame firehose → Session)',
        value: `${formatRate(median(engine))} frames/s (×${ratio.toFixed(2)})`,
        reference: `bare ws client ${formatRate(median(bare))} frames/s`,
        budget: '≥ 0.5 × bare',
        met: ratio >= 0.5,
        data: { engineFramesPerSecond: median(engine), bareFramesPerSecond: median(bare), ratio },
      },
    ];
  } finally {
    await server.close();
  }
}
