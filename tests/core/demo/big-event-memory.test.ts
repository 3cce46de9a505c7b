/**
 * The demo's big-event scenario against clients that never read: it used to hold ~195 MB per
 * such client (10 clients ≈ 2 GB). Now events go out slice by slice as the socket drains, and at
 * most MAX_BIG_STREAMS run at once (the rest get 503).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BIG_STREAMS } from '../../../src/core/demo/scenarios/big-event';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer();
});

afterAll(async () => {
  await demo.close();
});

/** A client that sends its request and then reads nothing until asked. */
function stalledClient(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: demo.port }, () => {
      socket.pause();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${demo.port}\r\n\r\n`);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Reads the status line of a paused client. */
function statusOf(socket: Socket): Promise<number> {
  return new Promise((resolve) => {
    socket.once('data', (b: Buffer) => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(b.toString('latin1'))?.[1] ?? 0)));
    socket.resume();
  });
}

describe('big-event with clients that do not read', () => {
  it('keeps memory flat and caps concurrent big streams', async () => {
    const clients = 10;
    global.gc?.();
    const before = process.memoryUsage().rss;
    const sockets: Socket[] = [];
    for (let i = 0; i < clients; i++) sockets.push(await stalledClient('/scenarios/big-event?size=67108864&count=100'));
    // Let the server fill every socket buffer it can.
    await new Promise((r) => setTimeout(r, 1500));
    const growth = process.memoryUsage().rss - before;
    const statuses = await Promise.all(sockets.map(statusOf));
    for (const s of sockets) s.destroy();
    expect(statuses.filter((s) => s === 200)).toHaveLength(MAX_BIG_STREAMS);
    expect(statuses.filter((s) => s === 503)).toHaveLength(clients - MAX_BIG_STREAMS);
    // Was ~195 MB per client; now socket buffers and one 64 KiB slice each.
    expect(growth).toBeLessThan(150 * 1024 * 1024);
  });
});
