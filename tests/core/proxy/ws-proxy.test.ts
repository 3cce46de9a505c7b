// WebSocket upgrades through the proxy when the upstream says no or is not there.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { kinds, startObservedProxy, startUpstream } from './helpers';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

function handshake(url: string): Promise<{ status: number; body: string } | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res: http.IncomingMessage) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', reject);
  });
}

describe('WebSocket upgrades through the proxy', () => {
  it('a refused upstream handshake reaches the client as its own status and body', async () => {
    const upstream = await startUpstream((_req, res) => res.writeHead(404).end());
    cleanup.push(() => upstream.close());
    upstream.server.on('upgrade', (_req, socket) => {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\ncontent-length: 12\r\n\r\nno token, no');
    });
    const observed = await startObservedProxy(upstream.url);
    cleanup.push(() => observed.proxy.close());
    expect(await handshake(`${observed.proxy.url.replace('http', 'ws')}/ws`)).toEqual({
      status: 401,
      body: 'no token, no',
    });
    const records = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'error', 'state:3:http-status']);
    expect(records[1]).toMatchObject({ status: 401, body: 'no token, no' });
  });

  it('a refusal whose body stalls after its headers reaches the client with what came, within a bounded wait', async () => {
    const upstream = await startUpstream((_req, res) => res.writeHead(404).end());
    cleanup.push(() => upstream.close());
    upstream.server.on('upgrade', (_req, socket: Duplex) => {
      // 12 of the 100 bytes promised, then nothing: the socket stays open until the test ends.
      socket.write('HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nno token, no');
      cleanup.push(async () => void socket.destroy());
    });
    const observed = await startObservedProxy(upstream.url);
    cleanup.push(() => observed.proxy.close());
    expect(await handshake(`${observed.proxy.url.replace('http', 'ws')}/ws`)).toEqual({
      status: 401,
      body: 'no token, no',
    });
    expect((await observed.finished(1))[1]).toMatchObject({ status: 401, body: 'no token, no' });
  });

  it('an unreachable upstream answers the upgrade with 502 and one line', async () => {
    const dead = await startUpstream(() => {});
    await dead.close();
    const observed = await startObservedProxy(dead.url);
    cleanup.push(() => observed.proxy.close());
    const answer = await handshake(`${observed.proxy.url.replace('http', 'ws')}/ws`);
    expect(answer).toMatchObject({ status: 502 });
    expect((answer as { body: string }).body).toMatch(/^streamscope proxy: cannot reach .*ECONNREFUSED.*\n$/);
    expect(kinds(await observed.finished(1))).toEqual(['state:0:connecting', 'error', 'state:3:network-error']);
  });

  it('an upstream that closes first: its close frame reaches the client, the session ends closed-by-server', async () => {
    const upstream = await startUpstream((_req, res) => res.writeHead(404).end());
    cleanup.push(() => upstream.close());
    const wss = new WebSocketServer({ server: upstream.server });
    cleanup.push(() => new Promise<void>((r) => wss.close(() => r())));
    wss.on('connection', (ws) => {
      ws.send('bye soon');
      ws.close(1001, 'going away');
    });
    const observed = await startObservedProxy(upstream.url);
    cleanup.push(() => observed.proxy.close());
    const client = new WebSocket(`${observed.proxy.url.replace('http', 'ws')}/`);
    const closed = await new Promise<[number, string]>((resolve) =>
      client.on('close', (code, reason) => resolve([code, reason.toString()])),
    );
    expect(closed).toEqual([1001, 'going away']);
    const records = await observed.finished(1);
    expect(
      records
        .filter((r) => r.kind === 'frame')
        .map((r) => (r.kind === 'frame' ? `${r.dir} ${r.opcode} ${r.data}` : '')),
    ).toEqual(['in text bye soon', 'in close 1001 going away']);
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
  });
});
