import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiagnostics, type DiagnosticDraft } from '../../../src/core/diagnostics';
import type { StreamRecord } from '../../../src/shared/records';
import { byRule, run, scripted, serve, SSE_HEAD, type TestServer } from './helpers';

const events = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `data: ${from + i}\n\n`).join('');

let server: TestServer;
beforeAll(async () => {
  server = await serve({
    '/clean': scripted(['retry: 1000\n\n', events(3)]),
    '/gzip': (_req, res) => {
      res.writeHead(200, { ...SSE_HEAD, 'content-encoding': 'gzip' });
      res.end(gzipSync('retry: 1000\ndata: a\n\n'));
    },
    '/no-cache-control': scripted(['data: a\n\n'], { 'content-type': 'text/event-stream' }),
    '/cache-public': scripted(['data: a\n\n'], {
      'content-type': 'text/event-stream',
      'cache-control': 'public, max-age=60',
    }),
    '/no-store': scripted(['data: a\n\n'], { 'content-type': 'text/event-stream', 'cache-control': 'no-store' }),
    // One event, 1.1 s of silence (over the default 1 s), then 12 events in one write.
    '/burst': scripted(['data: first\n\n', { wait: 1100 }, events(12)]),
    // Silence over the threshold (300 ms in that test), but only 4 events come out at once.
    '/small-burst': scripted(['data: first\n\n', { wait: 400 }, events(4)]),
    // 12 events trickling in, 30 ms apart: no silence, no lump.
    '/trickle': scripted([
      'data: first\n\n',
      ...Array.from({ length: 12 }, (_, i) => [{ wait: 30 }, `data: ${i}\n\n`]).flat(),
    ]),
    // Sends one event and stays open: the idle clock runs.
    '/silent': (_req, res) => {
      res.writeHead(200, SSE_HEAD);
      res.write('data: hello\n\n');
    },
    '/ends-no-retry': scripted(['data: a\n\n']),
    '/ends-with-retry': scripted(['retry: 50\ndata: a\n\n']),
    '/large': scripted([`data: ${'x'.repeat(1024 * 1024 + 100)}\n\n`]),
    '/almost-large': scripted([`data: ${'x'.repeat(1024 * 1024 - 100)}\n\n`]),
  });
});
afterAll(() => server.close());

const openAfterResponse = (rec: StreamRecord): boolean => rec.kind === 'event';

describe('delivery rules', () => {
  it('a clean stream with Cache-Control: no-cache and a retry field is quiet', async () => {
    expect((await run(`${server.url}/clean`)).diagnostics).toEqual([]);
  });

  it('compressed-response: a gzip-encoded stream is flagged (fetch still decodes it)', async () => {
    const r = await run(`${server.url}/gzip`);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(1);
    expect(r.rules).toEqual(['compressed-response']);
    expect(r.diagnostics[0]!.message).toContain('gzip');
  });

  it('missing-cache-control: absent or without no-cache is flagged; no-store is accepted', async () => {
    expect((await run(`${server.url}/no-cache-control`)).rules).toEqual(['missing-cache-control']);
    const pub = await run(`${server.url}/cache-public`);
    expect(byRule(pub, 'missing-cache-control')[0]?.message).toContain('public, max-age=60');
    expect((await run(`${server.url}/no-store`)).diagnostics).toEqual([]);
  });

  it('burst-delivery: 12 events at one instant after 1.1 s of silence', async () => {
    const r = await run(`${server.url}/burst`);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(13);
    const [d] = byRule(r, 'burst-delivery');
    expect(d?.message).toMatch(/^12 events arrived/);
    const lastEvent = r.records.filter((x) => x.kind === 'event').at(-1)!;
    expect(d!.refs).toContain(lastEvent.seq);
  });

  it('burst-delivery is quiet for a small lump and for a steady trickle', async () => {
    // A shorter silence threshold keeps the wait short: 400 ms of silence still counts, the lump is small.
    expect((await run(`${server.url}/small-burst`, { diagnostics: { burstSilenceMs: 300 } })).diagnostics).toEqual([]);
    const trickle = await run(`${server.url}/trickle`);
    expect(trickle.records.filter((x) => x.kind === 'event')).toHaveLength(13);
    expect(trickle.diagnostics).toEqual([]);
  });

  it('idle-30s: a silence over 30 s (injected clock) is reported once, pointing at the last event', async () => {
    const r = await run(`${server.url}/silent`, {
      until: openAfterResponse,
      ticksAfter: [10_000, 30_500, 31_000, 45_000],
    });
    expect(r.rules).toEqual(['idle-30s']);
    const event = r.records.find((x) => x.kind === 'event')!;
    expect(r.diagnostics[0]!.refs).toEqual([event.seq]);
    expect(r.diagnostics[0]!.message).toContain('keep-alive');
  });

  it('idle-60s: a silence over 60 s reports both thresholds', async () => {
    const r = await run(`${server.url}/silent`, { until: openAfterResponse, ticksAfter: [61_000] });
    expect(r.rules).toEqual(['idle-30s', 'idle-60s']);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['info', 'warning']);
  });

  it('idle rules are quiet below 30 s', async () => {
    const r = await run(`${server.url}/silent`, { until: openAfterResponse, ticksAfter: [5_000, 15_000, 29_000] });
    expect(r.diagnostics).toEqual([]);
  });

  it('idle rules also see a gap between recorded events (a replay) without any tick', () => {
    const drafts: DiagnosticDraft[] = [];
    const d = createDiagnostics((x) => drafts.push(x));
    const base = { sessionId: 's', connection: 1 };
    const t0 = 1_700_000_000_000;
    d.observe({
      ...base,
      seq: 0,
      t: t0,
      kind: 'response',
      status: 200,
      statusText: 'OK',
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      url: 'http://x',
      redirected: false,
      requestSentAt: t0,
    });
    d.observe({ ...base, seq: 1, t: t0 + 10, kind: 'comment', text: 'hi' });
    d.observe({ ...base, seq: 2, t: t0 + 40_010, kind: 'comment', text: 'late' });
    d.finish();
    expect(drafts.map((x) => [x.rule, x.refs])).toEqual([['idle-30s', [1, 2]]]);
  });

  it('no-retry-field: a stream that ends without retry and reconnects at the default 3000 ms', async () => {
    const r = await run(`${server.url}/ends-no-retry`, {
      request: { reconnect: true },
      until: (rec) => rec.kind === 'state' && rec.reason === 'waiting-retry',
    });
    const [d] = byRule(r, 'no-retry-field');
    const waiting = r.records.find((x) => x.kind === 'state' && x.reason === 'waiting-retry')!;
    expect(d?.refs).toEqual([waiting.seq]);
  });

  it('no-retry-field is quiet when the server chose the delay', async () => {
    const r = await run(`${server.url}/ends-with-retry`, {
      request: { reconnect: true },
      until: (rec) => rec.kind === 'state' && rec.reason === 'waiting-retry',
    });
    expect(r.records.some((x) => x.kind === 'state' && x.reason === 'waiting-retry')).toBe(true);
    expect(r.diagnostics).toEqual([]);
  });

  it('large-event: an event over 1 MiB is flagged; one just under is not', async () => {
    const r = await run(`${server.url}/large`);
    const [d] = byRule(r, 'large-event');
    const event = r.records.find((x) => x.kind === 'event')!;
    expect(d?.refs).toContain(event.seq);
    expect(d?.message).toContain('1.00 MiB');
    expect((await run(`${server.url}/almost-large`)).diagnostics).toEqual([]);
  });
});
