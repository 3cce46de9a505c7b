/**
 * The browser host against hostile frames: shape bounds are checked before parsing (a 100 MB
 * frame of nested arrays is refused in a moment, not parsed into gigabytes), and whatever cannot
 * be encoded is an error for its call or its record, never for the process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeMessage, type Host } from '../../src/host/server';
import type { HostMessage, HostResponse, WireRecord } from '../../src/shared/host-protocol';
import { startTestHost, type TestHost } from '../support/host';

let testHost: TestHost;
let host: Host;

beforeAll(async () => {
  testHost = await startTestHost();
  host = testHost.host;
});

afterAll(async () => {
  await testHost.close();
});

async function connect(): Promise<{ ws: WebSocket; next: () => Promise<HostResponse> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
    origin: `http://127.0.0.1:${host.port}`,
    // An all-zero mask: the client skips masking 100 MB (the test measures the host, not this).
    generateMask: (mask: Buffer) => void mask.fill(0),
  });
  const queue: HostResponse[] = [];
  const waiters: Array<(m: HostResponse) => void> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as HostMessage;
    if (!('id' in m)) return;
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiters.push(resolve))),
  };
}

describe('browser host: hostile frames', () => {
  it(
    'refuses a 100 MB frame of nested arrays before parsing it, and keeps answering',
    { timeout: 60_000 },
    async () => {
      const { ws, next } = await connect();
      const depth = 50 * 1024 * 1024;
      const frame = Buffer.alloc(2 * depth + 64);
      let at = frame.write('{"id":1,"method":"sessions.list","params":[');
      frame.fill('[', at, at + depth);
      at += depth;
      frame.fill(']', at, at + depth);
      at += depth;
      at += frame.write(']}', at);
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      ws.send(frame.subarray(0, at), { binary: false });
      const refused = await next();
      const elapsed = performance.now() - started;
      const rssGrowth = process.memoryUsage().rss - rssBefore;
      expect(refused.id).toBeNull();
      expect(refused.result.ok === false && refused.result.error.message).toBe(
        'message refused: JSON nested deeper than 8 levels',
      );
      // Parsing it took 32 s and 5.4 GB before the bound. Now moving 100 MB through the socket
      // dominates (a few seconds; more on a loaded machine), and memory holds the frame's copies.
      expect(elapsed).toBeLessThan(30_000);
      expect(rssGrowth).toBeLessThan(1024 * 1024 * 1024);
      ws.send(JSON.stringify({ id: 2, method: 'sessions.list', params: [] }));
      expect((await next()).result).toEqual({ ok: true, value: [] });

      const wide = `{"id":3,"method":"sessions.list","params":[${'0,'.repeat(5000)}0]}`;
      ws.send(wide);
      const r = await next();
      expect(r.result.ok === false && r.result.error.message).toBe(
        'message refused: JSON with more than 4096 elements',
      );
      ws.close();
    },
  );
});

describe('encodeMessage', () => {
  const deep = (): unknown => {
    let v: unknown = [];
    for (let i = 0; i < 100_000; i++) v = [v];
    return v;
  };

  it('turns an answer that cannot be encoded into an internal error for that call', () => {
    const text = encodeMessage({ id: 7, result: { ok: true, value: { body: deep() } } });
    const back = JSON.parse(text) as HostResponse;
    expect(back.id).toBe(7);
    expect(back.result.ok === false && back.result.error.code).toBe('internal');
  });

  it('replaces a record that cannot be encoded with a visible error record and keeps the others', () => {
    const good: WireRecord = { kind: 'comment', sessionId: 's1', seq: 0, t: 1, connection: 1, text: 'ok' };
    const bad = { ...good, seq: 1, text: deep() } as unknown as WireRecord;
    const text = encodeMessage({ type: 'batch', batch: { records: [good, bad], skipped: [], sessions: [] } });
    const back = JSON.parse(text) as Extract<HostMessage, { type: 'batch' }>;
    expect(back.batch.records[0]).toEqual(good);
    expect(back.batch.records[1]).toMatchObject({ kind: 'error', code: 'internal', seq: 1, sessionId: 's1' });
  });
});
