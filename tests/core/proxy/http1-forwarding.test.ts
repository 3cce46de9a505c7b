// How the proxy carries HTTP/1.1 itself: a chunked body passes with the upstream's own framing
// (one write per read), an HTTP/1.0 client gets it de-chunked, upstream connections are kept for
// the next request (and a kept one the upstream closed meanwhile is replaced), and a response
// that is not HTTP is a 502 with one line.
import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src/shared/records';
import { rawRequest, startObservedProxy, startUpstream } from './helpers';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** A chunked SSE body with a chunk extension and a trailer, which only a pass-through keeps. */
const FRAMED_BODY = '9;x=y\r\ndata: a\n\n\r\nA\r\ndata: bb\n\n\r\n0\r\nX-Trailer: t\r\n\r\n';

/** Sends `request` on a new connection; resolves to everything received until the proxy closes it. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      // An HTTP/1.1 response is complete at its last chunk: end the connection ourselves.
      if (received.endsWith('\r\n0\r\nX-Trailer: t\r\n\r\n')) socket.end();
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

async function proxyTo(handler: http.RequestListener) {
  const upstream = await startUpstream(handler);
  cleanup.push(() => upstream.close());
  const observed = await startObservedProxy(upstream.url);
  cleanup.push(() => observed.proxy.close());
  return { upstream, observed };
}

describe('a chunked response', () => {
  const framedUpstream: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      // Written raw: Node's own framing would drop the extension and the trailer.
      res.socket!.write(
        `HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Body: ${body || 'none'}\r\n` +
          `Transfer-Encoding: chunked\r\n\r\n${FRAMED_BODY}`,
      );
    });
  };

  it('reaches an HTTP/1.1 client with the upstream framing as it was, and is parsed on the side', async () => {
    const { observed } = await proxyTo(framedUpstream);
    const request =
      'POST /events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n';
    const received = await rawExchange(observed.proxy.port, request);
    const [head, body] = received.split(/\r\n\r\n(.*)/s);
    expect(body).toBe(FRAMED_BODY);
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // The chunked request body arrived whole, re-framed by the proxy.
    expect(head).toContain('\r\nX-Body: abcde\r\n');
    expect(head!.match(/transfer-encoding/gi)).toHaveLength(1);
    const records = await observed.finished(1);
    expect(records.filter((r): r is EventRecord => r.kind === 'event').map((r) => r.data)).toEqual(['a', 'bb']);
    expect(records.at(-1)).toMatchObject({ kind: 'state', reason: 'stream-ended' });
  });

  it('reaches an HTTP/1.0 client without chunk framing', async () => {
    const { observed } = await proxyTo(framedUpstream);
    const received = await rawExchange(observed.proxy.port, 'GET /events HTTP/1.0\r\nHost: x\r\n\r\n');
    const [head, body] = received.split(/\r\n\r\n(.*)/s);
    expect(head).not.toMatch(/transfer-encoding/i);
    expect(body).toBe('data: a\n\ndata: bb\n\n');
  });
});

describe('upstream connections', () => {
  it('are kept for the next request', async () => {
    let connections = 0;
    const { upstream, observed } = await proxyTo((_req, res) => res.end('ok'));
    upstream.server.on('connection', () => connections++);
    for (let i = 0; i < 3; i++) {
      // A new client connection each time: only the proxy's side is kept.
      const res = await rawRequest(`${observed.proxy.url}/n${i}`, { headers: { connection: 'close' } });
      expect(res.body.toString()).toBe('ok');
    }
    expect(connections).toBe(1);
  });

  it('a kept one the upstream closed as the next request came is replaced, and the request answered', async () => {
    // The first connection answers once and then drops the next request it gets, as a server
    // whose idle timeout fires just as the request arrives.
    let connections = 0;
    const server = net.createServer((socket) => {
      const n = ++connections;
      let requests = 0;
      socket.on('data', () => {
        if (n === 1 && ++requests === 2) return socket.destroy();
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const observed = await startObservedProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    cleanup.push(() => observed.proxy.close());
    for (let i = 0; i < 2; i++) {
      const res = await rawRequest(`${observed.proxy.url}/n${i}`, { headers: { connection: 'close' } });
      expect([res.status, res.body.toString()]).toEqual([200, 'ok']);
    }
    expect(connections).toBe(2);
  });
});

describe('a response that is not HTTP', () => {
  it('answers 502 with one line, and the session says why', async () => {
    const server = net.createServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(r)));
    const observed = await startObservedProxy(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    cleanup.push(() => observed.proxy.close());
    const res = await rawRequest(`${observed.proxy.url}/`);
    expect(res.status).toBe(502);
    expect(res.body.toString()).toBe(
      `streamscope proxy: invalid response from ${observed.proxy.upstream}: not an HTTP/1.x response: "SSH-2.0-OpenSSH_9.2"\n`,
    );
    const records = await observed.finished(1);
    expect(records.find((r) => r.kind === 'error')).toMatchObject({ code: 'network', fatal: true });
  });
});
