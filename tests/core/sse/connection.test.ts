import { createServer, type Server } from 'node:net';
import { setTimeout as realSleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import type { StreamConnection, StreamOptions } from '../../../src/core/stream';
import type { RecordDraft } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';
import { connectionTimings } from '../../../src/shared/timings';
import { APP_VERSION } from '../../../src/shared/version';
import { chunkings } from './chunkings';
import { collectingSink, eventsOf, ofKind, statesOf } from './records-helper';
import { bytesOf, SPEC_CASES, type Expected } from './spec-cases';
import { beginStream, startServer, writeParts, type Handler, type TestServer } from '../../support/servers';
import { until } from '../../support/wait';

let server: TestServer | undefined;
const open: StreamConnection[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serve(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

function connect(
  request: StreamRequest,
  extra: Omit<StreamOptions, 'request'> = {},
): { conn: StreamConnection; records: RecordDraft[] } {
  const { sink, records } = collectingSink();
  const conn = createSseConnection({ request, ...extra }, sink);
  open.push(conn);
  return { conn, records };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('SSE connection: streaming', () => {
  it('streams events from a real server and ends CLOSED with reconnect off', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res, { 'X-Custom': 'Yes' });
      void writeParts(res, ['id: 1\ndata: a\n\n', 'data: b\n\n']);
    });
    const { conn, records } = connect({ url: srv.url('/sse'), reconnect: false });
    await conn.done;
    expect(statesOf(records)).toEqual(['0:connecting', '1:open', '2:stream-ended']);
    expect(records.map((r) => r.kind).slice(0, 3)).toEqual(['state', 'response', 'state']);
    expect(eventsOf(records)).toEqual([
      { type: 'message', data: 'a', lastEventId: '1', id: '1' },
      { type: 'message', data: 'b', lastEventId: '1', id: null },
    ]);
    const response = ofKind(records, 'response')[0]!;
    expect(response.status).toBe(200);
    expect(response.headers['x-custom']).toBe('Yes');
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(conn.readyState).toBe(2);
    expect(srv.requests[0]!.headers.accept).toBe('text/event-stream');
    expect(srv.requests[0]!.headers['cache-control']).toBe('no-store');
    expect(srv.requests[0]!.headers['last-event-id']).toBeUndefined();
    expect(srv.requests[0]!.headers['accept-encoding']).toBe('identity');
    expect(srv.requests[0]!.headers['user-agent']).toMatch(/^streamscope\//);
  });

  // The same rules as the decoder tests, through a real socket, cut the interesting ways.
  const overHttp = SPEC_CASES.filter((c) =>
    /BOM|CRLF|mixed|invalid UTF-8|multi-byte|unterminated final block|id containing|empty id|several data lines/.test(
      c.name,
    ),
  );
  for (const c of overHttp) {
    it(`over HTTP: ${c.name}`, async () => {
      const bytes = bytesOf(c.input);
      const ways = chunkings(bytes, [7]).filter(
        (k) => k.name !== 'whole' && (k.name !== 'byte by byte' || bytes.length <= 40),
      );
      for (const way of ways) {
        const srv = await startServer((_req, res) => {
          beginStream(res);
          void writeParts(res, way.parts, { gapMs: 1 });
        });
        try {
          const { conn, records } = connect({ url: srv.url(), reconnect: false });
          await conn.done;
          const got: Expected[] = [];
          for (const r of records) {
            if (r.kind === 'event') got.push(['event', r.type, r.data, r.lastEventId, r.id]);
            else if (r.kind === 'comment') got.push(['comment', r.text]);
            else if (r.kind === 'retry') got.push(['retry', r.ms]);
          }
          expect(got, way.name).toEqual(c.expected);
          expect(statesOf(records).at(-1), way.name).toBe('2:stream-ended');
          const raw = Buffer.concat(ofKind(records, 'chunk').map((k) => k.bytes));
          expect(raw.equals(Buffer.from(bytes)), way.name).toBe(true);
        } finally {
          await srv.close();
        }
      }
    });
  }

  it('stamps each chunk when it arrives, and events with their chunk time', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: first\n\n', 'data: sec', 'ond\n\n'], { gapMs: 120 });
    });
    const { conn, records } = connect({ url: srv.url(), reconnect: false });
    await conn.done;
    const chunks = ofKind(records, 'chunk');
    const events = ofKind(records, 'event');
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks[1]!.t - chunks[0]!.t).toBeGreaterThan(80);
    expect(events[1]!.t).toBe(chunks.at(-1)!.t);
    expect(events[1]!.chunks).toEqual([records.indexOf(chunks[1]!), records.indexOf(chunks.at(-1)!)]);
    // Sub-ms wall-clock time.
    expect(Math.abs(chunks[0]!.t - Date.now())).toBeLessThan(5000);
    expect(records.some((r) => !Number.isInteger(r.t))).toBe(true);
  });

  it('derives request, response, first byte and first event times per connection', async () => {
    const srv = await serve((_req, res) => {
      setTimeout(() => {
        beginStream(res);
        void writeParts(res, [': warm-up\n\n', 'data: x\n\n'], { gapMs: 60 });
      }, 60);
    });
    const { conn, records } = connect({ url: srv.url(), reconnect: false });
    await conn.done;
    const [timing] = connectionTimings(records);
    expect(timing!.connection).toBe(1);
    const { requestSentAt, responseAt, firstByteAt, firstEventAt } = timing!;
    expect(responseAt! - requestSentAt!).toBeGreaterThan(40);
    expect(firstByteAt!).toBeGreaterThanOrEqual(responseAt!);
    expect(firstEventAt! - firstByteAt!).toBeGreaterThan(30);
  });
});

