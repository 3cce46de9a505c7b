/**
 * The CLI's recording readers and NDJSON writers under a large file and a slow or vanishing
 * reader: memory stays bounded by a constant (not by the file, not by the reader's pace) and the
 * output is complete.
 */
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { get } from 'node:http';
import { ensureBuilt, firstLine, startCli } from '../support/cli';

const MiB = 1024 * 1024;
/** Each chunk carries one event of this many bytes of data. */
const EVENT_BYTES = 12_000;
const FILE_BYTES = 144 * MiB;
/**
 * What the replaying process may peak at, whatever the file size (below the file's own size; the
 * whole-file loader this replaced peaked at ~3.5× the file: 457 MiB for 120 MB).
 */
const PEAK_RSS_BOUND = 136 * MiB;

let dir: string;
let file: string;
let events = 0;

/** A recording of `bytes` (about): one SSE connection, one event per chunk, written in 1 MiB blocks. */
function writeBigRecording(path: string, bytes: number): number {
  const t0 = 1_735_689_600_000;
  const url = 'http://127.0.0.1:1/big';
  const head = [
    {
      format: 'streamscope-recording',
      version: 1,
      app: '0.1.0',
      created: '2025-01-01T00:00:00.000Z',
      transport: 'sse',
      request: { url },
      redacted: true,
    },
    { kind: 'state', t: t0, connection: 1, readyState: 0, reason: 'connecting', message: 'connecting' },
    {
      kind: 'response',
      t: t0 + 1,
      connection: 1,
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream' },
      url,
      redirected: false,
      requestSentAt: t0,
    },
    { kind: 'state', t: t0 + 1, connection: 1, readyState: 1, reason: 'open', message: 'HTTP 200' },
  ];
  const data = Buffer.from(`data: ${'a'.repeat(EVENT_BYTES)}\n\n`).toString('base64');
  const fd = openSync(path, 'w');
  let block = head.map((l) => JSON.stringify(l)).join('\n') + '\n';
  let written = 0;
  let chunks = 0;
  while (written + block.length < bytes) {
    block += `{"kind":"chunk","t":${t0 + 2 + chunks * 0.01},"connection":1,"data":"${data}"}\n`;
    chunks++;
    if (block.length >= MiB) {
      written += writeSync(fd, block);
      block = '';
    }
  }
  const tEnd = t0 + 3 + chunks * 0.01;
  block +=
    JSON.stringify({
      kind: 'state',
      t: tEnd,
      connection: 1,
      readyState: 2,
      reason: 'closed-by-user',
      message: 'closed',
    }) + '\n';
  block += JSON.stringify({ kind: 'end', t: tEnd, records: chunks + 4 }) + '\n';
  writeSync(fd, block);
  closeSync(fd);
  return chunks;
}

/** The highest resident set size (VmHWM) the kernel saw for the child, sampled until it exits. */
function watchPeakRss(child: ChildProcessWithoutNullStreams): () => number {
  let peak = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // Exited between two samples: the last sample stands.
    }
  };
  const timer = setInterval(sample, 25);
  child.on('exit', () => clearInterval(timer));
  return () => peak;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Finished {
  code: number | null;
  stderr: string;
  lines: number;
  eventLines: number;
  lastLine: string;
}

