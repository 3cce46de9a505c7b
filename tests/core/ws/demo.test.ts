// The WebSocket engine against the embedded demo server's /ws route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect, isOpen } from './helpers';
import { within } from '../../support/wait';

let demo: DemoServer;
let wsBase: string;

beforeAll(async () => {
  demo = await startDemoServer();
  wsBase = demo.url.replace(/^http/, 'ws');
});

afterAll(async () => {
  await demo.close();
});

interface DemoMessage {
  message: string;
  sentAt: number;
  type?: string;
  echo?: string;
  encoding?: string;
}

describe('the demo /ws route', () => {
  it('streams the greeting, numbered messages and statuses, then closes 1000 when the duration ends', async () => {
    const c = collect();
    const conn = createWsConnection(
      { request: { url: `${wsBase}/ws?interval=20&statusInterval=50&duration=0.5` } },
      c.sink,
    );
    await within(conn.done, 5000, 'demo duration');
    const texts = c.of('frame').filter((f) => f.dir === 'in' && f.opcode === 'text');
    const messages = texts.map((f) => JSON.parse(f.data) as DemoMessage);
    expect(messages[0]!.message).toBe('SSE connection established');
    const numbered = messages.filter((m) => m.message.startsWith('SSE Message '));
    // 500 ms at 20 ms: about 25, fewer on a loaded machine but clearly a stream.
    expect(numbered.length).toBeGreaterThanOrEqual(8);
    expect(numbered.length).toBeLessThanOrEqual(26);
    expect(numbered.map((m) => m.message)).toEqual(numbered.map((_, i) => `SSE Message ${i + 1}`));
    expect(messages.filter((m) => m.type === 'status').length).toBeGreaterThanOrEqual(2);
    // Frame stamps are the client's arrival times: never before the server's sentAt (same
    // clock, ms resolution), and not long after it on loopback.
    for (let i = 0; i < texts.length; i++) {
      const latency = texts[i]!.t - messages[i]!.sentAt;
      expect(latency).toBeGreaterThan(-1);
      expect(latency).toBeLessThan(1000);
      expect(texts[i]!.size).toBe(Buffer.byteLength(texts[i]!.data));
    }
    const closeIn = c.of('frame').find((f) => f.dir === 'in' && f.opcode === 'close');
    expect(closeIn).toMatchObject({ code: 1000, reason: 'duration elapsed', data: '1000 duration elapsed' });
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
    expect(c.of('error')).toEqual([]);
  });

  it('echoes text and binary sent by the client', async () => {
    const c = collect();
    const conn = createWsConnection(
      { request: { url: `${wsBase}/ws?interval=60000&statusInterval=60000&duration=10` } },
      c.sink,
    );
    await c.waitFor(isOpen);
    conn.send({ type: 'text', data: '{"hello":"demo"}' });
    conn.send({ type: 'binary', encoding: 'hex', data: 'cafe' });
    const echoes = (): DemoMessage[] =>
      c
        .of('frame')
        .filter((f) => f.dir === 'in' && f.opcode === 'text')
        .map((f) => JSON.parse(f.data) as DemoMessage)
        .filter((m) => m.echo !== undefined);
    await c.waitFor(() => echoes().length >= 2);
    expect(echoes().map((m) => [m.echo, m.encoding ?? null])).toEqual([
      ['{"hello":"demo"}', null],
      [Buffer.from('cafe', 'hex').toString('base64'), 'base64'],
    ]);
    conn.close();
    await within(conn.done, 5000, 'done');
  });

  it('a path without a WebSocket endpoint is a rejected handshake (404) with the body kept', async () => {
    const c = collect();
    const conn = createWsConnection({ request: { url: `${wsBase}/nope` } }, c.sink);
    await within(conn.done, 5000, 'done');
    expect(c.of('response')[0]).toMatchObject({ status: 404 });
    expect(c.of('response')[0]!.body).toContain('/nope');
    expect(c.of('error')[0]).toMatchObject({ code: 'http-status', status: 404, fatal: true });
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'http-status' });
  });
});
