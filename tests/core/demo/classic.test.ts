import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { STATUS_MESSAGES } from '../../../src/core/demo/classic';
import { collectSse, collectWs, eventsOf, ofKind } from './helpers';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

type Message = { message: string; sentAt: number; type?: string };
const fast = 'interval=20&statusInterval=50&duration=1';

describe('/sse, the classic demo', () => {
  it('sends exactly the demo headers', async () => {
    const records = await collectSse(
      { url: `${server.url}/sse?${fast}`, reconnect: false },
      { until: (r) => r.some((x) => x.kind === 'response') },
    );
    const response = ofKind(records, 'response')[0]!;
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': 'Cache-Control',
    });
  });

  it('greets, then numbers messages every interval and mixes in random statuses', async () => {
    const before = Date.now();
    const records = await collectSse(
      { url: `${server.url}/sse?${fast}`, reconnect: false },
      {
        until: (r) =>
          eventsOf(r).filter((e) => e.data.includes('"type":"status"')).length >= 2 && eventsOf(r).length >= 6,
      },
    );
    const messages = eventsOf(records).map((e) => {
      expect(e.type).toBe('message');
      return JSON.parse(e.data) as Message;
    });
    expect(messages[0]).toEqual({ message: 'SSE connection established', sentAt: expect.any(Number) });
    expect(eventsOf(records)[0]!.data).toMatch(/^\{"message":"SSE connection established","sentAt":\d+\}$/);
    const numbered = messages.filter((m) => m.type === undefined).slice(1);
    numbered.forEach((m, i) => expect(m).toEqual({ message: `SSE Message ${i + 1}`, sentAt: expect.any(Number) }));
    const statuses = messages.filter((m) => m.type === 'status');
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    for (const s of statuses) expect(STATUS_MESSAGES).toContain(s.message);
    for (const m of messages) expect(m.sentAt).toBeGreaterThanOrEqual(before - 1);
    // Every 20 ms against every 50 ms: more numbered messages than statuses.
    expect(numbered.length).toBeGreaterThan(statuses.length);
  });

  it('closes the stream after `duration` seconds', async () => {
    const started = Date.now();
    const records = await collectSse({
      url: `${server.url}/sse?interval=50&statusInterval=5000&duration=0.3`,
      reconnect: false,
    });
    const elapsed = Date.now() - started;
    expect(ofKind(records, 'state').at(-1)).toMatchObject({ readyState: 2, reason: 'stream-ended' });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3000);
    expect(eventsOf(records).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['interval=abc', 'interval'],
    ['interval=0', 'interval'],
    ['statusInterval=1.5', 'statusInterval'],
    ['duration=-1', 'duration'],
    ['duration=0', 'duration'],
  ])('answers a bad query (%s) with 400 and one line', async (query, name) => {
    const res = await fetch(`${server.url}/sse?${query}`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toContain(`"${name}"`);
  });

  it('answers a CORS preflight so another origin can connect', async () => {
    const res = await fetch(`${server.url}/sse`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://example.test',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'last-event-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Last-Event-ID/i);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/GET/);
  });
});

describe('/ws, the same over WebSocket', () => {
  it('sends the same messages and statuses', async () => {
    const { messages } = await collectWs(`${server.url.replace('http', 'ws')}/ws?${fast}`, {
      until: (m) => (m as Message[]).filter((x) => x.type === 'status').length >= 1 && m.length >= 4,
    });
    const typed = messages as Message[];
    expect(typed[0]).toEqual({ message: 'SSE connection established', sentAt: expect.any(Number) });
    const numbered = typed.filter((m) => m.type === undefined).slice(1);
    numbered.forEach((m, i) => expect(m.message).toBe(`SSE Message ${i + 1}`));
    for (const s of typed.filter((m) => m.type === 'status')) expect(STATUS_MESSAGES).toContain(s.message);
  });

  it('echoes what the client sends, stamped with sentAt', async () => {
    const { messages } = await collectWs(`${server.url.replace('http', 'ws')}/ws?interval=10000&statusInterval=10000`, {
      onOpen: (ws) => {
        ws.send('hello demo');
        ws.send(Buffer.from([1, 2, 3]));
      },
      until: (m) => m.filter((x) => typeof x === 'object' && x !== null && 'echo' in x).length >= 2,
    });
    const echoes = messages.filter(
      (x): x is { echo: string; sentAt: number; encoding?: string } =>
        typeof x === 'object' && x !== null && 'echo' in x,
    );
    expect(echoes[0]).toEqual({ echo: 'hello demo', sentAt: expect.any(Number) });
    expect(echoes[1]).toEqual({
      echo: Buffer.from([1, 2, 3]).toString('base64'),
      encoding: 'base64',
      sentAt: expect.any(Number),
    });
  });

  it('closes with 1000 after `duration` seconds', async () => {
    const { closeCode, messages } = await collectWs(`${server.url.replace('http', 'ws')}/ws?interval=50&duration=0.3`);
    expect(closeCode).toBe(1000);
    expect(messages.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses the handshake with 400 for a bad query', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?interval=-5`);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('opened')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(400);
  });
});

describe('index, metrics and unknown routes', () => {
  it('serves metrics as JSON and through core, counting what was sent', async () => {
    const before = server.metrics();
    await collectSse({ url: `${server.url}/sse?interval=10&statusInterval=1000&duration=0.2`, reconnect: false });
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'bytesSent',
      'errors',
      'memory',
      'messagesSent',
      'sseConnections',
      'uptimeMs',
      'wsConnections',
    ]);
    const after = server.metrics();
    expect(after.messagesSent).toBeGreaterThan(before.messagesSent + 3);
    expect(after.bytesSent).toBeGreaterThan(before.bytesSent + 100);
    expect(after.uptimeMs).toBeGreaterThan(0);
    expect(after.memory.rss).toBeGreaterThan(after.memory.heapUsed);
  });

  it('counts answers with an error status as errors', async () => {
    const before = server.metrics().errors;
    const res = await fetch(`${server.url}/no-such-route`);
    expect(res.status).toBe(404);
    expect((await res.text()).trimEnd().split('\n')).toHaveLength(1);
    expect(server.metrics().errors).toBe(before + 1);
  });

  it('answers a plain HTTP request to /ws with 426', async () => {
    const res = await fetch(`${server.url}/ws`);
    expect(res.status).toBe(426);
    await res.text();
  });

  it('lists routes and scenarios at /', async () => {
    const body = (await (await fetch(`${server.url}/`)).json()) as {
      routes: Array<{ path: string }>;
      scenarios: unknown[];
    };
    expect(body.routes.map((r) => r.path.split('?')[0])).toEqual([
      '/sse',
      '/ws',
      '/scenarios',
      '/metrics',
      '/socket.io/',
      '/mcp',
      '/graphql',
    ]);
    expect(body.scenarios).toEqual(server.scenarios());
  });

  it('serves a browser the side-by-side SSE and WebSocket page at /', async () => {
    const res = await fetch(`${server.url}/`, { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("new EventSource('/sse");
    expect(html).toContain("+ '/ws?");
    for (const s of server.scenarios()) expect(html).toContain(`>${s.path.replace(/&/g, '&#38;')}<`);
  });
});
