// The watch service against the real demo server: what /metrics, /streams and /healthz say, checked
// by promtool where the format matters, and the OTLP push received by a plain HTTP receiver.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { parseWatchConfig } from '../../../src/core/watch/config';
import { createOtlpMetrics } from '../../../src/core/watch/otlp';
import { startWatchService, type WatchService } from '../../../src/core/watch/watch-service';
import { until } from '../../support/wait';

/** Polls the watch service at its old pace (every 50 ms, up to 8 s): each scrape is a request. */
const untilWatched = <T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 8000,
): Promise<T> => until(what, probe, timeoutMs);

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function demo(): Promise<DemoServer> {
  const server = await startDemoServer({ port: 0 });
  open.push(server);
  return server;
}

function configFor(streams: unknown[]): ReturnType<typeof parseWatchConfig> {
  return parseWatchConfig(JSON.stringify({ streams }), 'watch.json', { TOKEN: 'tok-secret-1' });
}

async function watch(options: Parameters<typeof startWatchService>[0]): Promise<WatchService> {
  const service = await startWatchService({ port: 0, tickMs: 50, ...options });
  open.push(service);
  return service;
}

async function scrape(service: WatchService, accept?: string): Promise<{ type: string; body: string }> {
  const res = await fetch(`${service.url}/metrics`, accept ? { headers: { accept } } : {});
  return { type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** The value of one sample line, e.g. sample(body, 'streamscope_events_total{stream="a",type="message"}'). */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('watch service', () => {
  it('counts events, bytes and latency of a live stream, and promtool accepts the exposition', async () => {
    const server = await demo();
    const service = await watch({
      config: configFor([
        { name: 'classic', url: `${server.url}/sse?interval=40&statusInterval=100`, headers: { 'X-Key': '${TOKEN}' } },
      ]),
    });
    const events = await untilWatched('three messages', async () => {
      const n = sample((await scrape(service)).body, 'streamscope_events_total{stream="classic",type="message"}');
      return n !== undefined && n >= 3 ? n : undefined;
    });
    const { type, body } = await scrape(service);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, 'streamscope_stream_up{stream="classic"}')).toBe(1);
    expect(sample(body, 'streamscope_stream_ready_state{stream="classic"}')).toBe(1);
    expect(sample(body, 'streamscope_bytes_total{stream="classic"}')).toBeGreaterThan(100);
    expect(sample(body, 'streamscope_event_latency_seconds_count{stream="classic"}')).toBeGreaterThanOrEqual(events);
    expect(sample(body, 'streamscope_inter_arrival_seconds_count{stream="classic"}')).toBeGreaterThan(0);
    expect(sample(body, 'streamscope_reconnects_total{stream="classic"}')).toBe(0);
    expect(sample(body, 'streamscope_open_streams')).toBe(1);
    expect(body).toMatch(/^process_resident_memory_bytes \d+/m);
    // The counters keep rising while the stream runs.
    await untilWatched('more events', async () => {
      const n = sample((await scrape(service)).body, 'streamscope_events_total{stream="classic",type="message"}');
      return n !== undefined && n > events ? n : undefined;
    });

    // promtool exits non-zero on a format error and prints lint findings: both fail the test.
    const out = execFileSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
    expect(out.trim()).toBe('');
    const streams = await (await fetch(`${service.url}/streams`)).text();
    expect(streams).not.toContain('tok-secret-1');
    expect(JSON.parse(streams).streams[0]).toMatchObject({ name: 'classic', up: true, readyState: 1, connections: 1 });
    expect(await (await fetch(`${service.url}/healthz`)).json()).toEqual({ ok: true, streams: 1, up: 1 });
  });

  it('serves OpenMetrics when asked, with counters named as the format wants', async () => {
    const server = await demo();
    const service = await watch({ config: configFor([{ name: 'a', url: `${server.url}/sse?interval=30` }]) });
    await untilWatched('an event', () => service.reports()[0]!.events > 0 || undefined);
    const open = await scrape(service, 'application/openmetrics-text; version=1.0.0,text/plain;q=0.5');
    expect(open.type).toMatch(/^application\/openmetrics-text/);
    expect(open.body).toMatch(/^# TYPE streamscope_events counter$/m);
    expect(open.body).toMatch(/^streamscope_events_total\{stream="a",type="message"\} \d+$/m);
    expect(open.body.endsWith('# EOF\n')).toBe(true);
    // Rendering OpenMetrics must not rename the classic format's counters.
    const classic = await scrape(service);
    expect(classic.body).toMatch(/^# TYPE streamscope_events_total counter$/m);
  });

  it('counts a stall, errors and reconnects, and judges assertions per window', async () => {
    const server = await demo();
    const service = await watch({
      watcher: { backoffMs: 50, maxBackoffMs: 100 },
      config: configFor([
        // One welcome event, then silence: a stall after 0.3 s.
        {
          name: 'quiet',
          url: `${server.url}/sse?interval=600000`,
          stallAfter: 0.3,
          expect: ['count(type=message) >= 1000', 'status = 200'],
          expectWindow: 0.5,
        },
        // A 500 every time: the engine closes for good and the watcher starts it again.
        { name: 'broken', url: `${server.url}/scenarios/status-500` },
      ]),
    });
    await untilWatched('a stall', () => (service.reports()[0]!.stalled ? true : undefined));
    await untilWatched('a window verdict', () =>
      service.reports()[0]!.assertions[0]!.ok === false ? true : undefined,
    );
    await untilWatched('two reconnects', () => (service.reports()[1]!.reconnects >= 2 ? true : undefined));
    const { body } = await scrape(service);
    expect(sample(body, 'streamscope_stalls_total{stream="quiet"}')).toBe(1);
    expect(sample(body, 'streamscope_assertion_ok{stream="quiet",assertion="count(type=message) >= 1000"}')).toBe(0);
    expect(sample(body, 'streamscope_assertion_ok{stream="quiet",assertion="status = 200"}')).toBe(1);
    expect(sample(body, 'streamscope_errors_total{stream="broken",code="http-status"}')).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'streamscope_reconnects_total{stream="broken"}')).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'streamscope_stream_up{stream="broken"}')).toBe(0);
    expect(service.reports()[1]!.lastError).toMatchObject({ code: 'http-status' });
  });

  it("counts the engine's own reconnects as connections too: connections = reconnects + 1", async () => {
    const server = await demo();
    const service = await watch({
      // The scenario ends its response every 2 events and asks for a 500 ms retry: EventSource
      // reconnects (with Last-Event-ID) without the watcher having to start the stream again.
      config: configFor([{ name: 'resuming', url: `${server.url}/scenarios/disconnect?after=2&count=1000` }]),
    });
    await untilWatched('two reconnects', () => (service.reports()[0]!.reconnects >= 2 ? true : undefined));
    const streams = (await (await fetch(`${service.url}/streams`)).json()) as {
      streams: Array<{ connections: number; reconnects: number }>;
    };
    const [report] = streams.streams;
    expect(report!.connections).toBe(report!.reconnects + 1);
  });

  it('follows an NDJSON stream (framing by content type), restarting it each time it ends', async () => {
    const server = await demo();
    const service = await watch({
      watcher: { backoffMs: 50, maxBackoffMs: 50 },
      config: configFor([
        { name: 'ollama', url: `${server.url}/api/chat?delay=1`, method: 'POST', body: '{"model":"m"}' },
      ]),
    });
    // Each reply ends the body; the watcher asks again (the engine's reconnect, 3 s by default).
    const report = await untilWatched(
      'a second NDJSON reply',
      () => {
        const r = service.reports()[0]!;
        return r.reconnects >= 1 && r.events > 13 ? r : undefined;
      },
      10_000,
    );
    expect(report.lastError).toBeNull();
    const { body } = await scrape(service);
    expect(sample(body, 'streamscope_events_total{stream="ollama",type="message"}')).toBeGreaterThan(3);
  });

  it('reload keeps unchanged streams connected, restarts changed ones and drops removed ones', async () => {
    const server = await demo();
    const base = [
      { name: 'keep', url: `${server.url}/sse?interval=50` },
      { name: 'change', url: `${server.url}/sse?interval=50` },
      { name: 'drop', url: `${server.url}/sse?interval=50` },
    ];
    const service = await watch({ config: configFor(base) });
    await untilWatched('all open', () => (service.reports().every((r) => r.up) ? true : undefined));
    const change = await service.reload(
      configFor([
        base[0],
        { name: 'change', url: `${server.url}/sse?interval=60` },
        { name: 'new', url: `${server.url}/sse` },
      ]),
    );
    expect(change).toEqual({ kept: ['keep'], started: ['change', 'new'], stopped: ['drop'] });
    const keep = service.reports().find((r) => r.name === 'keep')!;
    expect(keep.connections).toBe(1);
    expect(keep.events).toBeGreaterThan(0);
    const { body } = await scrape(service);
    expect(body).not.toContain('stream="drop"');
    expect(body).toContain('stream="new"');
  });

  it('pushes the same metrics over OTLP/HTTP to a receiver', async () => {
    const received: string[] = [];
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.setEncoding('latin1').on('data', (d: string) => (body += d));
      req.on('end', () => {
        received.push(`${req.method} ${req.url} ${req.headers['content-type']}\n${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise((r) => receiver.close(() => r())) });
    const server = await demo();
    let service: WatchService | null = null;
    const otlp = createOtlpMetrics({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/v1/metrics`,
      intervalMs: 200,
      status: () => service?.status() ?? [],
    });
    service = await watch({
      config: configFor([{ name: 'pushed', url: `${server.url}/sse?interval=30` }]),
      extraBackends: [otlp],
    });
    const push = await untilWatched('a push with events', () =>
      received.find((r) => r.includes('streamscope_events') && r.includes('pushed')),
    );
    expect(push).toMatch(/^POST \/v1\/metrics /);
    for (const name of ['streamscope_stream_up', 'streamscope_event_latency', 'streamscope_bytes']) {
      expect(received.some((r) => r.includes(name))).toBe(true);
    }
  });
});
