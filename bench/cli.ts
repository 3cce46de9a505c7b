/**
 * Row 11 — the command line at its own job. Method:
 * - 11a (`tail --json` into a pipe): the demo server's firehose (~100 B events, as fast as
 *   backpressure allows, `events` events) read by `streamscope tail --json --max-events n` and by
 *   a small CLI on the `eventsource` npm package (bench/reference/eventsource-tail.mjs: one NDJSON
 *   line per event, one write each), both child processes whose stdout is a pipe this process
 *   drains. Events/s from the first byte on stdout to the child's exit (process start-up is not
 *   the tool's throughput); alternating, median of `runs` each. Budget ≥ 1.5 × the reference.
 * - 11b / 11c (`check` and `replay --json --speed 0` over a large recording): a recording of
 *   `fileBytes` (one SSE connection, chunks of 16 events of ~1 KiB, generated here in a temp dir)
 *   checked with `--expect count() = n` and replayed into a pipe this process drains. Peak RSS is
 *   the child's VmHWM; throughput is file MB/s against `wc -l` on the same file (the floor: reading
 *   the bytes and finding the newlines). Budget: RSS ≤ 200 MiB (streamed); the ratio is reported.
 * The demo server runs in this process and shares the machine's 2 cores with the child.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../src/core/demo/server';
import { formatRate, median } from './lib/measure';
import { projectRoot } from './lib/project-root';
import type { BenchRow } from './lib/table';

const MiB = 1024 * 1024;
const RSS_BUDGET = 200 * MiB;

const root = projectRoot();
const cliBin = join(root, 'bin', 'streamscope.js');
const reference = join(root, 'bench', 'reference', 'eventsource-tail.mjs');

interface ChildRun {
  code: number | null;
  lines: number;
  bytes: number;
  /** ms from the first stdout byte to exit. */
  activeMs: number;
  /** ms from spawn to exit. */
  totalMs: number;
  peakRss: number;
  stdout: string;
}

/** Runs a child, draining its stdout (a pipe) and counting lines; samples its peak RSS. */
function runChild(command: string, args: string[], keepStdout = false): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByte = 0;
    let lines = 0;
    let bytes = 0;
    let peakRss = 0;
    let stdout = '';
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const sample = (): void => {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (kb) peakRss = Math.max(peakRss, Number(kb) * 1024);
      } catch {
        // Exited between samples.
      }
    };
    const sampler = setInterval(sample, 50);
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstByte === 0) firstByte = performance.now();
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (keepStdout) stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const end = performance.now();
      resolve({
        code,
        lines,
        bytes,
        activeMs: end - (firstByte || started),
        totalMs: end - started,
        peakRss,
        stdout,
      });
    });
  });
}

async function benchTail(runs: number, events: number): Promise<BenchRow> {
  const demo = await startDemoServer({ port: 0 });
  try {
    const url = `${demo.url}/scenarios/firehose?rate=0&count=${events}&duration=120`;
    const tailRun = async (): Promise<number> => {
      const r = await runChild(process.execPath, [cliBin, 'tail', url, '--json', '--max-events', String(events)]);
      if (r.code !== 0) throw new Error(`tail exited ${r.code}`);
      // Four state/response lines besides the events.
      return ((r.lines - 4) / r.activeMs) * 1000;
    };
    const referenceRun = async (): Promise<number> => {
      const r = await runChild(process.execPath, [reference, url, String(events)]);
      if (r.lines !== events) throw new Error(`the reference printed ${r.lines} of ${events} events`);
      return (r.lines / r.activeMs) * 1000;
    };
    const tail: number[] = [];
    const ref: number[] = [];
    await referenceRun(); // warm-up (file cache, the server's JIT)
    for (let run = 0; run < runs; run++) {
      // Alternating, so drift in the machine's load hits both alike.
      if (run % 2 === 0) {
        tail.push(await tailRun());
        ref.push(await referenceRun());
      } else {
        ref.push(await referenceRun());
        tail.push(await tailRun());
      }
    }
    const t = median(tail);
    const r = median(ref);
    return {
      id: '11a',
      name: '`tail --json` into a pipe (firehose, 100 B events)',
      value: `${formatRate(t)} ev/s (×${(t / r).toFixed(2)}; runs ${tail.map(formatRate).join(', ')})`,
      reference: `eventsource CLI ${formatRate(r)} ev/s (runs ${ref.map(formatRate).join(', ')})`,
      budget: '≥ 1.5 × reference',
      met: t >= 1.5 * r,
      data: { eventsPerSecond: t, referenceEventsPerSecond: r, ratio: t / r },
    };
  } finally {
    await demo.close();
  }
}

