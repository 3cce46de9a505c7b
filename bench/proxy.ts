/**
 * Row 12 — the Intercept proxy's cost. The proxy runs as the app runs it, in a process of its own
 * (bench/lib/proxy-child.ts): every exchange's records go into a Session (ring, stats,
 * diagnostics), SSE parsed on the side. The client is the bare reference consumer (Node's fetch + eventsource-parser) in every case, so the
 * only difference between the two columns is the proxy in the path. Method:
 * - 12a latency: the paced server writes one event every 1 ms carrying its write time; the client
 *   stamps each read; latency = read stamp − write time, direct and through the proxy, same run.
 *   Budget: p99 through the proxy ≤ direct p99 + 1 ms.
 * - 12b throughput: the demo firehose (~100 B events, rate=0: as fast as back-pressure allows),
 *   events per second read by the client, direct and through the proxy. Budget ≥ 0.8 × direct.
 *   Also shown: the share of the events the proxy's Sessions got (parsing has a bounded share of
 *   the proxy's time; what it skips is counted in the session, see src/core/proxy/inspection.ts).
 * - 12a and 12b: each column first carries a short warm-up stream that is not counted. A third
 *   column, a proxy that only forwards (bench/lib/bare-proxy.ts, in its own process too), shows
 *   what any Node proxy on the path costs here: the floor the real one is compared with.
 * - 12c memory: 1,000 sequential proxied requests (a short SSE answer each, one Session per
 *   request, dropped when done as the CLI does); heap after GC at request 100 and at 1,000.
 *   Budget: growth ≤ 2 MiB (flat: nothing kept per finished request).
 * Caveat: 2 cores are shared by the upstream and the client (this process) and the proxy (the
 * child): on a busier machine every column slows down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemoServer } from '../src/core/demo/server';
import { startProxyServer } from '../src/core/proxy/server';
import { intoSessions, parsedEvents, startProxyChild } from './lib/proxy-child';
import { startBareProxy } from './lib/bare-proxy';
import { bareConsume, type BareResult } from './lib/bare-consumer';
import { gc, median, quantile, formatRate } from './lib/measure';
import { sentAtValues, startPacedServer } from './lib/paced-server';
import type { BenchRow } from './lib/table';

/**
 * The proxy in its own process (12a, 12b; 12c runs it here, to read its heap). The smoke run in
 * `npm test` is not the bench bundle and cannot start it again: it runs the proxy here.
 */
type Via = 'direct' | 'bare' | 'proxy';

async function proxyTo(upstream: string, bare: boolean): Promise<{ url: string; close(): Promise<number> }> {
  if (process.argv[1]?.endsWith('bench/index.mjs')) return startProxyChild(upstream, bare);
  if (bare) return startBareProxy(upstream);
  const proxy = await startProxyServer({ upstream, observe: intoSessions });
  const before = parsedEvents;
  return { url: proxy.url, close: () => proxy.close().then(() => parsedEvents - before) };
}

/**
 * Each column first carries a short warm-up stream, not counted: a proxy is a long-running
 * process, and the first request through a fresh one pays for compiling its code (tens of ms).
 */
async function latency(count: number, via: Via): Promise<number[]> {
  const server = await startPacedServer({ count, intervalMs: 1 });
  const proxy = via === 'direct' ? null : await proxyTo(server.url, via === 'bare');
  const lat: number[] = [];
  try {
    const url = proxy ? `${proxy.url}/` : server.url;
    await bareConsume(`${url}?count=${Math.min(count, 200)}`);
    await bareConsume(url, (t, text) => {
      for (const s of sentAtValues(text)) lat.push(t - s);
    });
  } finally {
    await proxy?.close();
    await server.close();
  }
  return lat;
}

/** Events per second the client read, and the share of them the proxy's Sessions got. */
async function throughput(demoUrl: string, events: number, via: Via): Promise<{ rate: number; parsed: number }> {
  const path = (count: number): string => `/scenarios/firehose?rate=0&count=${count}&duration=120`;
  const proxy = via === 'direct' ? null : await proxyTo(demoUrl, via === 'bare');
  const base = proxy ? proxy.url : demoUrl;
  let read = 0;
  let result: BareResult;
  try {
    read += (await bareConsume(`${base}${path(Math.min(events, 20_000))}`)).events;
    result = await bareConsume(`${base}${path(events)}`);
    read += result.events;
  } catch (err) {
    await proxy?.close().catch(() => 0);
    throw err;
  }
  const parsed = proxy ? await proxy.close() : read;
  return { rate: result.events / (result.ms / 1000), parsed: parsed / read };
}

