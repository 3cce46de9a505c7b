// The reverse proxy over HTTP, against real upstream servers: what is forwarded, what the client
// gets (bytes, head, timing of chunks), what each exchange records, and how failures travel.
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventRecord, ResponseRecord, StreamRecord } from '../../../src/shared/records';
import { createInspectionBudget } from '../../../src/core/proxy/server';
import { kinds, rawRequest, startObservedProxy, startUpstream, type Observed, type Upstream } from './helpers';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  vi.useRealTimers();
  while (cleanup.length) await cleanup.pop()!();
});

/** Each record's time minus the one before: the list's Δ column. */
function gaps(records: StreamRecord[]): number[] {
  return records.slice(1).map((r, i) => r.t - records[i]!.t);
}

async function setup(handler: http.RequestListener, base = ''): Promise<{ upstream: Upstream; observed: Observed }> {
  const upstream = await startUpstream(handler);
  cleanup.push(() => upstream.close());
  const observed = await startObservedProxy(upstream.url + base);
  cleanup.push(() => observed.proxy.close());
  return { upstream, observed };
}

describe('the proxy forwards a request', () => {
  it('with method, prefixed path, query, body and end-to-end headers; Host rewritten; hop-by-hop dropped', async () => {
    let seen: { method?: string; url?: string; headers: string[]; body: string } | null = null;
    const { upstream, observed } = await setup((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, headers: req.rawHeaders, body };
        res.writeHead(201, 'Made', [
          'Content-Type',
          'application/json',
          'X-Upstream',
          'yes',
          'Connection',
          'keep-alive, X-Secret-Hop',
          'X-Secret-Hop',
          'drop me',
          'Keep-Alive',
          'timeout=77',
        ]);
        res.end('{"ok":true}');
      });
    }, '/api/');
    const res = await rawRequest(`${observed.proxy.url}/v1/chat?stream=true&x=%20`, {
      method: 'POST',
      // A raw header list: node:http then sends exactly these (Host included).
      headers: [
        'Host',
        'proxy.local',
        'Content-Type',
        'application/json',
        'Authorization',
        'Bearer k',
        'Connection',
        'X-Private',
        'X-Private',
        'hop',
        'TE',
        'trailers',
        'X-Kept',
        'a',
        'X-Kept',
        'b',
      ],
      body: '{"model":"m"}',
    });
    expect(res.status).toBe(201);
    expect(res.body.toString()).toBe('{"ok":true}');
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.headers['x-secret-hop']).toBeUndefined();
    // The proxy's own connection has its own Keep-Alive; the upstream's is not passed on.
    expect(res.headers['keep-alive']).not.toBe('timeout=77');

    expect(seen).not.toBeNull();
    const s = seen!;
    expect(s.method).toBe('POST');
    expect(s.url).toBe('/api/v1/chat?stream=true&x=%20');
    expect(s.body).toBe('{"model":"m"}');
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < s.headers.length; i += 2) pairs.push([s.headers[i]!.toLowerCase(), s.headers[i + 1]!]);
    const names = pairs.map(([n]) => n);
    expect(pairs.filter(([n]) => n === 'host')).toEqual([['host', new URL(upstream.url).host]]);
    expect(names).not.toContain('x-private');
    expect(names).not.toContain('te');
    expect(pairs.filter(([n]) => n === 'x-kept').map(([, v]) => v)).toEqual(['a', 'b']);
    expect(pairs.find(([n]) => n === 'authorization')?.[1]).toBe('Bearer k');

    const records = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'state:1:open', 'chunk', 'state:2:stream-ended']);
    const exchange = observed.exchanges[0]!;
    expect(exchange.method).toBe('POST');
    expect(exchange.path).toBe('/v1/chat?stream=true&x=%20');
    expect(exchange.status).toBe(201);
    expect(exchange.request.url).toBe(`${upstream.url}/api/v1/chat?stream=true&x=%20`);
    expect(exchange.request.body).toBe('{"model":"m"}');
  });

  it('passes a compressed body through untouched and adds no compression of its own', async () => {
    const payload = 'data: zipped\n\n'.repeat(50);
    const gz = gzipSync(payload);
    const { observed } = await setup((req, res) => {
      if (req.headers['accept-encoding'] === 'gzip') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
        res.end(gz);
      } else {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(payload);
      }
    });
    const zipped = await rawRequest(`${observed.proxy.url}/sse`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.equals(gz)).toBe(true);
    const plain = await rawRequest(`${observed.proxy.url}/sse`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(payload);

    const first = await observed.finished(1);
    expect(first.filter((r) => r.kind === 'event')).toHaveLength(0);
    expect(first.some((r) => r.kind === 'error' && /gzip-encoded/.test(r.message))).toBe(true);
    const second = await observed.finished(2);
    expect(second.filter((r) => r.kind === 'event')).toHaveLength(50);
  });
});

