import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect, isOpen, openedPerTest } from './helpers';
import { startWsServer } from '../../support/servers';
import { within } from '../../support/wait';

const opened = openedPerTest();

describe('WebSocket closing', () => {
  for (const [code, reason] of [
    [1000, 'bye'],
    [1011, 'internal error: database gone'],
    [4000, 'application says stop'],
  ] as const) {
    it(`records a server close ${code} with its reason, then CLOSED (closed-by-server)`, async () => {
      opened.server = await startWsServer((ws) => {
        ws.send('before close');
        ws.close(code, reason);
      });
      const c = collect();
      opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
      await within(opened.conn.done, 5000, 'done');
      const frames = c.of('frame');
      expect(frames.map((f) => [f.dir, f.opcode])).toEqual([
        ['in', 'text'],
        ['in', 'close'],
        ['out', 'close'],
      ]);
      expect(frames[1]).toMatchObject({ code, reason, data: `${code} ${reason}`, size: 2 + Buffer.byteLength(reason) });
      // ws echoes the server's code, as RFC 6455 §5.5.1 suggests.
      expect(frames[2]).toMatchObject({ code });
      expect(c.states()).toEqual([0, 1, 2, 3]);
      expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
      expect((c.records.at(-1) as { message: string }).message).toContain(String(code));
      expect(c.of('error')).toEqual([]);
      expect(opened.conn.readyState).toBe(3);
    });
  }

  it('records a close frame without a status code as 1005 with an empty payload', async () => {
    opened.server = await startWsServer((ws) => ws.close());
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await within(opened.conn.done, 5000, 'done');
    expect(c.of('frame').map((f) => [f.dir, f.opcode, f.code, f.data, f.size])).toEqual([
      ['in', 'close', 1005, '1005', 0],
      ['out', 'close', 1005, '1005', 0],
    ]);
    expect(c.records.at(-1)).toMatchObject({ reason: 'closed-by-server' });
  });

  it('reports an abruptly destroyed socket as an error record, then CLOSED, with no close frame', async () => {
    opened.server = await startWsServer((ws) => {
      ws.send('last words');
      setTimeout(() => ws.terminate(), 20);
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await within(opened.conn.done, 5000, 'done');
    const errors = c.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'network', fatal: true });
    expect(errors[0]!.message).toMatch(/without a close frame/);
    const errorIndex = c.records.indexOf(errors[0]!);
    expect(c.records.slice(errorIndex + 1)).toEqual([
      expect.objectContaining({ kind: 'state', readyState: 3, reason: 'network-error' }),
    ]);
    expect(c.of('frame').map((f) => f.opcode)).toEqual(['text']);
    expect(c.states()).toEqual([0, 1, 3]);
  });

  it('reports a rejected handshake (401) with status, headers and body, a fatal error, then CLOSED', async () => {
    opened.server = await startWsServer(() => {}, {
      onUpgrade(_req, socket) {
        const body = JSON.stringify({ error: 'missing token' });
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\n' +
            'Content-Type: application/json\r\n' +
            'WWW-Authenticate: Bearer realm="demo"\r\n' +
            `Content-Length: ${Buffer.byteLength(body)}\r\n` +
            'Connection: close\r\n\r\n' +
            body,
        );
        return true;
      },
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await within(opened.conn.done, 5000, 'done');
    expect(c.records.map((r) => r.kind)).toEqual(['state', 'response', 'error', 'state']);
    const [response] = c.of('response');
    expect(response).toMatchObject({ status: 401, statusText: 'Unauthorized', body: '{"error":"missing token"}' });
    expect(response!.headers['www-authenticate']).toBe('Bearer realm="demo"');
    const [error] = c.of('error');
    expect(error).toMatchObject({ code: 'http-status', fatal: true, status: 401 });
    expect(error!.message).toContain('401');
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'http-status' });
  });

  it('keeps at most maxErrorBodyBytes of a rejected handshake body', async () => {
    opened.server = await startWsServer(() => {}, {
      onUpgrade(_req, socket) {
        const body = 'x'.repeat(10_000);
        socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
        return true;
      },
    });
    const c = collect();
    opened.conn = createWsConnection(
      { request: { url: opened.server.url }, limits: { maxErrorBodyBytes: 100 } },
      c.sink,
    );
    await within(opened.conn.done, 5000, 'done');
    expect(c.of('response')[0]!.body).toBe('x'.repeat(100));
    expect(c.of('error')[0]).toMatchObject({ status: 403 });
  });

  it('close() while OPEN sends 1000, goes CLOSING, records the echo, ends CLOSED (closed-by-user)', async () => {
    let resolveClose!: (code: number) => void;
    const serverSaw = new Promise<number>((resolve) => (resolveClose = resolve));
    opened.server = await startWsServer((ws) => ws.on('close', (code) => resolveClose(code)));
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    opened.conn = mine;
    await c.waitFor(isOpen);
    mine.close();
    expect(mine.readyState).toBe(2);
    mine.close(); // idempotent
    await within(mine.done, 5000, 'done');
    expect(await serverSaw).toBe(1000);
    expect(c.of('frame').map((f) => [f.dir, f.opcode, f.code])).toEqual([
      ['out', 'close', 1000],
      ['in', 'close', 1000],
    ]);
    expect(c.states()).toEqual([0, 1, 2, 3]);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', reason: 'closed-by-user' });
  });

  it('close() during CONNECTING ends at once with CLOSED (closed-by-user) and no error', async () => {
    // A server that accepts TCP and never answers the upgrade: the client stays CONNECTING.
    opened.server = await startWsServer(() => {}, { onUpgrade: () => true });
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    opened.conn = mine;
    await new Promise((r) => setTimeout(r, 50));
    expect(mine.readyState).toBe(0);
    expect(opened.server.upgrades).toHaveLength(1);
    const started = Date.now();
    mine.close();
    await within(mine.done, 2000, 'done');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(c.records.map((r) => r.kind)).toEqual(['state', 'state']);
    expect(c.records.at(-1)).toMatchObject({ readyState: 3, reason: 'closed-by-user' });
  });

  it('close() right after creation (before any network event) is clean too', async () => {
    opened.server = await startWsServer(() => {});
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    opened.conn = mine;
    mine.close();
    await within(mine.done, 2000, 'done');
    expect(c.of('error')).toEqual([]);
    expect(c.states()).toEqual([0, 3]);
  });

  it('a refused connection is a fatal network error, then CLOSED', async () => {
    // Grab a free port, then free it again so nothing listens there.
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const c = collect();
    opened.conn = createWsConnection({ request: { url: `ws://127.0.0.1:${port}/` } }, c.sink);
    await within(opened.conn.done, 5000, 'done');
    expect(c.of('error')[0]).toMatchObject({ code: 'network', fatal: true });
    expect(c.of('error')[0]!.message).toMatch(/ECONNREFUSED/);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'network-error' });
  });

  it('a server that does not answer the closing handshake cannot hold close() past the close timeout', async () => {
    let serverSocket: Socket | null = null;
    opened.server = await startWsServer((ws) => {
      // Stop reading: the client's close frame is never answered.
      serverSocket = (ws as unknown as { _socket: Socket })._socket;
      serverSocket.pause();
      serverSocket.removeAllListeners('data');
    });
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server.url }, closeTimeoutMs: 200 }, c.sink);
    opened.conn = mine;
    await c.waitFor(isOpen);
    const started = Date.now();
    mine.close();
    await within(mine.done, 3000, 'done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
    expect(serverSocket).not.toBeNull();
  });
});

describe('WebSocket requests that cannot be made', () => {
  it('reports an invalid subprotocol list as a fatal invalid-request error, without throwing', async () => {
    const c = collect();
    const mine = createWsConnection({ request: { url: 'ws://127.0.0.1:9/', protocols: ['a b'] } }, c.sink);
    await within(mine.done, 1000, 'done');
    expect(c.of('error')[0]).toMatchObject({ code: 'invalid-request', fatal: true });
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'invalid-request' });
    expect(mine.readyState).toBe(3);
  });

  it('reports a header value with a newline as a fatal invalid-request error', async () => {
    const c = collect();
    const mine = createWsConnection(
      { request: { url: 'ws://127.0.0.1:9/', headers: [['X-Bad', 'a\r\nInjected: 1']] } },
      c.sink,
    );
    await within(mine.done, 1000, 'done');
    expect(c.of('error')[0]).toMatchObject({ code: 'invalid-request', fatal: true });
  });
});