async function sequentialMemory(requests: number): Promise<{ at100: number; atEnd: number }> {
  const upstream = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('id: 1\ndata: {"n":1}\n\nid: 2\ndata: {"n":2}\n\n');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const proxy = await startProxyServer({
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    observe: intoSessions,
  });
  const agent = new http.Agent({ keepAlive: true });
  let at100 = 0;
  try {
    for (let i = 1; i <= requests; i++) {
      await new Promise<void>((resolve, reject) => {
        http
          .get(`${proxy.url}/events/${i}`, { agent }, (res) => {
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      });
      if (i === Math.min(100, requests)) {
        gc();
        at100 = process.memoryUsage().heapUsed;
      }
    }
    gc();
    return { at100, atEnd: process.memoryUsage().heapUsed };
  } finally {
    agent.destroy();
    await proxy.close();
    await new Promise<void>((r) => upstream.close(() => r()));
  }
}

export async function benchProxy(opts: {
  runs: number;
  latencyEvents: number;
  firehoseEvents: number;
  requests: number;
}): Promise<BenchRow[]> {
  const p50 = { direct: [] as number[], bare: [] as number[], proxy: [] as number[] };
  const p99 = { direct: [] as number[], bare: [] as number[], proxy: [] as number[] };
  const rate = { direct: [] as number[], bare: [] as number[], proxy: [] as number[] };
  const parsed: number[] = [];
  const demo = await startDemoServer({ port: 0 });
  try {
    for (let run = 0; run < opts.runs; run++) {
      for (const via of ['direct', 'bare', 'proxy'] as const) {
        const lat = await latency(opts.latencyEvents, via);
        p50[via].push(quantile(lat, 0.5));
        p99[via].push(quantile(lat, 0.99));
        const firehose = await throughput(demo.url, opts.firehoseEvents, via);
        rate[via].push(firehose.rate);
        if (via === 'proxy') parsed.push(firehose.parsed);
      }
    }
  } finally {
    await demo.close();
  }
  const memory = await sequentialMemory(opts.requests);
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const growth = memory.atEnd - memory.at100;
  const [d50, d99, x50, x99] = [median(p50.direct), median(p99.direct), median(p50.proxy), median(p99.proxy)];
  const ratio = median(rate.proxy) / median(rate.direct);
  const [b50, b99, bareRate] = [median(p50.bare), median(p99.bare), median(rate.bare)];
  return [
    {
      id: '12a',
      name: 'proxy: added latency per chunk (write → client read)',
      value: `p50 ${x50.toFixed(2)} / p99 ${x99.toFixed(2)} ms (${x99 >= d99 ? '+' : '−'}${Math.abs(x99 - d99).toFixed(2)} ms at p99)`,
      reference: `direct p50 ${d50.toFixed(2)} / p99 ${d99.toFixed(2)} ms; a proxy that only forwards p50 ${b50.toFixed(2)} / p99 ${b99.toFixed(2)} ms`,
      budget: 'p99 ≤ direct + 1 ms',
      met: x99 <= d99 + 1,
      data: { proxyP50: x50, proxyP99: x99, directP50: d50, directP99: d99, bareP50: b50, bareP99: b99 },
    },
    {
      id: '12b',
      name: 'proxy: throughput, 100 B-event firehose',
      // What the speed costs: the share of events the Sessions got (the rest counted as not shown).
      value: `${formatRate(median(rate.proxy))} ev/s (×${ratio.toFixed(2)}), ${(median(parsed) * 100).toFixed(0)} % of events parsed`,
      reference: `direct ${formatRate(median(rate.direct))} ev/s; a proxy that only forwards ${formatRate(bareRate)} ev/s (×${(bareRate / median(rate.direct)).toFixed(2)})`,
      budget: '≥ 0.8 × direct',
      met: ratio >= 0.8,
      data: {
        proxyEventsPerSecond: median(rate.proxy),
        directEventsPerSecond: median(rate.direct),
        bareEventsPerSecond: bareRate,
        ratio,
        parsedShare: median(parsed),
      },
    },
    {
      id: '12c',
      name: `proxy: heap over ${opts.requests} sequential requests`,
      value: `${mib(memory.at100)} → ${mib(memory.atEnd)}`,
      reference: 'heap after request 100',
      budget: 'flat (≤ +2 MiB)',
      met: growth <= 2 * 1024 * 1024,
      data: { heapAt100: memory.at100, heapAtEnd: memory.atEnd, growth },
    },
  ];
}
