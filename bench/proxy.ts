/**
 * Row 12 — the Intercept proxy's cost. Three processes, laid out as a user's are: the upstream
 * (the demo and paced servers, bench/lib/upstream-child.ts), the proxy (bench/lib/proxy-child.ts)
 * and the client (this process: the bare reference consumer, Node's fetch + eventsource-parser).
 * The same upstream process serves every column; the columns differ only in what is on the path:
 * - direct: client → upstream;
 * - a TCP pipe (bench/lib/bare-proxy.ts, a process of its own; 12a only): reads no HTTP, splices
 *   bytes: what one more process on the path costs here, whatever the proxy does;
 * - a proxy that only forwards (same file and process layout): what any Node HTTP proxy on the
 *   path costs here, the floor the real one is compared with;
 * - the proxy, as the app runs it: every exchange's records go into a Session (ring, stats,
 *   diagnostics), SSE parsed on the side.
 * Why the upstream is not in the bench process: a user's app and the server it streams from are
 * never one process. With both here (the method before 2026-12-01 12:00), "direct" handed each
 * chunk from server to client inside one event loop, without the process wake-up any real
 * connection pays, and gave server and client one core between them; the proxy column paid both.
 * Method:
 * - 12a latency: the paced server writes one event every 1 ms carrying its write time on the
 *   system's monotonic clock (shared by every process); the client stamps each read on the same
 *   clock; latency = read stamp − write time, direct and through the proxy, same run.
 *   Budget: p99 through the proxy ≤ direct p99 + 1 ms.
 * - 12b throughput: the demo firehose (~100 B events, rate=0: as fast as back-pressure allows),
 *   events per second read by the client, direct and through the proxy. Budget ≥ 0.8 × direct.
 *   Also shown: the share of the events the proxy's Sessions got (parsing has a bounded share of
 *   the proxy's time; what it skips is counted in the session, see src/core/proxy/inspection.ts).
 * - 12a and 12b: each column first carries a short warm-up stream that is not counted.
 * - 12c memory: 1,000 sequential proxied requests (a short SSE answer each, one Session per
 *   request, dropped when done as the CLI does); heap after GC at request 100 and at 1,000.
 *   Budget: growth ≤ 2 MiB (flat: nothing kept per finished request).
 * Everything listens on 127.0.0.1. Caveat: on 2 cores, the proxy columns run three busy processes
 * where direct runs two; on a busier machine every column slows down, the proxy's most.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProxyServer } from '../src/core/proxy/server';
import { canSpawnBenchChildren } from './lib/bench-child';
import { intoSessions, parsedEvents, startProxyChild, type ProxyKind } from './lib/proxy-child';
import { startBareProxy, startPipeProxy } from './lib/bare-proxy';
import { bareConsume, type BareResult } from './lib/bare-consumer';
import { gc, median, monotonicMs, quantile, formatRate } from './lib/measure';
import { sentAtValues } from './lib/paced-server';
import { startBenchUpstream, type BenchUpstream } from './lib/upstream-child';
import type { BenchRow } from './lib/table';

/**
 * The proxy in its own process (12a, 12b; 12c runs it here, to read its heap). The smoke run in
 * `npm test` is not the bench bundle and cannot start it again: it runs the proxy here.
 */
type Via = 'direct' | ProxyKind;

async function proxyTo(upstream: string, kind: ProxyKind): Promise<{ url: string; close(): Promise<number> }> {
  if (canSpawnBenchChildren()) return startProxyChild(upstream, kind);
  if (kind === 'bare') return startBareProxy(upstream);
  if (kind === 'pipe') return startPipeProxy(upstream);
  const proxy = await startProxyServer({ upstream, observe: intoSessions });
  const before = parsedEvents;
  return { url: proxy.url, close: () => proxy.close().then(() => parsedEvents - before) };
}

/**
 * Each column first carries a short warm-up stream, not counted: a proxy is a long-running
 * process, and the first request through a fresh one pays for compiling its code (tens of ms).
 */
async function latency(upstream: BenchUpstream, count: number, via: Via): Promise<number[]> {
  const proxy = via === 'direct' ? null : await proxyTo(upstream.pacedUrl, via);
  const lat: number[] = [];
  try {
    const url = proxy ? `${proxy.url}/` : upstream.pacedUrl;
    await bareConsume(`${url}?count=${Math.min(count, 200)}`);
    await bareConsume(
      url,
      (t, text) => {
        for (const s of sentAtValues(text)) lat.push(t - s);
      },
      monotonicMs,
    );
  } finally {
    await proxy?.close();
  }
  return lat;
}

/** Events per second the client read, and the share of them the proxy's Sessions got. */
async function throughput(
  upstream: BenchUpstream,
  events: number,
  via: Via,
): Promise<{ rate: number; parsed: number }> {
  const path = (count: number): string => `/scenarios/firehose?rate=0&count=${count}&duration=120`;
  const proxy = via === 'direct' ? null : await proxyTo(upstream.demoUrl, via);
  const base = proxy ? proxy.url : upstream.demoUrl;
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
  const columns = (): Record<Via, number[]> => ({ direct: [], pipe: [], bare: [], proxy: [] });
  const [p50, p99, rate] = [columns(), columns(), columns()];
  const parsed: number[] = [];
  const upstream = await startBenchUpstream(opts.latencyEvents);
  try {
    for (let run = 0; run < opts.runs; run++) {
      for (const via of ['direct', 'pipe', 'bare', 'proxy'] as const) {
        const lat = await latency(upstream, opts.latencyEvents, via);
        p50[via].push(quantile(lat, 0.5));
        p99[via].push(quantile(lat, 0.99));
        // The demo server refuses a Host header that is not its own (DNS rebinding), and a pipe
        // forwards the client's unchanged: the pipe has a latency column only.
        if (via === 'pipe') continue;
        const firehose = await throughput(upstream, opts.firehoseEvents, via);
        rate[via].push(firehose.rate);
        if (via === 'proxy') parsed.push(firehose.parsed);
      }
    }
  } finally {
    await upstream.close();
  }
  const memory = await sequentialMemory(opts.requests);
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const growth = memory.atEnd - memory.at100;
  const [d50, d99, x50, x99] = [median(p50.direct), median(p99.direct), median(p50.proxy), median(p99.proxy)];
  const ratio = median(rate.proxy) / median(rate.direct);
  const [b50, b99, bareRate] = [median(p50.bare), median(p99.bare), median(rate.bare)];
  const [t50, t99] = [median(p50.pipe), median(p99.pipe)];
  return [
    {
      id: '12a',
      name: 'proxy: added latency per chunk (write → client read)',
      value: `p50 ${x50.toFixed(2)} / p99 ${x99.toFixed(2)} ms (${x99 >= d99 ? '+' : '−'}${Math.abs(x99 - d99).toFixed(2)} ms at p99)`,
      reference: `direct p50 ${d50.toFixed(2)} / p99 ${d99.toFixed(2)} ms; a proxy that only forwards p50 ${b50.toFixed(2)} / p99 ${b99.toFixed(2)} ms; a TCP pipe p50 ${t50.toFixed(2)} / p99 ${t99.toFixed(2)} ms`,
      budget: 'p99 ≤ direct + 1 ms',
      met: x99 <= d99 + 1,
      data: {
        proxyP50: x50,
        proxyP99: x99,
        directP50: d50,
        directP99: d99,
        bareP50: b50,
        bareP99: b99,
        pipeP50: t50,
        pipeP99: t99,
      },
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
