/**
 * The demo server's Socket.IO endpoint, judged by the real `socket.io-client` (it must accept it
 * as a Socket.IO server) and by Streamscope's own engine (pings answered, events counted).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink } from '../../../src/core/stream';
import { countsAsEvent, type StreamRecord } from '../../../src/shared/records';

let demo: DemoServer;
let client: Socket | undefined;
beforeEach(async () => {
  demo = await startDemoServer();
});
afterEach(async () => {
  client?.disconnect();
  client = undefined;
  await demo.close();
});

const waitFor = <T>(socket: Socket, event: string): Promise<T[]> =>
  new Promise((resolve) => socket.once(event, (...args: T[]) => resolve(args)));

describe('demo server /socket.io/', { timeout: 20_000 }, () => {
  it('socket.io-client joins, gets the binary snapshot and ticks, and its acks are answered', async () => {
    client = connectClient(demo.url, { transports: ['websocket'], reconnection: false, query: { interval: '30' } });
    const [meta, bytes] = await waitFor<unknown>(client, 'snapshot');
    expect(meta).toEqual({ name: 'demo.bin', size: 4 });
    expect(Buffer.from(bytes as Buffer)).toEqual(Buffer.from([0xde, 0x4d, 0x00, 0x01]));
    const [tick] = await waitFor<{ n: number }>(client, 'tick');
    expect(tick!.n).toBeGreaterThanOrEqual(1);
    expect(await client.timeout(5000).emitWithAck('hello', { a: 1 }, 2)).toEqual({ a: 1 });
  });

  it('refuses another namespace with CONNECT_ERROR, and polling with one line', async () => {
    client = connectClient(`${demo.url}/nope`, { transports: ['websocket'], reconnection: false });
    const [err] = await waitFor<Error>(client, 'connect_error');
    expect(err!.message).toBe('Invalid namespace');
    const polling = await fetch(`${demo.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
    expect(await polling.text()).toContain('WebSocket transport only');
  });

  it("Streamscope's engine stays joined across the demo's pings and counts its events", async () => {
    const records: StreamRecord[] = [];
    const conn = openStream(
      { request: { url: `${demo.url}/?interval=40&pingInterval=50&pingTimeout=500`, socketio: {} } },
      createSequencedSink('s', (r) => records.push(r)),
    );
    const end = Date.now() + 10_000;
    while (records.filter(countsAsEvent).length < 8 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    conn.close();
    await conn.done;
    const events = records.filter(countsAsEvent);
    expect(events.length).toBeGreaterThanOrEqual(8);
    expect(events[0]).toMatchObject({ decoded: { type: 'BINARY_EVENT', event: 'snapshot', attachments: 1 } });
    expect(events[1]).toMatchObject({ decoded: { type: 'EVENT', event: 'tick', args: [{ n: 1 }] } });
    expect(records.filter((r) => r.kind === 'frame' && r.dir === 'out' && r.data === '3').length).toBeGreaterThan(3);
    expect(records.filter((r) => r.kind === 'state').map((r) => (r as { reason: string }).reason)).toEqual([
      'connecting',
      'open',
      'closing',
      'closed-by-user',
    ]);
  });
});
