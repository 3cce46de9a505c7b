/**
 * 10,000 generated hostile inputs, the same on every run (a seeded generator): 5,000 recordings
 * and HAR files through the loaders and 5,000 messages through a real browser host's socket.
 * Deep nesting, huge strings, wrong types, prototype keys and control characters. Every input
 * must end as a value or one clear error line; the process stays up and its memory bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadAnyRecording } from '../../src/core/recording/load-any';
import { RecordingFormatError } from '../../src/core/recording/reader';
import type { HostResponse } from '../../src/shared/host-protocol';
import { startTestHost, type TestHost } from '../support/host';

/** mulberry32: a small, fast, seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = rng(20_261_201);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'kind', 't', 'url', 'headers', 'data', 'x'];
const CONTROL = [
  '\u0000',
  '\u001b[2J',
  '\u001b]0;owned\u0007',
  '\u202e',
  '\u2066',
  '\r\n',
  '\u0085',
  '\ud800',
  '\u2028',
];

function hostileString(): string {
  switch (int(6)) {
    case 0:
      // Now and then a megabyte; mostly a few kilobytes (the run must stay short).
      return 'x'.repeat(int(200) === 0 ? 1024 * 1024 : int(500));
    case 1:
      return Array.from({ length: int(20) }, () => pick(CONTROL)).join('');
    case 2:
      return pick(KEYS);
    case 3:
      return pick(['http://127.0.0.1:1/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'javascript:alert(1)', '']);
    case 4:
      return '[['.repeat(int(50));
    default:
      return String(random());
  }
}

/** A hostile JSON value; `depth` is how deep it may still nest. */
function hostileValue(depth: number): unknown {
  switch (depth > 0 ? int(9) : int(5)) {
    case 0:
      return hostileString();
    case 1:
      return pick([0, -1, 1e308, -0, 2 ** 53 + 1, 1.5]);
    case 2:
      return pick([null, true, false]);
    case 3:
      return int(2) ? 'NaN' : [];
    case 4:
      return {};
    case 5:
    case 6: {
      const o: Record<string, unknown> = {};
      for (let i = int(4); i > 0; i--)
        Object.defineProperty(o, pick(KEYS), { value: hostileValue(depth - 1), enumerable: true, configurable: true });
      return o;
    }
    default:
      return Array.from({ length: int(4) }, () => hostileValue(depth - 1));
  }
}

/** JSON text nested `depth` deep, written directly (JSON.stringify itself would overflow). */
const deepText = (depth: number): string =>
  int(2) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/**
 * A nesting depth past every bound of the loaders and the host (8 and 32 levels); one in 20 is up
 * to `huge` deep, past what a recursive walk (JSON.stringify, a validator) survives. Those huge
 * texts are most of the run's bytes, so the rest stay within a few thousand levels.
 */
const hostileDepth = (huge: number): number => (int(20) === 0 ? 10 + int(huge) : 10 + int(2_000));

const HEADER = {
  format: 'streamscope-recording',
  version: 1,
  app: 'fuzz',
  created: '2026-01-01T00:00:00.000Z',
  transport: 'sse',
  request: { url: 'http://127.0.0.1:1/sse' },
  redacted: true,
};
const RECORDS: Array<Record<string, unknown>> = [
  { kind: 'state', t: 1, connection: 1, readyState: 0, reason: 'connecting', message: 'm' },
  {
    kind: 'response',
    t: 2,
    connection: 1,
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'text/event-stream' },
    url: 'http://127.0.0.1:1/sse',
    redirected: false,
    requestSentAt: 1,
  },
  { kind: 'chunk', t: 3, connection: 1, data: 'ZGF0YTogYQoK' },
  { kind: 'frame', t: 4, connection: 1, dir: 'in', opcode: 'text', data: 'a', size: 1 },
  { kind: 'error', t: 5, connection: 1, code: 'network', message: 'x', fatal: true },
];

/** A valid object with one field replaced, one added, or a nested part swapped for a hostile value. */
function mutate(base: Record<string, unknown>): string {
  const keys = Object.keys(base);
  const copy: Record<string, unknown> = { ...base };
  const target = pick(keys);
  switch (int(4)) {
    case 0:
      copy[target] = hostileValue(4);
      break;
    case 1:
      Object.defineProperty(copy, pick(KEYS), { value: hostileValue(4), enumerable: true, configurable: true });
      break;
    case 2:
      return JSON.stringify(copy).replace(/"[^"]*"(?=[,}])/, () => deepText(hostileDepth(100_000)));
    default:
      if (target !== 'kind') delete copy[target];
  }
  return JSON.stringify(copy);
}

