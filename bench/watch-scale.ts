/**
 * Row 9 — `streamscope watch` at scale. Method: the demo server (in this process) serves N classic
 * SSE streams at 1 event/s each (statuses off, no end); the built CLI runs `watch` in a child
 * process on a config of those N streams. Every 10 s (1 s in quick mode) the child's RSS is read
 * from /proc; its CPU time (utime + stime) is read at the end of the warm-up and at the end.
 * Then the demo server ends every stream, the watcher's /metrics is scraped once it settled, and
 * the sum of `streamscope_events_total` is compared with the demo's own count of events sent.
 * Budgets: RSS at the end ≤ 1.1 × RSS after warm-up; 0 events lost. CPU per stream is reported.
 * The full row (1,000 streams, 10 minutes) runs only when asked: `npm run bench -- --only 9`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../src/core/demo/server';
import type { BenchRow } from './lib/table';

export interface WatchScaleOptions {
  streams: number;
  durationMs: number;
  warmupMs: number;
  sampleMs: number;
  log?: (line: string) => void;
}

const CLK_TCK = 100;

function procStat(pid: number): { cpuMs: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuTicks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuMs: (cpuTicks * 1000) / CLK_TCK, rssBytes: rssKb * 1024 };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function benchWatchScale(options: WatchScaleOptions): Promise<BenchRow[]> {
  const log = options.log ?? (() => undefined);
  const demo = await startDemoServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-bench-watch-'));
  const streams = Array.from({ length: options.streams }, (_, i) => ({
    name: `s${i}`,
    url: `${demo.url}/sse?interval=1000&statusInterval=3600000&duration=86400`,
    stallAfter: 30,
  }));
  writeFileSync(join(dir, 'watch.json'), JSON.stringify({ streams }));
  const child = spawn(
    process.execPath,
    [join(process.cwd(), 'bin', 'streamscope.js'), 'watch', join(dir, 'watch.json'), '--listen', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const metricsUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^listening (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', () => reject(new Error(`watch exited early: ${out}`)));
    });
    const pid = child.pid!;
    const started = Date.now();
    await sleep(options.warmupMs);
    const warm = procStat(pid);
    const warmAt = Date.now();
    const rss: number[] = [warm.rssBytes];
    while (Date.now() - started < options.durationMs) {
      await sleep(Math.min(options.sampleMs, Math.max(0, options.durationMs - (Date.now() - started))));
      rss.push(procStat(pid).rssBytes);
      log(
        `  watch scale: ${((Date.now() - started) / 1000).toFixed(0)} s, RSS ${(rss.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
      );
    }
    const end = procStat(pid);
    const measuredS = (Date.now() - warmAt) / 1000;

    // End every stream, then wait until the watcher's count stops moving.
    await demo.close();
    const sent = demo.metrics().messagesSent;
    let received = -1;
    for (let settled = 0; settled < 3;) {
      await sleep(300);
      const body = await (await fetch(metricsUrl)).text();
      const total = body
        .split('\n')
        .filter((l) => l.startsWith('streamscope_events_total{'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
      settled = total === received ? settled + 1 : 0;
      received = total;
    }
    const cpuPerStreamPct = ((end.cpuMs - warm.cpuMs) / (measuredS * 1000) / options.streams) * 100;
    const growth = rss.at(-1)! / rss[0]!;
    const lost = sent - received;
    const label = `${options.streams.toLocaleString('en-US')} streams × 1 ev/s, ${(options.durationMs / 60_000).toFixed(1)} min`;
    return [
      {
        id: '9a',
        name: `watch: CPU per stream (${label})`,
        value: `${cpuPerStreamPct.toFixed(3)} % of a core`,
        reference: `${(((end.cpuMs - warm.cpuMs) / (measuredS * 1000)) * 100).toFixed(1)} % in all`,
        budget: '',
        met: null,
        data: { cpuPerStreamPct, streams: options.streams },
      },
      {
        id: '9b',
        name: `watch: RSS after warm-up → end (${label})`,
        value: `${(rss[0]! / 2 ** 20).toFixed(1)} → ${(rss.at(-1)! / 2 ** 20).toFixed(1)} MiB (×${growth.toFixed(3)})`,
        reference: '',
        budget: '≤ ×1.10',
        met: growth <= 1.1,
        data: { rssFirst: rss[0]!, rssLast: rss.at(-1)!, growth },
      },
      {
        id: '9c',
        name: `watch: events lost (${label})`,
        value: `${lost} of ${sent.toLocaleString('en-US')}`,
        reference: 'demo /metrics messagesSent',
        budget: '0',
        met: lost === 0,
        data: { sent, received, lost },
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    await demo.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