describe('SSE connection: reconnection', () => {
  it('reconnects after the server ends the stream, honouring retry and sending Last-Event-ID', async () => {
    const srv = await serve((_req, res, _seen, index) => {
      beginStream(res);
      if (index === 0) void writeParts(res, ['retry: 150\nid: 7\ndata: a\n\n']);
      else void writeParts(res, ['data: b\n\n'], { keepOpen: true });
    });
    const { records } = connect({ url: srv.url() });
    await until('second event', () => eventsOf(records).length === 2, 5000);
    expect(statesOf(records)).toEqual(['0:connecting', '1:open', '0:waiting-retry', '0:reconnecting', '1:open']);
    const waiting = ofKind(records, 'state').find((s) => s.reason === 'waiting-retry')!;
    expect(waiting.delayMs).toBe(150);
    const reconnecting = ofKind(records, 'state').find((s) => s.reason === 'reconnecting')!;
    expect(reconnecting.lastEventId).toBe('7');
    expect(reconnecting.connection).toBe(2);
    expect(reconnecting.t - waiting.t).toBeGreaterThanOrEqual(140);
    expect(reconnecting.t - waiting.t).toBeLessThan(1500);
    expect(srv.requests[0]!.headers['last-event-id']).toBeUndefined();
    expect(srv.requests[1]!.headers['last-event-id']).toBe('7');
    expect(eventsOf(records)[1]).toEqual({ type: 'message', data: 'b', lastEventId: '7', id: null });
    expect(ofKind(records, 'event')[1]!.connection).toBe(2);
    expect(ofKind(records, 'error')).toEqual([]);
    const timings = connectionTimings(records);
    expect(timings.map((t) => t.connection)).toEqual([1, 2]);
    expect(timings[1]!.requestSentAt!).toBeGreaterThanOrEqual(timings[0]!.firstEventAt!);
    expect(timings.every((t) => t.responseAt! >= t.requestSentAt! && t.firstEventAt! >= t.firstByteAt!)).toBe(true);
  });

  it('sends the initial Last-Event-ID, and none after an empty id reset it', async () => {
    const srv = await serve((_req, res, _seen, index) => {
      beginStream(res);
      if (index === 0) void writeParts(res, ['retry: 20\nid\ndata: reset\n\n']);
      else void writeParts(res, [': hold\n'], { keepOpen: true });
    });
    connect({ url: srv.url(), lastEventId: 'start-3' });
    await srv.waitForRequests(2);
    expect(srv.requests[0]!.headers['last-event-id']).toBe('start-3');
    expect(srv.requests[1]!.headers['last-event-id']).toBeUndefined();
  });

  it('sends a non-ASCII Last-Event-ID as UTF-8', async () => {
    const srv = await serve((_req, res, _seen, index) => {
      beginStream(res);
      if (index === 0) void writeParts(res, ['retry: 20\nid: é-😀\ndata: x\n\n']);
      else void writeParts(res, [': hold\n'], { keepOpen: true });
    });
    connect({ url: srv.url() });
    await srv.waitForRequests(2);
    const header = srv.requests[1]!.headers['last-event-id'] as string;
    expect(Buffer.from(header, 'latin1').toString('utf8')).toBe('é-😀');
  });

  it('reconnects after a network error mid-stream, reporting a non-fatal error', async () => {
    const srv = await serve((_req, res, _seen, index) => {
      beginStream(res);
      if (index === 0) {
        res.write('retry: 30\nid: 1\ndata: a\n\n');
        setTimeout(() => res.socket?.destroy(), 30);
      } else void writeParts(res, ['data: again\n\n'], { keepOpen: true });
    });
    const { records } = connect({ url: srv.url() });
    await until('event after reconnect', () => eventsOf(records).length === 2, 5000);
    const errors = ofKind(records, 'error');
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([['network', false]]);
    expect(statesOf(records)).toEqual(['0:connecting', '1:open', '0:waiting-retry', '0:reconnecting', '1:open']);
    expect(srv.requests[1]!.headers['last-event-id']).toBe('1');
  });

  it('waits the default 3000 ms when no retry field came', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: a\n\n']);
    });
    const { conn, records } = connect({ url: srv.url() });
    await until('a waiting-retry state', () => statesOf(records).includes('0:waiting-retry'));
    expect(ofKind(records, 'state').at(-1)!.delayMs).toBe(3000);
    conn.close();
    await conn.done;
    expect(srv.requests).toHaveLength(1);
  });

  it('does not reconnect a POST by default; reconnects it when asked', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['retry: 10\ndata: a\n\n']);
    });
    const post = connect({ url: srv.url(), method: 'POST', body: '{}' });
    await post.conn.done;
    expect(statesOf(post.records).at(-1)).toBe('2:stream-ended');
    await sleep(100);
    expect(srv.requests).toHaveLength(1);

    const again = connect({ url: srv.url(), method: 'POST', body: '{}', reconnect: true });
    await srv.waitForRequests(3);
    expect(srv.requests[2]!.method).toBe('POST');
    expect(srv.requests[2]!.body).toBe('{}');
    again.conn.close();
  });

  it('keeps retrying an unreachable host with reconnect on, like EventSource', async () => {
    const port = await closedPort();
    const { conn, records } = connect({ url: `http://127.0.0.1:${port}/sse` });
    await until('a waiting-retry state', () => statesOf(records).includes('0:waiting-retry'));
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['network', false]]);
    expect(ofKind(records, 'error')[0]!.message).toMatch(/ECONNREFUSED/);
    conn.close();
    await conn.done;
    expect(statesOf(records)).toEqual(['0:connecting', '0:waiting-retry', '2:closed-by-user']);
  });

  it('fails at once, saying why, on a port fetch blocks (no attempt could ever succeed)', async () => {
    // 6666 is on the Fetch standard's blocked list: fetch refuses it before connecting.
    const { conn, records } = connect({ url: 'http://127.0.0.1:6666/sse' });
    await conn.done;
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['network', true]]);
    expect(ofKind(records, 'error')[0]!.message).toBe(
      "fetch failed: bad port: the URL's port is one the Fetch standard blocks, and browsers refuse it too; serve the stream on another port",
    );
    expect(statesOf(records)).toEqual(['0:connecting', '2:network-error']);
  });

  it('with failIfUnreachable, fails at once when the first attempt cannot connect', async () => {
    const port = await closedPort();
    const { sink, records } = collectingSink();
    const conn = createSseConnection({ request: { url: `http://127.0.0.1:${port}/` }, failIfUnreachable: true }, sink);
    open.push(conn);
    await conn.done;
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['network', true]]);
    expect(statesOf(records)).toEqual(['0:connecting', '2:network-error']);
  });

  it('with failIfUnreachable, still retries once the server was reached', async () => {
    const srv = await serve((_req, res, _seen, index) => {
      if (index === 0) {
        beginStream(res);
        res.write('retry: 30\ndata: a\n\n');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        beginStream(res);
        void writeParts(res, ['data: b\n\n'], { keepOpen: true });
      }
    });
    const { sink, records } = collectingSink();
    const conn = createSseConnection({ request: { url: srv.url() }, failIfUnreachable: true }, sink);
    open.push(conn);
    await until('event after reconnect', () => eventsOf(records).length === 2, 5000);
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['network', false]]);
  });

  it('fails for good on an unreachable host with reconnect off', async () => {
    const port = await closedPort();
    const { conn, records } = connect({ url: `http://127.0.0.1:${port}/sse`, reconnect: false });
    await conn.done;
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['network', true]]);
    expect(statesOf(records)).toEqual(['0:connecting', '2:network-error']);
  });
});

