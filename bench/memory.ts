/**
 * Row 6 — memory. Method:
 * - bytes per retained record: decode a firehose-shaped byte stream (~100 B events, 16 KiB reads,
 *   as the engine sees them) through the real SSE decoder into a Session whose ring holds 100,000
 *   records; force GC before and after; (heap after − heap before) / records retained. The
 *   reference is the wire size of the same records. Budget ≤ 300 B.
 * - RSS flat: stream 1,000,000 events from the demo firehose over HTTP through the engine into a
 *   100k-record Session; sample RSS after GC at every 100k records once the ring is full. Budget:
 *   RSS at the end within 10 % (and 32 MiB) of RSS when the ring first filled.
 */
import { createSession } from '../src/core/session/session';
import { createSseDecoder } from '../src/core/sse/decoder';
import { startDemoServer } from '../src/core/demo/server';
import { engineConsume } from './lib/engine-consumer';
import { gc, median } from './lib/measure';
import type { BenchRow } from './lib/table';

function firehoseBytes(events: number): Uint8Array {
  let text = '';
  const sentAt = Date.now();
  for (let id = 0; id < events; id++)
    text += `id: ${id}\ndata: {"n":${id},"sentAt":${sentAt},"pad":"${'x'.repeat(39)}"}\n\n`;
  return new TextEncoder().encode(text);
}

function retainedBytesPerRecord(capacity: number): { perRecord: number; wirePerRecord: number } {
  const bytes = firehoseBytes(Math.ceil(capacity * 1.02));
  gc();
  const before = process.memoryUsage().heapUsed;
  const session = createSession({
    id: 'm',
    transport: 'sse',
    source: 'live',
    title: 'm',
    request: { url: 'http://127.0.0.1/' },
    capacity,
  });
  const decoder = createSseDecoder(session.sink);
  let t = performance.timeOrigin + performance.now();
  for (let i = 0; i < bytes.byteLength && session.ring.size < capacity; i += 16 * 1024) {
    // Copy like a socket read does, so chunk records own their bytes.
    decoder.push(bytes.slice(i, i + 16 * 1024), (t += 0.01), 1);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  const retained = session.ring.size;
  // Chunk bytes live in ArrayBuffers outside the JS heap; count them as part of the cost.
  let external = 0;
  for (let seq = session.ring.firstSeq; seq < session.ring.nextSeq; seq++) {
    const r = session.ring.get(seq);
    if (r?.kind === 'chunk') external += r.bytes.byteLength;
  }
  const perRecord = (after - before + external) / retained;
  session.close();
  return { perRecord, wirePerRecord: bytes.byteLength / (capacity * 1.02) };
}

export async function benchMemory(opts: { runs: number; events: number; capacity: number }): Promise<BenchRow[]> {
  const samples: number[] = [];
  let wire = 0;
  for (let run = 0; run < opts.runs; run++) {
    const r = retainedBytesPerRecord(opts.capacity);
    samples.push(r.perRecord);
    wire = r.wirePerRecord;
  }
  const perRecord = median(samples);

  const demo = await startDemoServer({ port: 0 });
  const rss: number[] = [];
  let events: number;
  const step = Math.max(1, Math.floor(opts.events / 10));
  let nextSample = Math.max(step, opts.capacity);
  try {
    const result = await engineConsume(`${demo.url}/scenarios/firehose?rate=0&count=${opts.events}&duration=120`, {
      capacity: opts.capacity,
      // Sampled between reads, so the session takes each read's events as the app's does.
      onRead: (records) => {
        if (records < nextSample) return;
        nextSample += step;
        gc();
        rss.push(process.memoryUsage().rss);
      },
    });
    events = result.events;
  } finally {
    await demo.close();
  }
  const first = rss[0] ?? NaN;
  const last = rss[rss.length - 1] ?? NaN;
  const growth = last - first;
  const flat = growth <= Math.max(0.1 * first, 32 * 1024 * 1024);
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  return [
    {
      id: '6a',
      name: 'memory per retained record',
      value: `${perRecord.toFixed(0)} B`,
      reference: `wire ${wire.toFixed(0)} B/event`,
      budget: '≤ 300 B',
      met: perRecord <= 300,
      data: { bytesPerRecord: perRecord, wireBytesPerEvent: wire },
    },
    {
      id: '6b',
      name: `RSS, ${events.toLocaleString('en')} events through a ${opts.capacity.toLocaleString('en')} ring`,
      value: `${mib(first)} when full → ${mib(last)} at end`,
      reference: '',
      budget: 'flat (≤ +10 %)',
      met: flat,
      data: { rssWhenFull: first, rssAtEnd: last, events },
    },
  ];
}
