import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { servedConnections, startReplayServer } from '../../../src/core/recording/replay-server';
import { recordingSource, type ReplaySource } from '../../../src/core/recording/replay-source';
import type { Recording, StoredRecord } from '../../../src/shared/recording-format';
import { completionTimes, gapsOf, startChunkServer, syntheticRecording } from './helpers';
import { tempDir } from '../../support/temp';
import { until } from '../../support/wait';

const dir = tempDir('streamscope-serve-');

interface Received {
  status: number;
  headers: Headers;
  reads: Array<{ at: number; bytes: Uint8Array }>;
  ended: 'end' | 'error';
}

/** Reads a response to its end, stamping each read. */
async function receive(url: string, init: RequestInit = {}): Promise<Received> {
  const res = await fetch(url, init);
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
    ended = 'error';
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

/**
 * When each chunk of one response had fully arrived, in ms after `requestedAt`. A replay server
 * never sends a chunk before its due time (its pacing starts after the request was sent), so each
 * is at least its planned offset; how late it may come depends on the machine's load.
 */
function arrivalsAfter(requestedAt: number, got: Received, chunkLengths: number[]): number[] {
  return completionTimes(got.reads, chunkLengths).map((at) => at - requestedAt);
}

// The real clock (a real server and sockets): no chunk comes before its recorded offset from the
// request, and the upper bounds leave a loaded machine's stalls a wide margin. The pacing itself
// (absolute targets, speeds) is tested exactly on a fake clock in replayer.test.ts, and the server
// waits with the same sleepUntil.
describe('replay server', () => {
  it('serves byte-identical bytes with the recorded gaps between chunks (record -> serve)', async () => {
    const sent = ['id: 1\ndata: first\n\n', 'data: sec', 'ond\n\n:comment\n\n'];
    const recording = await recordLive([
      { delayMs: 0, data: sent[0]! },
      { delayMs: 50, data: sent[1]! },
      { delayMs: 120, data: sent[2]! },
    ]);
    const recorded = recording.records.filter((r): r is StoredRecord & { kind: 'chunk' } => r.kind === 'chunk');
    expect(concat(recorded.map((c) => c.bytes)).toString()).toBe(sent.join(''));
    const [plan] = servedConnections(recording.records);
    const offsets = plan!.chunks.map((c) => c.at);
    // The plan is the recording's own gaps.
    expect(gapsOf(offsets)).toEqual(gapsOf(recorded.map((c) => c.t)));
    expect(offsets.at(-1)! - offsets[0]!).toBeGreaterThan(150);
    const server = await startReplayServer(recording);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const requestedAt = performance.now();
      const got = await receive(server.url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('text/event-stream');
      expect(got.headers.get('x-test')).toBe('yes');
      expect(got.headers.get('content-length')).toBeNull();
      expect(got.ended).toBe('end');
      expect(concat(got.reads.map((r) => r.bytes))).toEqual(concat(recorded.map((c) => c.bytes)));
      const arrivals = arrivalsAfter(
        requestedAt,
        got,
        recorded.map((c) => c.bytes.byteLength),
      );
      arrivals.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(offsets[i]!));
      expect(arrivals.at(-1)!).toBeLessThan(offsets.at(-1)! + 1500);
    } finally {
      await server.close();
    }
  });

  it('serves many clients at once, each paced from its own request, and scales gaps by speed', async () => {
    // 6 s recorded, 600 ms at speed 10: four clients one after another would take 2.4 s.
    const recording = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 3000, text: 'data: b\n\n' },
      { at: 6000, text: 'data: c\n\n' },
    ]);
    const [plan] = servedConnections(recording.records);
    const due = plan!.chunks.map((c) => c.at / 10);
    const server = await startReplayServer(recording, { speed: 10 });
    try {
      const requestedAt = performance.now();
      const all = await Promise.all([
        receive(server.url),
        receive(server.url),
        receive(server.url),
        receive(server.url + 'any/path?x=1'),
      ]);
      const took = performance.now() - requestedAt;
      for (const got of all) {
        expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe(
          'data: a\n\ndata: b\n\ndata: c\n\n',
        );
        arrivalsAfter(requestedAt, got, [9, 9, 9]).forEach((at, i) => expect(at).toBeGreaterThanOrEqual(due[i]!));
      }
      expect(took).toBeLessThan(4 * due.at(-1)!);
      expect(server.clients).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('sends everything at once at speed 0 and holds a stream the recording never saw end', async () => {
    const recording = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 60_000, text: 'data: b\n\n' },
    ]);
    // The recorded client closed the stream: the server had not ended it.
    (recording.records.at(-1) as { reason: string }).reason = 'closed-by-user';
    const server = await startReplayServer(recording, { speed: 0 });
    const ac = new AbortController();
    try {
      const started = performance.now();
      const res = await fetch(server.url, { signal: ac.signal });
      const reader = res.body!.getReader();
      let text = '';
      while (text.length < 18) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
      expect(text).toBe('data: a\n\ndata: b\n\n');
      // Not paced: at speed 1 the second chunk is a minute away.
      expect(performance.now() - started).toBeLessThan(15_000);
      // Held open after the last chunk: no end comes.
      const next = await Promise.race([
        reader.read().then((r) => (r.done ? 'ended' : 'more bytes')),
        new Promise((resolve) => setTimeout(() => resolve('held'), 150)),
      ]);
      expect(next).toBe('held');
    } finally {
      ac.abort();
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
      { at: 60_000, text: 'data: b\n\n' },
    ]);
    const server = await startReplayServer(recording);
    const pending = receive(server.url);
    await until(
      'a client being served',
      () => server.clients,
      (n) => n === 1,
    );
    const start = performance.now();
    await server.close();
    const got = await pending;
    // Not after the next chunk, a minute away.
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(Buffer.concat(got.reads.map((r) => Buffer.from(r.bytes))).toString()).toBe('data: a\n\n');
  });

  it('reads the first chunk before it sends the head and starts the clock: a slow read does not make the first chunk late', async () => {
    const recording = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 20, text: 'data: b\n\n' },
    ]);
    const inner = recordingSource(recording);
    // The client's pass over the recording waits at its first read until the test lets it go.
    let opens = 0;
    let waitingToRead = false;
    let letRead: () => void = () => {};
    const readable = new Promise<void>((resolve) => (letRead = resolve));
    const source: ReplaySource = {
      header: inner.header,
      warnings: inner.warnings,
      async open() {
        const stream = await inner.open();
        if (++opens === 1) return stream; // the planning pass
        return {
          header: stream.header,
          warnings: stream.warnings,
          filter: stream.filter,
          async next() {
            waitingToRead = true;
            await readable;
            return stream.next();
          },
          close: () => stream.close(),
        };
      },
    };
    const server = await startReplayServer(source);
    try {
      let head: IncomingMessage | null = null;
      const body: Buffer[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        get(server.url, (res) => {
          head = res;
          res.on('data', (b: Buffer) => body.push(b));
          res.on('end', resolve);
          res.on('error', reject);
        }).on('error', reject);
      });
      await until('the client pass to read its first chunk', () => waitingToRead);
      // Time for a head already sent to arrive (before, it was sent before this read began).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(head).toBeNull();
      letRead();
      await ended;
      expect(head!.statusCode).toBe(200);
      expect(Buffer.concat(body).toString()).toBe('data: a\n\ndata: b\n\n');
    } finally {
      letRead();
      await server.close();
    }
  });
});