describe('SSE connection: failing the connection', () => {
  // Each server first serves a healthy stream with `retry: 10`, then the failing response: if the
  // failure reconnected, a third request would follow within milliseconds.
  const failures: Array<{ name: string; status: number; type?: string; body?: string; reason: string }> = [
    { name: '204 No Content', status: 204, type: 'text/event-stream', reason: 'http-status' },
    { name: '500 with an HTML body', status: 500, type: 'text/html', body: '<h1>boom</h1>', reason: 'http-status' },
    {
      name: '404 with an event-stream type',
      status: 404,
      type: 'text/event-stream',
      body: 'data: no\n\n',
      reason: 'http-status',
    },
    {
      name: '200 with application/json',
      status: 200,
      type: 'application/json',
      body: '{"error":"nope"}',
      reason: 'content-type',
    },
    { name: '200 without a Content-Type', status: 200, body: 'data: x\n\n', reason: 'content-type' },
    { name: '200 with text/event-streams', status: 200, type: 'text/event-streams', reason: 'content-type' },
  ];
  for (const f of failures) {
    it(`${f.name}: response, fatal error, CLOSED, no reconnect`, async () => {
      const srv = await serve((_req, res, _seen, index) => {
        if (index === 0) {
          beginStream(res);
          void writeParts(res, ['retry: 10\n\n']);
          return;
        }
        const headers: Record<string, string> = {};
        if (f.type) headers['content-type'] = f.type;
        res.writeHead(f.status, headers);
        res.end(f.body);
      });
      const { conn, records } = connect({ url: srv.url() });
      await conn.done;
      await sleep(150);
      expect(srv.requests).toHaveLength(2);
      expect(statesOf(records)).toEqual([
        '0:connecting',
        '1:open',
        '0:waiting-retry',
        '0:reconnecting',
        `2:${f.reason}`,
      ]);
      const tail = records.slice(-3);
      expect(tail.map((r) => r.kind)).toEqual(['response', 'error', 'state']);
      const response = ofKind(records, 'response')[1]!;
      expect(response.status).toBe(f.status);
      expect(response.body).toBe(f.status === 204 ? '' : (f.body ?? ''));
      const error = ofKind(records, 'error')[0]!;
      expect([error.code, error.fatal, error.status]).toEqual([f.reason, true, f.status]);
      // A 204 is the spec's way for a server to end a stream, and is said as such.
      if (f.status === 204)
        expect(error.message).toBe('HTTP 204 No Content: the server asks clients to stop reconnecting');
      else if (f.status !== 200) expect(error.message).toMatch(/^HTTP \d+ .*: expected 200$/);
      expect(eventsOf(records)).toEqual([]);
    });
  }

  it('accepts a Content-Type with parameters and any case', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'Text/Event-Stream; charset=utf-8' });
      void writeParts(res, ['data: ok\n\n']);
    });
    const { conn, records } = connect({ url: srv.url(), reconnect: false });
    await conn.done;
    expect(eventsOf(records).map((e) => e.data)).toEqual(['ok']);
  });

  it('keeps at most 64 KiB of a failed body and does not wait forever for the rest', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('x'.repeat(100 * 1024));
      // Never ends.
    });
    const { conn, records } = connect({ url: srv.url() }, { limits: { maxErrorBodyBytes: 64 * 1024 } });
    await conn.done;
    expect(ofKind(records, 'response')[0]!.body).toHaveLength(64 * 1024);
    expect(statesOf(records).at(-1)).toBe('2:http-status');
  });

  it('shows what arrived of a failed body that never ends, after a bounded wait', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.write('upstream down');
    });
    // The wait for the rest of the body runs on fake timers, advanced 100 ms every 5 real ms
    // while the real socket stays open: the connection gives up after its bound, not before,
    // without a real wait.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let advanced = 0;
    let ended = false;
    try {
      const { conn, records } = connect({ url: srv.url() });
      void conn.done.then(() => (ended = true));
      await until('the connection to start', () => ofKind(records, 'state').length > 0);
      // node:timers/promises keeps real time: only the global setTimeout is faked.
      while (!ended && advanced < 10_000) {
        vi.advanceTimersByTime(100);
        advanced += 100;
        await realSleep(5);
      }
      // Ending at all bounds the wait (the server never ends this body); not before 2 s of it.
      expect(advanced).toBeGreaterThanOrEqual(2000);
      expect(ofKind(records, 'response')[0]!.body).toBe('upstream down');
      expect(statesOf(records)).toEqual(['0:connecting', '2:http-status']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows redirects and reports the final URL', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new' });
        res.end();
        return;
      }
      beginStream(res);
      void writeParts(res, ['data: moved\n\n']);
    });
    const { conn, records } = connect({ url: srv.url('/old'), reconnect: false });
    await conn.done;
    const response = ofKind(records, 'response')[0]!;
    expect([response.status, response.redirected, response.url]).toEqual([200, true, srv.url('/new')]);
    expect(eventsOf(records).map((e) => e.data)).toEqual(['moved']);
    expect(srv.requests.map((r) => r.url)).toEqual(['/old', '/new']);
  });

  it('turns an oversized event into an error and closes the connection cleanly', async () => {
    let serverSawClose = false;
    const srv = await serve((req, res) => {
      beginStream(res);
      req.socket.on('close', () => (serverSawClose = true));
      void writeParts(res, ['data: small\n\n', `data: ${'x'.repeat(8000)}`, '\n\n', 'data: never\n\n'], {
        keepOpen: true,
        gapMs: 20,
      });
    });
    const { conn, records } = connect({ url: srv.url() }, { limits: { maxEventBytes: 4096 } });
    await conn.done;
    expect(eventsOf(records).map((e) => e.data)).toEqual(['small']);
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['event-too-large', true]]);
    expect(statesOf(records).at(-1)).toBe('2:event-too-large');
    await until('server to see the socket close', () => serverSawClose, 3000);
    expect(srv.requests).toHaveLength(1);
  });
});

