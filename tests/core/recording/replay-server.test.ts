import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { startReplayServer } from '../../../src/core/recording/replay-server';
import type { Recording, StoredRecord } from '../../../src/shared/recording-format';
import { completionTimes, gapsOf, startChunkServer, syntheticRecording } from './helpers';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-serve-');

interface Received {
  status: number;
  headers: Headers;
  reads: Array<{ at: number; bytes: Uint8Array }>;
  ended: 'end' | 'error' | 'stopped';
}

/** Reads a response, stamping each read; stops after `stopAfterMs` if given. */
async function receive(url: string, init: RequestInit = {}, stopAfterMs?: number): Promise<Received> {
  const ac = new AbortController();
  const timer = stopAfterMs === undefined ? undefined : setTimeout(() => ac.abort(), stopAfterMs);
  const res = await fetch(url, { ...init, signal: ac.signal });
  const reads: Received['reads'] = [];
  let ended: Received['ended'] = 'end';
  try {
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      reads.push({ at: performance.now(), bytes: value });
    }
  } catch {
    ended = ac.signal.aborted ? 'stopped' : 'error';
  } finally {
    clearTimeout(timer);
  }
  return { status: res.status, headers: res.headers, reads, ended };
}

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

async function recordLive(chunks: Array<{ delayMs: number; data: string }>): Promise<Recording> {
  const server = await startChunkServer(chunks);
  const path = join(dir, `live-${Math.random()}.ssrec`);
  const request = { url: server.url, reconnect: false };
  const recorder = createRecorder(path, { transport: 'sse', request });
  const conn = createSseConnection({ request }, (draft) => {
    recorder.write(draft);
    return 0;
  });
  await conn.done;
  await recorder.close();
  await server.close();
  return readRecordingFile(path);
}