function hostileFile(): string {
  switch (int(5)) {
    case 0: {
      const lines = [mutate(HEADER)];
      for (let i = int(6); i > 0; i--) lines.push(int(3) ? mutate(pick(RECORDS)) : JSON.stringify(pick(RECORDS)));
      return lines.join(pick(['\n', '\r\n'])) + '\n';
    }
    case 1:
      return [JSON.stringify(HEADER), ...Array.from({ length: 1 + int(5) }, () => mutate(pick(RECORDS)))].join('\n');
    case 2: {
      const entry = {
        startedDateTime: pick(['2026-01-01T00:00:00Z', 'soon', 5]),
        request: { method: 'GET', url: 'http://127.0.0.1:1/sse', headers: [{ name: 'a', value: 'b' }] },
        response: {
          status: 200,
          headers: [{ name: 'Content-Type', value: 'text/event-stream' }],
          content: { mimeType: 'text/event-stream', text: 'data: a\n\n' },
        },
        timings: { receive: pick([10, 1e12, -5]) },
      };
      return `{"log":{"entries":[${mutate(entry)},${JSON.stringify(hostileValue(3))}]}}`;
    }
    case 3:
      return `{"log":{"entries":${deepText(hostileDepth(200_000))}}}`;
    default:
      return `${pick(['data: ', ':', 'event: x\n', ''])}${hostileString()}\n\n`;
  }
}

let testHost: TestHost;

beforeAll(async () => {
  testHost = await startTestHost();
});

afterAll(async () => {
  await testHost.close();
});

describe('hostile inputs (seeded fuzz)', () => {
  it(
    '5,000 recordings and HAR files load or fail with one line, never pollute or break JSON',
    { timeout: 90_000 },
    () => {
      const rssBefore = process.memoryUsage().rss;
      let loaded = 0;
      let refused = 0;
      for (let i = 0; i < 5000; i++) {
        const file = hostileFile();
        try {
          const recording = loadAnyRecording(`fuzz-${i}`, file);
          // What a loader returns must travel on: to the bridge (JSON) and back into a file.
          JSON.stringify(recording);
          loaded++;
        } catch (err) {
          if (!(err instanceof RecordingFormatError))
            throw new Error(`input ${i}: ${String(err)}\n${file.slice(0, 300)}`, { cause: err });
          expect(err.message).not.toMatch(/\n/);
          refused++;
        }
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
      expect(loaded).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024);
    },
  );

  it('5,000 messages to the host each get an answer, and the host keeps serving', { timeout: 90_000 }, async () => {
    const { host } = testHost;
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const METHODS = ['sessions.open', 'sessions.list', 'sessions.records', 'replay.openText', 'settings.set', 'nope'];
    let answers = 0;
    const ids = new Set<number>();
    const received = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as HostResponse | { type: 'batch' };
        if ('type' in m) return;
        answers++;
        if (typeof m.id === 'number') ids.add(m.id);
        if (answers === 5000) resolve();
      });
    });
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < 5000; i++) {
      const method = pick(METHODS);
      let text: string;
      switch (int(5)) {
        case 0:
          text = deepText(hostileDepth(100_000));
          break;
        case 1:
          text = hostileString();
          break;
        case 2:
          text = JSON.stringify({ id: i, method, params: [hostileValue(5), hostileValue(3)] });
          break;
        case 3:
          text = JSON.stringify({ id: i, method: 'replay.openText', params: ['fuzz', hostileFile()] });
          break;
        default:
          text = JSON.stringify({ id: i, method, params: hostileValue(4), [pick(KEYS)]: hostileValue(2) });
      }
      ws.send(text);
      // Keep the socket's send buffer small: the test measures the host, not a backlog here.
      if (ws.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
    }
    await received;
    expect(answers).toBe(5000);
    expect(ids.size).toBeGreaterThan(1000);
    // Still serving: an ordinary call gets its ordinary answer.
    const list = new Promise<HostResponse>((resolve) =>
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as HostResponse;
        if (m.id === 'final') resolve(m);
      }),
    );
    ws.send(JSON.stringify({ id: 'final', method: 'sessions.list', params: [] }));
    expect((await list).result.ok).toBe(true);
    ws.close();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(1024 * 1024 * 1024);
  });
});
