// Run in a child process by lifecycle.test.ts (bundled with Vite first): start the demo server,
// open and drop many SSE and WebSocket connections mid-stream, close the server and print a
// summary. It never calls process.exit: the process ends only if close() left no handle behind.
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { startDemoServer } from '../../../src/core/demo/server';

const CYCLES = Number(process.env.CYCLES ?? 20);

function sseCycle(base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/sse?interval=5&statusInterval=7&duration=30`, { agent: false }, (res) => {
      // Drop the connection after the first few bytes, mid-stream.
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', (err) => (req.destroyed ? resolve() : reject(err)));
    req.end();
  });
}

function wsCycle(base: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?interval=5&statusInterval=7&duration=30`);
    ws.once('message', () => ws.terminate());
    ws.once('close', () => resolve());
    ws.once('error', reject);
  });
}

async function main(): Promise<void> {
  const server = await startDemoServer({ port: 0 });
  for (let i = 0; i < CYCLES; i++) await Promise.all([sseCycle(server.url), wsCycle(server.url)]);
  // Leave a few streams open: close() must end them too.
  const open = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<void>((resolve) => {
          const req = request(`${server.url}/scenarios/firehose?rate=100&duration=60`, { agent: false }, (res) => {
            res.once('data', () => resolve());
            res.resume();
            res.on('error', () => undefined);
          });
          req.on('error', () => undefined);
          req.end();
        }),
    ),
  );
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?interval=50&duration=60`);
  ws.on('error', () => undefined);
  await new Promise((r) => ws.once('message', r));
  const during = server.metrics();
  const started = Date.now();
  await server.close();
  const closeMs = Date.now() - started;
  const after = server.metrics();
  process.stdout.write(`${JSON.stringify({ opened: open.length, during, after, closeMs })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