describe('replay server', () => {
  // Timing tests share 2 loaded cores with other suites: a stall of tens of ms can happen, so they
  // get retries; a replay without gaps (or with drift) fails every attempt.
  it('serves byte-identical bytes with the recorded gaps between chunks (record -> serve)', { retry: 2 }, async () => {
    const sent = ['id: 1\ndata: first\n\n', 'data: sec', 'ond\n\n:comment\n\n'];
    const recording = await recordLive([
      { delayMs: 0, data: sent[0]! },
      { delayMs: 50, data: sent[1]! },
      { delayMs: 120, data: sent[2]! },
    ]);
    const recorded = recording.records.filter((r): r is StoredRecord & { kind: 'chunk' } => r.kind === 'chunk');
    expect(concat(recorded.map((c) => c.bytes)).toString()).toBe(sent.join(''));
    const server = await startReplayServer(recording);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const got = await receive(server.url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('text/event-stream');
      expect(got.headers.get('x-test')).toBe('yes');
      expect(got.headers.get('content-length')).toBeNull();
      expect(got.ended).toBe('end');
      expect(concat(got.reads.map((r) => r.bytes))).toEqual(concat(recorded.map((c) => c.bytes)));
      const servedGaps = gapsOf(
        completionTimes(
          got.reads,
          recorded.map((c) => c.bytes.byteLength),
        ),
      );
      const recordedGaps = gapsOf(recorded.map((c) => c.t));
      expect(recordedGaps.reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
      servedGaps.forEach((g, i) => expect(Math.abs(g - recordedGaps[i]!)).toBeLessThan(15));
    } finally {
      await server.close();
    }
  });

  it(
    'serves many clients at once, each paced from its own request, and scales gaps by speed',
    { retry: 2 },
    async () => {
      const recording = syntheticRecording([
        { at: 0, text: 'data: a\n\n' },
        { at: 80, text: 'data: b\n\n' },
        { at: 160, text: 'data: c\n\n' },
      ]);
      const server = await startReplayServer(recording, { speed: 2 });
      try {
        const start = performance.now();
        const all = await Promise.all([receive(server.url), receive(server.url), receive(server.url + 'any/path?x=1')]);
        const took = performance.now() - start;
        for (const got of all) {
          expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe(
            'data: a\n\ndata: b\n\ndata: c\n\n',
          );
          const gaps = gapsOf(completionTimes(got.reads, [9, 9, 9]));
          gaps.forEach((g) => expect(Math.abs(g - 40)).toBeLessThan(15));
        }
        expect(took).toBeLessThan(160);
        expect(server.clients).toBe(0);
      } finally {
        await server.close();
      }
    },
  );

  it('sends everything at once at speed 0 and holds a stream the recording never saw end', async () => {
    const recording = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 500, text: 'data: b\n\n' },
    ]);
    // The recorded client closed the stream: the server had not ended it.
    (recording.records.at(-1) as { reason: string }).reason = 'closed-by-user';
    const server = await startReplayServer(recording, { speed: 0 });
    try {
      const got = await receive(server.url, {}, 150);
      expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe('data: a\n\ndata: b\n\n');
      expect(got.ended).toBe('stopped');
    } finally {
      await server.close();
    }
  });

  it('walks through recorded reconnects by Last-Event-ID, or by ?connection=N', async () => {
    const t0 = 1_700_000_000_000;
    const records: StoredRecord[] = [];
    for (const [connection, lastEventId, body] of [
      [1, undefined, 'id: 7\ndata: one\n\n'],
      [2, '7', 'data: two\n\n'],
    ] as const) {
      const t = t0 + connection * 100;
      records.push({
        kind: 'state',
        t,
        connection,
        readyState: 0,
        reason: connection === 1 ? 'connecting' : 'reconnecting',
        message: '',
        ...(lastEventId ? { lastEventId } : {}),
      });
      records.push({
        kind: 'response',
        t: t + 1,
        connection,
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'text/event-stream' },
        url: 'http://x/',
        redirected: false,
        requestSentAt: t,
      });
      records.push({ kind: 'chunk', t: t + 2, connection, bytes: new TextEncoder().encode(body) });
      records.push({
        kind: 'state',
        t: t + 3,
        connection,
        readyState: 0,
        reason: 'waiting-retry',
        message: '',
        delayMs: 10,
      });
    }
    const recording: Recording = { ...syntheticRecording([]), records };
    const server = await startReplayServer(recording);
    try {
      const text = async (init?: RequestInit, path = ''): Promise<string> =>
        Buffer.concat((await receive(server.url + path, init)).reads.map((r) => Buffer.from(r.bytes))).toString();
      expect(await text()).toBe('id: 7\ndata: one\n\n');
      expect(await text({ headers: { 'Last-Event-ID': '7' } })).toBe('data: two\n\n');
      expect(await text(undefined, '?connection=2')).toBe('data: two\n\n');
      expect((await receive(server.url + '?connection=9')).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('replays a refused connection: its status and recorded body', async () => {
    const recording = syntheticRecording([]);
    recording.records = [
      { kind: 'state', t: 1, connection: 1, readyState: 0, reason: 'connecting', message: '' },
      {
        kind: 'response',
        t: 2,
        connection: 1,
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'content-type': 'application/json' },
        url: 'http://x/',
        redirected: false,
        requestSentAt: 1,
        body: '{"error":"busy"}',
      },
      { kind: 'error', t: 3, connection: 1, code: 'http-status', message: 'HTTP 503', fatal: true, status: 503 },
      { kind: 'state', t: 3, connection: 1, readyState: 2, reason: 'http-status', message: 'HTTP 503' },
    ];
    const server = await startReplayServer(recording);
    try {
      const got = await receive(server.url);
      expect(got.status).toBe(503);
      expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe('{"error":"busy"}');
    } finally {
      await server.close();
    }
  });

  it('close() drops clients that are still being served', async () => {
    const recording = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 5000, text: 'data: b\n\n' },
    ]);
    const server = await startReplayServer(recording);
    const pending = receive(server.url);
    for (let waited = 0; server.clients === 0 && waited < 3000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.clients).toBe(1);
    const start = performance.now();
    await server.close();
    const got = await pending;
    expect(performance.now() - start).toBeLessThan(1000);
    expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe('data: a\n\n');
  });
});