describe('SSE connection: requests', () => {
  it('sends any method, headers and body; user headers override the defaults', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: ok\n\n']);
    });
    const { conn, records } = connect({
      url: srv.url('/v1/chat?stream=1'),
      method: 'POST',
      headers: [
        ['Authorization', 'Bearer sk-test'],
        ['Content-Type', 'application/json'],
        ['ACCEPT', 'application/json, text/event-stream'],
        ['X-Repeat', 'a'],
        ['X-Repeat', 'b'],
      ],
      body: '{"prompt":"héllo"}',
    });
    await conn.done;
    const seen = srv.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/chat?stream=1');
    expect(seen.body).toBe('{"prompt":"héllo"}');
    expect(seen.headers.authorization).toBe('Bearer sk-test');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.accept).toBe('application/json, text/event-stream');
    expect(seen.headers['x-repeat']).toBe('a, b');
    expect(seen.headers['cache-control']).toBe('no-store');
    expect(eventsOf(records).map((e) => e.data)).toEqual(['ok']);
    expect(statesOf(records).at(-1)).toBe('2:stream-ended');
  });

  it('sends exactly the headers given and the documented defaults: nothing fetch would add of its own', async () => {
    const srv = await serve((req, res) => {
      // Raw, as on the wire: names and values exactly as they came.
      const pairs: string[] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(pairs)}\n\n`);
    });
    const { conn, records } = connect({
      url: srv.url('/echo?x=1'),
      method: 'POST',
      headers: [['Authorization', 'Bearer sk-test']],
      body: '{"prompt":"hi"}',
    });
    await conn.done;
    const sent = (JSON.parse(eventsOf(records)[0]!.data) as string[]).map((h) => h.toLowerCase());
    const port = new URL(srv.base).port;
    expect(sent.sort()).toEqual(
      [
        `host: 127.0.0.1:${port}`,
        'connection: keep-alive',
        'authorization: bearer sk-test',
        'accept: text/event-stream',
        'cache-control: no-store',
        'accept-encoding: identity',
        `user-agent: streamscope/${APP_VERSION}`,
        'content-length: 15',
      ].sort(),
    );
    // No Content-Type was given, so none is sent (fetch would have said text/plain).
    expect(srv.requests[0]!.body).toBe('{"prompt":"hi"}');
  });

  it('keeps an Accept-Language or Sec-Fetch-Mode the user gave', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: ok\n\n']);
    });
    const { conn } = connect({
      url: srv.url('/'),
      headers: [
        ['Accept-Language', 'fr'],
        ['Sec-Fetch-Mode', 'navigate'],
      ],
      reconnect: false,
    });
    await conn.done;
    expect(srv.requests[0]!.headers['accept-language']).toBe('fr');
    expect(srv.requests[0]!.headers['sec-fetch-mode']).toBe('navigate');
  });

  it('sends credentials in the URL as Basic authorization, and never prints them', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: ok\n\n']);
    });
    const url = srv.url('/p').replace('http://', 'http://al%20ice:s%3Acret@');
    const { conn, records } = connect({ url, reconnect: false });
    await conn.done;
    expect(srv.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('al ice:s:cret').toString('base64')}`);
    expect(JSON.stringify(records.filter((r) => r.kind !== 'chunk'))).not.toContain('cret');
    expect(eventsOf(records).map((e) => e.data)).toEqual(['ok']);
  });

  it('reports a bad URL or scheme as an invalid-url error without throwing', async () => {
    for (const url of ['not a url', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'http://[::1', '']) {
      const { conn, records } = connect({ url });
      await conn.done;
      expect(
        ofKind(records, 'error').map((e) => [e.code, e.fatal]),
        url,
      ).toEqual([['invalid-url', true]]);
      expect(statesOf(records), url).toEqual(['2:invalid-request']);
    }
  });

  it('reports a request fetch cannot send (a body on GET, a bad header) without sending it', async () => {
    const srv = await serve((_req, res) => res.end());
    for (const request of [
      { url: srv.url(), body: 'x' },
      { url: srv.url(), headers: [['Bad Name', 'v']] as Array<[string, string]> },
    ]) {
      const { conn, records } = connect(request);
      await conn.done;
      expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['invalid-request', true]]);
      expect(statesOf(records)).toEqual(['0:connecting', '2:invalid-request']);
    }
    expect(srv.requests).toHaveLength(0);
  });
});

