/**
 * Row 7 — replay fidelity, as a user of replay gets it. Method: a bench server writes `chunks`
 * small SSE chunks with seeded random gaps of 2–30 ms; the engine records it to a file. Then
 * `streamscope replay <file> --serve` (the built CLI, in a process of its own, as a user runs it)
 * serves that file at speed 1, and a reader standing for the user's app (a process of its own,
 * warmed up: bench/lib/replay-reader.ts) reads it with node:http on 127.0.0.1 and stamps each
 * read. For every recorded chunk we take the arrival time of its last byte (by byte offset, so TCP
 * coalescing cannot shift the pairing) and compare consecutive gaps with the recorded ones:
 * error = |arrival gap − recorded gap|, i.e. what the app sees: the server's pacing, the loopback
 * hop and the reader's wake-ups. p50 / p99 over all gaps, median over runs. Budget p99 ≤ 2 ms.
 * Until 2026-12-01 the server ran in this process, sharing its event loop and heap with the
 * reader (the reader's parsing and collections delayed the server's writes): a setup no user has.
 * Until 2026-12-02 the reader was this process, and collected the heap of the rows run before it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { readRecordingFile } from '../src/core/recording/reader';
import { canSpawnBenchChildren } from './lib/bench-child';
import { engineConsume } from './lib/engine-consumer';
import { gc, median, quantile } from './lib/measure';
import { projectRoot } from './lib/project-root';
import { arrivalTimes, warmReader, type Read } from './lib/replay-reader';
import type { BenchRow } from './lib/table';

function seededGaps(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(2 + (s / 2 ** 32) * 28);
  }
  return out;
}

async function recordGappedStream(file: string, chunks: number, seed: number): Promise<void> {
  const gaps = seededGaps(chunks, seed);
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    let i = 0;
    let timer: NodeJS.Timeout | null = null;
    const next = (): void => {
      res.write(`data: chunk ${i}\n\n`);
      if (++i >= chunks) return void res.end();
      timer = setTimeout(next, gaps[i]);
    };
    next();
    res.on('close', () => timer && clearTimeout(timer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await engineConsume(`http://127.0.0.1:${port}/`, { recordTo: file });
  await new Promise<void>((r) => server.close(() => r()));
}

/** `streamscope replay <file> --serve` in a child process: its URL and a stop. */
async function startReplayProcess(file: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'streamscope.js'), 'replay', file, '--serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => {
    if (stderr.length < 4000) stderr += s;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`streamscope replay --serve printed no URL: ${stderr.trim()}`)),
        20_000,
      );
      child.once('exit', (code) => reject(new Error(`streamscope replay --serve exited (${code}): ${stderr.trim()}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const listening = /^listening (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]!);
        }
      });
    });
    return { url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The replay's reads, by the reader in a process of its own (in-process in the smoke run). */
async function readReplay(url: string): Promise<Read[]> {
  if (!canSpawnBenchChildren()) {
    await warmReader();
    return arrivalTimes(url);
  }
  const child = spawn(process.execPath, [join(dirname(process.argv[1]!), 'replay-reader-child.mjs'), url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s: string) => (out += s));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`replay-reader-child exited with ${code}`);
  return JSON.parse(out) as Read[];
}

export async function benchReplay(opts: { runs: number; chunks: number }): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-bench-replay-'));
  const p50s: number[] = [];
  const p99s: number[] = [];
  try {
    for (let run = 0; run < opts.runs; run++) {
      const file = join(dir, `gaps-${run}.ssrec`);
      await recordGappedStream(file, opts.chunks, 42 + run);
      const recorded = (await readRecordingFile(file)).records.filter((r) => r.kind === 'chunk');
      const server = await startReplayProcess(file);
      // The recording phase is setup: its garbage (the engine's records, the parsed file) is not to
      // be collected on the machine's two cores while the replay runs.
      gc();
      let reads: Read[];
      try {
        reads = await readReplay(server.url);
      } finally {
        await server.stop();
      }
      // Arrival of each recorded chunk's last byte on the replaying side.
      let offset = 0;
      let j = 0;
      const replayedAt: number[] = [];
      for (const chunk of recorded) {
        offset += chunk.bytes.byteLength;
        while (j < reads.length && reads[j]!.end < offset) j++;
        replayedAt.push(reads[Math.min(j, reads.length - 1)]!.t);
      }
      const errors: number[] = [];
      for (let i = 1; i < recorded.length; i++) {
        errors.push(Math.abs(replayedAt[i]! - replayedAt[i - 1]! - (recorded[i]!.t - recorded[i - 1]!.t)));
      }
      p50s.push(quantile(errors, 0.5));
      p99s.push(quantile(errors, 0.99));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const p99 = median(p99s);
  return [
    {
      id: '7',
      name: `replay fidelity (\`replay --serve\` to another process, speed 1, ${opts.chunks} chunks)`,
      value: `gap error p50 ${median(p50s).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (runs ${p99s.map((p) => p.toFixed(2)).join(', ')})`,
      reference: 'recorded gaps 2–30 ms',
      budget: 'p99 ≤ 2 ms',
      met: p99 <= 2,
      data: {
        gapErrorP50: median(p50s),
        gapErrorP99: p99,
        ...Object.fromEntries(p99s.map((p, i) => [`run${i + 1}P99`, p])),
      },
    },
  ];
}
