/**
 * Rows 2–4. Method:
 * - 2 (engine ingest): the demo server's firehose (~100 B events, as fast as backpressure allows,
 *   `count` events) read by the full engine into a Session (ring buffer, stats, batcher with a
 *   subscriber, and the diagnostic rules every session runs) vs the bare consumer (fetch +
 *   eventsource-parser counting events) on the same server, alternating, median of `runs` each.
 *   Ratio of events/s. Budget ≥ 0.5. Row 2b is the same without the diagnostic rules, to show
 *   what they cost.
 * - 3 (recording on): the same with the recorder writing every chunk to a temp file; the file is
 *   read back and its chunk bytes hashed against what the engine received. Budget ≥ 0.4.
 * - 4 (added latency): a paced server in this process stamps each write on the same clock; the
 *   engine's chunk arrival stamp vs the bare consumer's read stamp. Budget: p99 ≤ reference + 1 ms.
 * Server and client share this process and the machine's 2 cores, as the app's demo server does.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '../src/core/demo/server';
import { readRecordingFile } from '../src/core/recording/reader';
import { bareConsume } from './lib/bare-consumer';
import { engineConsume } from './lib/engine-consumer';
import { median, quantile, formatRate } from './lib/measure';
import { startPacedServer, sentAtValues } from './lib/paced-server';
import type { BenchRow } from './lib/table';

export async function benchIngest(opts: { runs: number; events: number }): Promise<BenchRow[]> {
  const demo = await startDemoServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'streamscope-bench-'));
  try {
    const url = `${demo.url}/scenarios/firehose?rate=0&count=${opts.events}&duration=60`;
    const bare: number[] = [];
    const engine: number[] = [];
    const recording: number[] = [];
    const withoutRules: number[] = [];
    let exact = true;
    await bareConsume(url); // warm-up
    for (let run = 0; run < opts.runs; run++) {
      const b = await bareConsume(url);
      bare.push((b.events / b.ms) * 1000);
      const e = await engineConsume(url);
      if (e.events !== opts.events) throw new Error(`engine saw ${e.events} of ${opts.events} events`);
      engine.push((e.events / e.ms) * 1000);
      const n = await engineConsume(url, { diagnostics: false });
      withoutRules.push((n.events / n.ms) * 1000);
      const file = join(dir, `run-${run}.ssrec`);
      const r = await engineConsume(url, { recordTo: file });
      recording.push((r.events / r.ms) * 1000);
      const loaded = await readRecordingFile(file);
      const hash = createHash('sha256');
      for (const rec of loaded.records) if (rec.kind === 'chunk') hash.update(rec.bytes);
      if (hash.digest('hex') !== r.sha256) exact = false;
    }
    const bareMed = median(bare);
    const engineRatio = median(engine) / bareMed;
    const recRatio = median(recording) / bareMed;
    const latency = await benchLatency(opts);
    return [
      {
        id: '2',
        name: 'engine ingest (firehose → Session)',
        value: `${formatRate(median(engine))} ev/s (×${engineRatio.toFixed(2)})`,
        reference: `bare ${formatRate(bareMed)} ev/s`,
        budget: '≥ 0.5 × bare',
        met: engineRatio >= 0.5,
        data: { engineEventsPerSecond: median(engine), bareEventsPerSecond: bareMed, ratio: engineRatio },
      },
      {
        id: '2b',
        name: 'engine ingest without the diagnostic rules',
        value: `${formatRate(median(withoutRules))} ev/s (×${(median(withoutRules) / bareMed).toFixed(2)})`,
        reference: `bare ${formatRate(bareMed)} ev/s`,
        budget: '',
        met: null,
        data: { eventsPerSecond: median(withoutRules), ratio: median(withoutRules) / bareMed },
      },
      {
        id: '3',
        name: 'ingest with recording on',
        value: `${formatRate(median(recording))} ev/s (×${recRatio.toFixed(2)}), file ${exact ? 'byte-exact' : 'NOT byte-exact'}`,
        reference: `bare ${formatRate(bareMed)} ev/s`,
        budget: '≥ 0.4 × bare, byte-exact',
        met: recRatio >= 0.4 && exact,
        data: { recordingEventsPerSecond: median(recording), ratio: recRatio, byteExact: exact ? 1 : 0 },
      },
      latency,
    ];
  } finally {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchLatency(opts: { runs: number; events: number }): Promise<BenchRow> {
  const count = Math.min(2000, Math.max(200, Math.floor(opts.events / 50)));
  const engineP50: number[] = [];
  const engineP99: number[] = [];
  const bareP50: number[] = [];
  const bareP99: number[] = [];
  for (let run = 0; run < opts.runs; run++) {
    {
      const server = await startPacedServer({ count, intervalMs: 1 });
      const lat: number[] = [];
      await bareConsume(server.url, (t, text) => {
        for (const s of sentAtValues(text)) lat.push(t - s);
      });
      await server.close();
      bareP50.push(quantile(lat, 0.5));
      bareP99.push(quantile(lat, 0.99));
    }
    {
      const server = await startPacedServer({ count, intervalMs: 1 });
      const lat: number[] = [];
      const decoder = new TextDecoder();
      await engineConsume(server.url, {
        onRecord: (r) => {
          if (r.kind === 'chunk')
            for (const s of sentAtValues(decoder.decode(r.bytes, { stream: true }))) lat.push(r.t - s);
        },
      });
      await server.close();
      engineP50.push(quantile(lat, 0.5));
      engineP99.push(quantile(lat, 0.99));
    }
  }
  const e99 = median(engineP99);
  const b99 = median(bareP99);
  return {
    id: '4a',
    name: 'added latency: server write → arrival stamp',
    value: `p50 ${median(engineP50).toFixed(2)} ms, p99 ${e99.toFixed(2)} ms`,
    reference: `bare p50 ${median(bareP50).toFixed(2)} ms, p99 ${b99.toFixed(2)} ms`,
    budget: 'p99 ≤ bare + 1 ms',
    met: e99 <= b99 + 1,
    data: { engineP50: median(engineP50), engineP99: e99, bareP50: median(bareP50), bareP99: b99 },
  };
}