/** A recording of about `bytes`: one connection, chunks of 16 events of ~1 KiB. Returns the events. */
function writeLargeRecording(path: string, bytes: number): number {
  const t0 = 1_735_689_600_000;
  const url = 'http://127.0.0.1:8080/firehose';
  const head = [
    {
      format: 'streamscope-recording',
      version: 1,
      app: 'bench',
      created: new Date(t0).toISOString(),
      transport: 'sse',
      request: { url },
      redacted: true,
    },
    { kind: 'state', t: t0, connection: 1, readyState: 0, reason: 'connecting', message: `connecting to ${url}` },
    {
      kind: 'response',
      t: t0 + 1,
      connection: 1,
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
      url,
      redirected: false,
      requestSentAt: t0,
    },
    { kind: 'state', t: t0 + 1, connection: 1, readyState: 1, reason: 'open', message: 'HTTP 200' },
  ];
  const fd = openSync(path, 'w');
  let block = head.map((line) => JSON.stringify(line)).join('\n') + '\n';
  let written = 0;
  let chunks = 0;
  const pad = 'x'.repeat(960);
  while (written + block.length < bytes) {
    let body = '';
    for (let i = 0; i < 16; i++) {
      const id = chunks * 16 + i + 1;
      body += `id: ${id}\ndata: {"n":${id},"sentAt":${t0 + chunks},"pad":"${pad}"}\n\n`;
    }
    const data = Buffer.from(body).toString('base64');
    block += `{"kind":"chunk","t":${t0 + 2 + chunks * 0.05},"connection":1,"data":"${data}"}\n`;
    chunks++;
    if (block.length >= 4 * MiB) {
      written += writeSync(fd, block);
      block = '';
    }
  }
  const end = t0 + 3 + chunks * 0.05;
  block += `${JSON.stringify({ kind: 'state', t: end, connection: 1, readyState: 2, reason: 'stream-ended', message: 'the server ended the stream' })}\n`;
  block += `${JSON.stringify({ kind: 'end', t: end, records: chunks + 4 })}\n`;
  writeSync(fd, block);
  closeSync(fd);
  return chunks * 16;
}

async function benchLargeRecording(runs: number, fileBytes: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-bench-cli-'));
  try {
    const file = join(dir, 'large.ssrec');
    const events = writeLargeRecording(file, fileBytes);
    const size = statSync(file).size;
    const mbps = (ms: number): number => size / 1e6 / (ms / 1000);
    const wc: number[] = [];
    const check: ChildRun[] = [];
    const replay: ChildRun[] = [];
    for (let run = 0; run < runs; run++) {
      const w = await runChild('wc', ['-l', file], true);
      if (Number.parseInt(w.stdout, 10) !== 4 + events / 16 + 2) throw new Error(`wc -l said ${w.stdout.trim()}`);
      wc.push(mbps(w.totalMs));
      const c = await runChild(
        process.execPath,
        [cliBin, 'check', file, '--json', '--expect', `count() = ${events}`],
        true,
      );
      const verdict = JSON.parse(c.stdout) as { ok: boolean };
      if (c.code !== 0 || !verdict.ok) throw new Error(`check failed: ${c.stdout}`);
      check.push(c);
      const r = await runChild(process.execPath, [cliBin, 'replay', file, '--json', '--speed', '0']);
      if (r.code !== 0 || r.lines !== events + 4)
        throw new Error(`replay printed ${r.lines} lines for ${events} events`);
      replay.push(r);
    }
    const wcMbps = median(wc);
    const row = (id: string, name: string, results: ChildRun[]): BenchRow => {
      const rate = median(results.map((r) => mbps(r.totalMs)));
      const peak = Math.max(...results.map((r) => r.peakRss));
      return {
        id,
        name,
        value: `${rate.toFixed(1)} MB/s (×${(rate / wcMbps).toFixed(3)} of wc -l, ${formatRate((events / size) * rate * 1e6)} ev/s); peak RSS ${(peak / MiB).toFixed(0)} MiB`,
        reference: `wc -l ${wcMbps.toFixed(0)} MB/s; file ${(size / 1e6).toFixed(0)} MB, ${formatRate(events)} events`,
        budget: 'RSS ≤ 200 MiB',
        met: peak <= RSS_BUDGET,
        data: {
          megabytesPerSecond: rate,
          wcMegabytesPerSecond: wcMbps,
          ratio: rate / wcMbps,
          peakRssBytes: peak,
          fileBytes: size,
        },
      };
    };
    return [
      row('11b', '`check` over a large recording', check),
      row('11c', '`replay --json --speed 0` over a large recording, into a pipe', replay),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCli(opts: { runs: number; events: number; fileBytes: number }): Promise<BenchRow[]> {
  return [await benchTail(opts.runs, opts.events), ...(await benchLargeRecording(opts.runs, opts.fileBytes))];
}
