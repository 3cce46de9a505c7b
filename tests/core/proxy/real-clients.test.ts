// Real client libraries through the proxy, against real servers on 127.0.0.1: the openai SDK
// streaming a chat completion, the eventsource package reconnecting with Last-Event-ID, a ws
// client, and the MCP SDK's Streamable HTTP client against an @modelcontextprotocol/sdk server.
// Each gets the bytes the server sent, spaced as the server sent them (writes at 0, 300, 600 ms).
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { EventSource } from 'eventsource';
import WebSocket, { WebSocketServer } from 'ws';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { EventRecord, FrameRecord } from '../../../src/shared/records';
import { startObservedProxy, startUpstream } from './helpers';
import { expectSameSpacing, tappedFetch, tapServer } from './taps';

const SCHEDULE = [0, 300, 600];
const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `write(i)` at SCHEDULE[i] ms after the start. */
async function onSchedule(write: (i: number) => void | Promise<void>): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < SCHEDULE.length; i++) {
    const wait = start + SCHEDULE[i]! - performance.now();
    if (wait > 0) await sleep(wait);
    await write(i);
  }
}

async function proxyFor(handler: http.RequestListener) {
  const upstream = await startUpstream(handler);
  cleanup.push(() => upstream.close());
  const observed = await startObservedProxy(upstream.url);
  cleanup.push(() => observed.proxy.close());
  return { upstream, observed };
}

/**
 * One stream through a proxy before anything is timed: the first request through fresh code pays
 * one-time costs (lazy loading, JIT) that a loaded 2-core machine stretches to 100 ms and more.
 */
beforeAll(async () => {
  const { observed } = await proxyFor((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('id: 1\ndata: warm\n\n');
  });
  const es = new EventSource(`${observed.proxy.url}/warm`);
  await new Promise<void>((resolve) => (es.onmessage = () => resolve()));
  es.close();
  while (cleanup.length) await cleanup.pop()!();
});