/** Reads the child's stdout to the end, counting lines without keeping them. */
function readToEnd(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  return new Promise((resolve) => {
    let lines = 0;
    let eventLines = 0;
    let tail = '';
    let lastLine = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout.on('data', (b: Buffer) => {
      const text = tail + b.toString('latin1');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        lines++;
        if (text.startsWith('{"kind":"event"', start)) eventLines++;
        lastLine = text.slice(start, Math.min(nl, start + 200));
        start = nl + 1;
      }
      tail = text.slice(start);
    });
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr, lines, eventLines, lastLine }));
  });
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-streaming-'));
  file = join(dir, 'big.ssrec');
  events = writeBigRecording(file, FILE_BYTES);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a large recording', () => {
  it('replay --json --speed 0 into a reader that pauses stays within a fixed memory bound and loses nothing', async () => {
    expect(statSync(file).size).toBeGreaterThan(FILE_BYTES - MiB);
    const child = startCli(['replay', file, '--json', '--speed', '0']);
    const peak = watchPeakRss(child);
    // The reader pauses: nothing is read for a while.
    child.stdout.pause();
    await sleep(1500);
    const whilePaused = peak();
    const done = await readToEnd(child);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.eventLines).toBe(events);
    expect(done.lines).toBe(events + 4);
    expect(done.lastLine).toMatch(/^\{"kind":"state","t":[\d.]+,"readyState":2,"reason":"closed-by-user"/);
    expect(whilePaused).toBeGreaterThan(0);
    expect(whilePaused).toBeLessThan(PEAK_RSS_BOUND);
    expect(peak()).toBeLessThan(PEAK_RSS_BOUND);
  }, 60_000);

  it('replay --json into a reader that goes away early (`| head`) ends quietly with exit 0', async () => {
    const child = startCli(['replay', file, '--json', '--speed', '0']);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    let received = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      const onData = (b: Buffer): void => {
        received += b.toString('latin1');
        if (received.split('\n').length > 5) {
          child.stdout.off('data', onData);
          child.stdout.destroy();
          resolve();
        }
      };
      child.stdout.on('data', onData);
    });
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(received.split('\n')[0]).toMatch(/^\{"kind":"state"/);
  }, 60_000);

  it('check streams it too: judged in bounded memory', async () => {
    const child = startCli(['check', file, '--expect', `count() = ${events}`, '--json']);
    const peak = watchPeakRss(child);
    const done = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ ok: true, events });
    expect(peak()).toBeLessThan(PEAK_RSS_BOUND);
  }, 60_000);

  it('replay --serve plays it to a client that pauses, reading the file as it goes: bounded memory, every byte', async () => {
    const child = startCli(['replay', file, '--serve', '--speed', '0']);
    const peak = watchPeakRss(child);
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    try {
      const url = (await firstLine(child, 30_000)).replace(/^listening /, '');
      const received = await new Promise<number>((resolve, reject) => {
        get(url, (res) => {
          // The client pauses: what it has not read must wait in the file, not in the server's memory.
          res.pause();
          let bytes = 0;
          setTimeout(() => {
            res.on('data', (b: Buffer) => (bytes += b.length));
            res.resume();
          }, 1500);
          // A recording that ended with the client closing is held open: stop once every byte came.
          const total = events * Buffer.byteLength(`data: ${'a'.repeat(EVENT_BYTES)}\n\n`);
          const check = setInterval(() => {
            if (bytes >= total) {
              clearInterval(check);
              res.destroy();
              resolve(bytes);
            }
          }, 50);
          res.on('error', reject);
        }).on('error', reject);
      });
      expect(received).toBe(events * Buffer.byteLength(`data: ${'a'.repeat(EVENT_BYTES)}\n\n`));
      expect(stderr).toBe('');
      expect(peak()).toBeLessThan(PEAK_RSS_BOUND);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('close', resolve));
    }
  }, 60_000);
});

describe('tail --json into a slow reader', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(() => demo.close());

  it('stops reading the stream while the reader pauses, then Ctrl-C flushes everything that was read', async () => {
    const url = `${demo.url}/scenarios/firehose?rate=0&count=5000000&duration=60`;
    const child = startCli(['tail', url, '--json']);
    const firstBytes = new Promise<void>((resolve) => child.stdout.once('readable', () => resolve()));
    // Nothing is read from the pipe: tail must stop taking events off the socket, and TCP must
    // stop the server.
    child.stdout.pause();
    await firstBytes;
    // Once the pipe, tail's own output buffer and the socket buffers are full, the server waits:
    // its count stops moving (a tail that kept reading would take all 5M events into memory).
    let sent = demo.metrics().messagesSent;
    const deadline = Date.now() + 15_000;
    for (;;) {
      await sleep(500);
      const now = demo.metrics().messagesSent;
      if (now === sent || Date.now() > deadline) break;
      sent = now;
    }
    expect(demo.metrics().messagesSent).toBe(sent);
    expect(sent).toBeLessThan(1_000_000);

    child.kill('SIGINT');
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const ids = lines.filter((l) => l.kind === 'event').map((l) => Number(l.id));
    // Every event that was read is printed, in order, none missing, then the closing state.
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(lines.at(-1)).toMatchObject({ kind: 'state', readyState: 2 });
  }, 30_000);
});