describe('SSE connection: close()', () => {
  it('closes during CONNECTING (no response yet) and the server sees the socket go', async () => {
    let serverSawClose = false;
    const srv = await serve((req) => {
      req.socket.on('close', () => (serverSawClose = true));
    });
    const { conn, records } = connect({ url: srv.url() });
    await srv.waitForRequests(1);
    expect(conn.readyState).toBe(0);
    conn.close();
    await conn.done;
    expect(statesOf(records)).toEqual(['0:connecting', '2:closed-by-user']);
    expect(ofKind(records, 'response')).toEqual([]);
    expect(ofKind(records, 'error')).toEqual([]);
    await until('server to see the socket close', () => serverSawClose, 3000);
  });

  it('closes during OPEN mid-stream; nothing follows the final state', async () => {
    let serverSawClose = false;
    const srv = await serve((req, res) => {
      req.socket.on('close', () => (serverSawClose = true));
      beginStream(res);
      const timer = setInterval(() => res.write('data: tick\n\n'), 10);
      res.on('close', () => clearInterval(timer));
    });
    const { conn, records } = connect({ url: srv.url() });
    await until('two events', () => eventsOf(records).length >= 2);
    conn.close();
    await conn.done;
    const count = records.length;
    await sleep(80);
    expect(records.length).toBe(count);
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'closed-by-user' });
    expect(ofKind(records, 'error')).toEqual([]);
    await until('server to see the socket close', () => serverSawClose, 3000);
  });

  it('closes from inside the sink while a chunk is being decoded; later events are dropped', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      res.write('data: 1\n\ndata: 2\n\ndata: 3\n\n');
    });
    const records: RecordDraft[] = [];
    // Events arrive after the fetch resolves, never while the connection is being created.
    const conn: StreamConnection = createSseConnection({ request: { url: srv.url() } }, (r) => {
      records.push(r);
      if (r.kind === 'event') conn.close();
      return records.length - 1;
    });
    open.push(conn);
    await conn.done;
    expect(eventsOf(records).map((e) => e.data)).toEqual(['1']);
    expect(records.at(-1)).toMatchObject({ kind: 'state', reason: 'closed-by-user' });
  });

  it('a throwing record consumer is reported as an internal error, not retried as a network error', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: boom\n\n'], { keepOpen: true });
    });
    const records: RecordDraft[] = [];
    const conn = createSseConnection({ request: { url: srv.url() } }, (r) => {
      records.push(r);
      if (r.kind === 'event') throw new Error('consumer bug');
      return records.length - 1;
    });
    open.push(conn);
    await conn.done;
    expect(ofKind(records, 'error').map((e) => [e.code, e.fatal])).toEqual([['internal', true]]);
    expect(statesOf(records).at(-1)).toMatch(/^2:/);
    await sleep(100);
    expect(srv.requests).toHaveLength(1);
  });

  it('closes during the retry wait: no reconnect, no timer left', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['retry: 100\ndata: a\n\n']);
    });
    const { conn, records } = connect({ url: srv.url() });
    await until('a waiting-retry state', () => statesOf(records).includes('0:waiting-retry'));
    conn.close();
    conn.close();
    await conn.done;
    await sleep(250);
    expect(srv.requests).toHaveLength(1);
    expect(statesOf(records)).toEqual(['0:connecting', '1:open', '0:waiting-retry', '2:closed-by-user']);
  });
});