describe('the proxy streams unbuffered', () => {
  it('a chunk reaches the client before the upstream writes the next one, and SSE is parsed on the side', async () => {
    let next: () => void = () => {};
    const { observed } = await setup(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 1; i <= 3; i++) {
        res.write(`id: ${i}\nevent: tick\ndata: ${i}\n\n`);
        // The next event is written only once the client has this one: a buffering proxy hangs here.
        await new Promise<void>((r) => (next = r));
      }
      res.end(': bye\n\n');
    });
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${observed.proxy.url}/events`, (res) => {
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            received.push(text);
            next();
          });
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    expect(received.join('')).toBe(
      'id: 1\nevent: tick\ndata: 1\n\nid: 2\nevent: tick\ndata: 2\n\nid: 3\nevent: tick\ndata: 3\n\n: bye\n\n',
    );
    const records = await observed.finished(1);
    const events = records.filter((r): r is EventRecord => r.kind === 'event');
    expect(events.map((e) => [e.type, e.data, e.id])).toEqual([
      ['tick', '1', '1'],
      ['tick', '2', '2'],
      ['tick', '3', '3'],
    ]);
    expect(records.some((r) => r.kind === 'comment' && r.text.trim() === 'bye')).toBe(true);
  });

  it('parses NDJSON bodies line by line', async () => {
    const { observed } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('{"a":1}\n{"b"');
      setTimeout(() => res.end(':2}\r\n\n{"c":3}'), 20);
    });
    const res = await rawRequest(`${observed.proxy.url}/ndjson`);
    expect(res.body.toString()).toBe('{"a":1}\n{"b":2}\r\n\n{"c":3}');
    const records = await observed.finished(1);
    const events = records.filter((r): r is EventRecord => r.kind === 'event');
    expect(events.map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    // The second line began in the first chunk and ended in the second.
    const chunkSeqs = records.filter((r) => r.kind === 'chunk').map((r) => r.seq);
    expect(events[1]!.chunks).toEqual([chunkSeqs[0], chunkSeqs[1]]);
  });

  it('a stream faster than the proxy can read still reaches the client whole, and the session counts what it skipped', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `id: ${i}\ndata: ${'x'.repeat(80)}\n\n`).join('');
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(body.slice(0, 5000));
      setTimeout(() => res.end(body.slice(5000)), 20);
    });
    cleanup.push(() => upstream.close());
    // No time at all for parsing: every read is forwarded unparsed.
    const observed = await startObservedProxy(upstream.url, { inspectionBudget: createInspectionBudget(0, 0) });
    cleanup.push(() => observed.proxy.close());
    const res = await rawRequest(`${observed.proxy.url}/`);
    expect(res.body.toString()).toBe(body);
    const records = await observed.finished(1);
    expect(records.filter((r) => r.kind === 'event' || r.kind === 'chunk')).toEqual([]);
    const gaps = records.filter((r) => r.kind === 'error');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ code: 'parse', fatal: false });
    expect((gaps[0] as { message: string }).message).toMatch(
      // The proxy read (and forwarded) every byte; only parsing fell behind, and the message says so.
      new RegExp(
        `^not shown: ${body.length} bytes in \\d+ reads the client received while the stream came faster than the proxy could parse it$`,
      ),
    );
    expect(kinds(records).at(-1)).toBe('state:2:stream-ended');
  });
});

describe('disconnects travel both ways', () => {
  it('a client that leaves closes the upstream request, and the session says so', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    const { observed } = await setup((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: first\n\n');
      req.on('close', upstreamClosed);
    });
    await new Promise<void>((resolve) => {
      const req = http.get(`${observed.proxy.url}/long`, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
    });
    await closed;
    const records = await observed.finished(1);
    expect(records.at(-1)).toMatchObject({
      kind: 'state',
      readyState: 2,
      reason: 'closed-by-user',
      message: 'the client disconnected',
    });
    expect(observed.proxy.open).toBe(0);
  });

  it('an upstream that breaks off mid-response cuts the client, and the session shows a network error', async () => {
    const { observed } = await setup((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: partial\n\n');
      setTimeout(() => req.socket.destroy(), 30);
    });
    const outcome = await new Promise<string>((resolve) => {
      http
        .get(`${observed.proxy.url}/broken`, (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve('ended cleanly'));
          res.on('error', (err) => resolve(`error: ${err.message}`));
          res.on('close', () => resolve(res.complete ? 'ended cleanly' : 'aborted'));
        })
        .on('error', (err) => resolve(`error: ${err.message}`));
    });
    expect(outcome).not.toBe('ended cleanly');
    const records = await observed.finished(1);
    expect(records.some((r) => r.kind === 'event' && r.data === 'partial')).toBe(true);
    expect(records.at(-2)).toMatchObject({ kind: 'error', code: 'network', fatal: true });
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'network-error' });
  });

  it('an unreachable upstream answers 502 with one line, and the session shows the error', async () => {
    const dead = await startUpstream(() => {});
    await dead.close();
    const observed = await startObservedProxy(dead.url);
    cleanup.push(() => observed.proxy.close());
    const res = await rawRequest(`${observed.proxy.url}/v1/models`);
    expect(res.status).toBe(502);
    const text = res.body.toString();
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/^streamscope proxy: cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    const records: StreamRecord[] = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'error', 'state:2:network-error']);
    expect(records[1]).toMatchObject({ code: 'network', fatal: true });
  });

  it('stopping the proxy cuts the open requests and says how many there were', async () => {
    const { observed } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hello\n\n');
    });
    const ends: Array<Promise<void>> = [];
    for (let i = 0; i < 2; i++) {
      ends.push(
        new Promise<void>((resolve) => {
          http
            .get(`${observed.proxy.url}/s${i}`, (res) => {
              res.on('data', () => {});
              res.on('close', resolve);
            })
            .on('error', () => resolve());
        }),
      );
    }
    while (
      observed.records.get(2)?.some((r) => r.kind === 'event') !== true ||
      !observed.records.get(1)?.some((r) => r.kind === 'event')
    )
      await new Promise((r) => setTimeout(r, 5));
    expect(observed.proxy.open).toBe(2);
    expect(await observed.proxy.close()).toBe(2);
    await Promise.all(ends);
    expect((await observed.finished(1)).at(-1)).toMatchObject({
      reason: 'closed-by-user',
      message: 'the proxy stopped',
    });
  });
});

describe('an answer that is not an event stream', () => {
  it('an error status is shown as the app shows a refused response: its body in the head, a fatal error, never OPEN', async () => {
    const { observed } = await setup((_req, res) => {
      res.writeHead(500, 'Internal Server Error', { 'content-type': 'text/plain', 'x-request-id': 'r1' });
      res.end('{"error":{"message":"Model overloaded"}}');
    });
    const res = await rawRequest(`${observed.proxy.url}/500`);
    // The client gets the answer as the upstream sent it.
    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toBe('r1');
    expect(res.body.toString()).toBe('{"error":{"message":"Model overloaded"}}');

    const records = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'error', 'state:2:http-status']);
    expect(records[1]).toMatchObject({ status: 500, body: '{"error":{"message":"Model overloaded"}}' });
    expect(records[2]).toMatchObject({
      code: 'http-status',
      fatal: true,
      status: 500,
      message: 'HTTP 500 Internal Server Error from the upstream',
    });
    expect(records[3]).toMatchObject({ message: 'HTTP 500 Internal Server Error from the upstream' });
    expect(gaps(records).every((d) => d >= 0)).toBe(true);
    expect(observed.exchanges[0]!.status).toBe(500);
  });

  it('an error body the client asked compressed reaches it compressed, and its session shows it decoded', async () => {
    const text = JSON.stringify({ error: 'rate limited', detail: 'x'.repeat(500) });
    const gz = gzipSync(text);
    const { observed } = await setup((_req, res) => {
      // Chunked, in two writes: the report reads the body without the framing.
      res.writeHead(429, 'Too Many Requests', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.write(gz.subarray(0, 10));
      setTimeout(() => res.end(gz.subarray(10)), 10);
    });
    const res = await rawRequest(`${observed.proxy.url}/limited`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(429);
    expect(res.body.equals(gz)).toBe(true);
    const records = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'error', 'state:2:http-status']);
    expect((records[1] as ResponseRecord).body).toBe(text);
  });

  it('an error body that never ends still shows what came, after a bounded wait, while the client keeps reading', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let finish: () => void = () => {};
    const { observed } = await setup((_req, res) => {
      res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/plain' });
      res.write('warming up');
      finish = () => res.end(', try later');
    });
    const received: string[] = [];
    const ended = new Promise<void>((resolve, reject) => {
      http
        .get(`${observed.proxy.url}/slow`, (res) => {
          res.setEncoding('utf8');
          res.on('data', (t: string) => received.push(t));
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    while (received.join('') !== 'warming up') await new Promise((r) => setImmediate(r));
    expect(kinds(observed.records.get(1)!)).toEqual(['state:0:connecting']);
    await vi.advanceTimersByTimeAsync(2000);
    const records = observed.records.get(1)!;
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'error']);
    expect((records[1] as ResponseRecord).body).toBe('warming up');
    finish();
    await ended;
    expect(received.join('')).toBe('warming up, try later');
    expect(kinds(await observed.finished(1)).at(-1)).toBe('state:2:http-status');
  });

  it('a redirect is not a failure: the client follows it in an exchange of its own', async () => {
    const { observed } = await setup((_req, res) => {
      res.writeHead(302, { location: '/elsewhere', 'content-length': '0' });
      res.end();
    });
    const res = await rawRequest(`${observed.proxy.url}/moved`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
    const records = await observed.finished(1);
    expect(kinds(records)).toEqual(['state:0:connecting', 'response', 'state:1:open', 'state:2:stream-ended']);
    expect(records.some((r) => r.kind === 'error')).toBe(false);
  });

  it('a JSON answer and a 204 are successes: OPEN, the body as chunks, CLOSED, and times that never go back', async () => {
    const { observed } = await setup((req, res) => {
      if (req.url === '/none') {
        res.writeHead(204);
        res.end();
        return;
      }
      // Head and body in one write: they arrive in one read.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' });
      res.end('{"ids":[1]}');
    });
    const json = await rawRequest(`${observed.proxy.url}/ids`);
    expect(json.body.toString()).toBe('{"ids":[1]}');
    const none = await rawRequest(`${observed.proxy.url}/none`);
    expect(none.status).toBe(204);

    const first = await observed.finished(1);
    expect(kinds(first)).toEqual(['state:0:connecting', 'response', 'state:1:open', 'chunk', 'state:2:stream-ended']);
    expect(gaps(first).every((d) => d >= 0)).toBe(true);
    // The body came with the head: the same read, the same time.
    expect(first[3]!.t).toBe(first[1]!.t);
    const second = await observed.finished(2);
    expect(kinds(second)).toEqual(['state:0:connecting', 'response', 'state:1:open', 'state:2:stream-ended']);
    expect(gaps(second).every((d) => d >= 0)).toBe(true);
  });
});