describe('real clients through the proxy', () => {
  it('the openai SDK streams a chat completion: same bytes, same spacing', async () => {
    const server = tapServer();
    let body = '';
    const { observed } = await proxyFor((req, res) => {
      const tap = server.wrap(req, res);
      body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        void onSchedule((i) => {
          const chunk = {
            id: 'chatcmpl-1',
            object: 'chat.completion.chunk',
            created: 1,
            model: 'local',
            choices: [{ index: 0, delta: { content: ['Hel', 'lo', '!'][i] }, finish_reason: i === 2 ? 'stop' : null }],
          };
          res.write(`data: ${JSON.stringify(chunk)}\n\n${i === 2 ? 'data: [DONE]\n\n' : ''}`);
        }).then(() => res.end());
        void tap;
      });
    });
    const bodies: Buffer[][] = [];
    const client = new OpenAI({
      apiKey: 'sk-local',
      baseURL: `${observed.proxy.url}/v1`,
      fetch: tappedFetch(bodies),
      maxRetries: 0,
    });
    const complete = async (): Promise<{ text: string; arrivals: number[] }> => {
      const stream = await client.chat.completions.create({
        model: 'local',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      const arrivals: number[] = [];
      let text = '';
      for await (const chunk of stream) {
        arrivals.push(performance.now());
        text += chunk.choices[0]?.delta.content ?? '';
      }
      return { text, arrivals };
    };
    // The first stream pays the SDK's one-time costs (lazy loading, JIT): time the second.
    expect((await complete()).text).toBe('Hello!');
    const { text, arrivals } = await complete();
    expect(text).toBe('Hello!');
    expect(JSON.parse(body)).toMatchObject({ model: 'local', stream: true });
    expect(Buffer.concat(bodies[1]!).equals(server.taps[1]!.tap.bytes())).toBe(true);
    expectSameSpacing(server.taps[1]!.tap.writes, arrivals);

    const records = await observed.finished(2);
    expect(observed.exchanges[1]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', status: 200 });
    const events = records.filter((r): r is EventRecord => r.kind === 'event');
    expect(events.map((e) => e.data).at(-1)).toBe('[DONE]');
    expect(events).toHaveLength(4);
  });

  it('the eventsource package reconnects through the proxy with Last-Event-ID', async () => {
    const server = tapServer();
    const lastEventIds: Array<string | undefined> = [];
    const { observed } = await proxyFor((req, res) => {
      server.wrap(req, res);
      const last = req.headers['last-event-id'] as string | undefined;
      lastEventIds.push(last);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (last === undefined) {
        void onSchedule((i) => {
          res.write(`${i === 0 ? 'retry: 50\n' : ''}id: ${i + 1}\ndata: event ${i + 1}\n\n`);
        }).then(() => res.end());
      } else {
        res.end(`id: ${Number(last) + 1}\ndata: resumed after ${last}\n\n`);
      }
    });
    const bodies: Buffer[][] = [];
    const received: Array<{ data: string; id: string; at: number }> = [];
    const es = new EventSource(`${observed.proxy.url}/events`, { fetch: tappedFetch(bodies) });
    cleanup.push(() => es.close());
    await new Promise<void>((resolve, reject) => {
      es.onmessage = (e) => {
        received.push({ data: e.data, id: e.lastEventId, at: performance.now() });
        if (received.length === 4) resolve();
      };
      setTimeout(() => reject(new Error(`only ${received.length} events`)), 5000);
    });
    es.close();
    expect(received.map((r) => [r.data, r.id])).toEqual([
      ['event 1', '1'],
      ['event 2', '2'],
      ['event 3', '3'],
      ['resumed after 3', '4'],
    ]);
    expect(lastEventIds.slice(0, 2)).toEqual([undefined, '3']);
    expect(
      Buffer.concat(bodies[0]!).equals(server.taps[0]!.tap.bytes()) &&
        Buffer.concat(bodies[1]!).equals(server.taps[1]!.tap.bytes()),
    ).toBe(true);
    expectSameSpacing(
      server.taps[0]!.tap.writes,
      received.slice(0, 3).map((r) => r.at),
    );
    // Each request is its own exchange; the second carried the header to the upstream.
    await observed.finished(2);
    expect(observed.exchanges[1]!.request.headers?.map(([n, v]) => [n.toLowerCase(), v])).toContainEqual([
      'last-event-id',
      '3',
    ]);
  });

  it('a ws client: frames both ways, subprotocol and close code passed through, same spacing', async () => {
    const sentAt: number[] = [];
    const upstreamGot: Array<string | Buffer> = [];
    let closeSeen: [number, string] | null = null;
    const { upstream, observed } = await proxyFor((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({
      server: upstream.server,
      handleProtocols: (p) => (p.has('chat.v1') ? 'chat.v1' : false),
    });
    cleanup.push(() => new Promise<void>((r) => wss.close(() => r())));
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => {
        upstreamGot.push(isBinary ? (data as Buffer) : data.toString());
        ws.send(isBinary ? data : `echo ${data.toString()}`, { binary: isBinary });
      });
      ws.on('close', (code, reason) => (closeSeen = [code, reason.toString()]));
      void onSchedule((i) => {
        sentAt.push(performance.now());
        ws.send(`tick ${i + 1}`);
      });
    });

    const client = new WebSocket(`${observed.proxy.url.replace('http', 'ws')}/socket?room=1`, ['chat.v1']);
    const ticks: number[] = [];
    const got: Array<string | Buffer> = [];
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.on('message', (data, isBinary) => {
        const value = isBinary ? (data as Buffer) : data.toString();
        if (typeof value === 'string' && value.startsWith('tick')) ticks.push(performance.now());
        got.push(value);
        if (ticks.length === 1 && got.length === 1) {
          client.send('hello');
          client.send(Buffer.from([0, 1, 2, 255]));
        }
        if (got.length === 5) resolve();
      });
    });
    expect(client.protocol).toBe('chat.v1');
    client.close(4001, 'done');
    await new Promise<void>((r) => client.on('close', () => r()));
    const records = await observed.finished(1);

    expect(got.filter((g) => typeof g === 'string').sort()).toEqual(['echo hello', 'tick 1', 'tick 2', 'tick 3']);
    expect(got).toContainEqual(Buffer.from([0, 1, 2, 255]));
    expect(upstreamGot).toEqual(['hello', Buffer.from([0, 1, 2, 255])]);
    expectSameSpacing(sentAt, ticks);
    await new Promise((r) => setTimeout(r, 50));
    expect(closeSeen).toEqual([4001, 'done']);

    const frames = records.filter((r): r is FrameRecord => r.kind === 'frame');
    expect(frames.filter((f) => f.dir === 'out').map((f) => [f.opcode, f.data])).toEqual([
      ['text', 'hello'],
      ['binary', Buffer.from([0, 1, 2, 255]).toString('base64')],
      ['close', '4001 done'],
    ]);
    expect(
      frames
        .filter((f) => f.dir === 'in' && f.opcode === 'text')
        .map((f) => f.data)
        .sort(),
    ).toEqual(['echo hello', 'tick 1', 'tick 2', 'tick 3']);
    expect(records.find((r) => r.kind === 'response')).toMatchObject({ status: 101, protocol: 'chat.v1' });
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
    expect(observed.exchanges[0]).toMatchObject({ transport: 'ws', path: '/socket?room=1' });
  });

  it("the MCP SDK's Streamable HTTP client calls a tool that streams progress", async () => {
    const server = tapServer();
    const mcp = new McpServer({ name: 'proxy-test', version: '1.0.0' });
    const notifiedAt: number[] = [];
    mcp.registerTool('countdown', { description: 'three progress notifications, 300 ms apart' }, async (extra) => {
      const progressToken = extra._meta?.progressToken;
      await onSchedule(async (i) => {
        notifiedAt.push(performance.now());
        if (progressToken !== undefined)
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: i + 1, total: 3 },
          });
      });
      return { content: [{ type: 'text', text: 'liftoff' }] };
    });
    // Warms the progress path (server and client) before the timed call.
    mcp.registerTool('warm', { description: 'one progress notification' }, async (extra) => {
      const progressToken = extra._meta?.progressToken;
      if (progressToken !== undefined)
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress: 1, total: 1 },
        });
      return { content: [{ type: 'text', text: 'warm' }] };
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
    await mcp.connect(transport);
    cleanup.push(() => mcp.close());
    const { observed } = await proxyFor((req, res) => {
      server.wrap(req, res);
      void transport.handleRequest(req, res);
    });

    const bodies: Buffer[][] = [];
    const client = new Client({ name: 'proxy-test-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${observed.proxy.url}/mcp`), { fetch: tappedFetch(bodies) }),
    );
    cleanup.push(() => client.close());
    await client.callTool({ name: 'warm', arguments: {} }, undefined, { onprogress: () => {} });
    const progressAt: number[] = [];
    const result = await client.callTool({ name: 'countdown', arguments: {} }, undefined, {
      onprogress: () => progressAt.push(performance.now()),
    });
    expect(result.content).toEqual([{ type: 'text', text: 'liftoff' }]);
    expect(progressAt).toHaveLength(3);
    // Spacing as written to the socket: the SDK may set up the response stream after the tool's
    // first notification, and that delay is the server's, not the proxy's.
    const callTap = server.taps.find((t) => t.tap.bytes().includes('"total":3'))!;
    expect(callTap.tap.writes.length).toBeGreaterThanOrEqual(3);
    expect(notifiedAt).toHaveLength(3);
    expectSameSpacing(callTap.tap.writes.slice(0, 3), progressAt);

    // Every body the client read is one the server wrote, byte for byte.
    const serverBodies = server.taps.map((t) => t.tap.bytes().toString('base64')).sort();
    for (const parts of bodies) expect(serverBodies).toContain(Buffer.concat(parts).toString('base64'));
    const call = observed.exchanges.find((e) => e.request.body?.includes('"tools/call"'));
    expect(call).toMatchObject({ method: 'POST', path: '/mcp', status: 200 });
  });
});
