import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../../src/core/stats/histogram';
import { createRateWindow } from '../../../src/core/stats/rate-window';
import { createStatsTracker } from '../../../src/core/stats/session-stats';
import type { RecordDraft } from '../../../src/shared/records';

type Draft = RecordDraft extends infer R ? (R extends RecordDraft ? Omit<R, 'connection'> : never) : never;

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('streaming histogram', () => {
  it('matches exact percentiles of a log-normal latency distribution within 1 %', () => {
    const random = rng(42);
    const h = createHistogram();
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      // Box-Muller: log-normal around 20 ms with a long tail, like real latencies.
      const z = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
      const v = Math.exp(Math.log(20) + 0.8 * z);
      values.push(v);
      h.add(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThan(0.011);
    }
    expect(h.count).toBe(50_000);
    expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    expect(h.max).toBe(values.at(-1));
  });

  it('is exact at the extremes and empty-safe', () => {
    const h = createHistogram();
    expect(h.quantile(0.5)).toBe(0);
    h.add(5);
    expect(h.quantile(0)).toBe(5);
    expect(h.quantile(1)).toBe(5);
    h.add(Number.NaN);
    expect(h.count).toBe(1);
  });
});

describe('rate window', () => {
  it('measures a steady rate and decays to zero when the stream goes quiet', () => {
    const w = createRateWindow({ windowMs: 1000, slotMs: 100 });
    for (let t = 0; t < 2000; t += 10) w.add(t); // 100 per second
    expect(w.rate(1999)).toBeGreaterThan(90);
    expect(w.rate(1999)).toBeLessThanOrEqual(101);
    expect(w.rate(3500)).toBe(0);
  });
});

describe('session statistics', () => {
  const base = { sessionId: 's', connection: 1 } as const;
  it('derives TTFB, first event, reconnects, bytes, latency and inter-arrival from records', () => {
    const t0 = 1_750_000_000_000;
    const stats = createStatsTracker({ startedAt: t0 });
    let seq = 0;
    const push = (r: Draft) => stats.observe({ ...base, seq: seq++, ...r });
    push({ kind: 'state', t: t0, readyState: 0, reason: 'connecting', message: '' });
    push({
      kind: 'response',
      t: t0 + 40,
      status: 200,
      statusText: 'OK',
      headers: {},
      url: 'http://x/',
      redirected: false,
      requestSentAt: t0 + 5,
    });
    push({ kind: 'state', t: t0 + 40, readyState: 1, reason: 'open', message: '' });
    push({ kind: 'chunk', t: t0 + 50, bytes: new Uint8Array(100) });
    for (let i = 0; i < 4; i++) {
      const t = t0 + 50 + i * 100;
      push({
        kind: 'event',
        t,
        type: 'message',
        data: `{"sentAt":${(t - 7) / 1000}}`,
        lastEventId: '',
        id: null,
        chunks: [3, 3],
        size: 10,
      });
    }
    push({ kind: 'state', t: t0 + 400, readyState: 0, reason: 'waiting-retry', message: '' });
    push({ kind: 'state', t: t0 + 500, readyState: 0, reason: 'reconnecting', message: '' });
    const snap = stats.snapshot(t0 + 600);
    expect(snap.ttfbMs).toBe(35);
    expect(snap.firstEventMs).toBe(45);
    expect(snap.reconnects).toBe(1);
    expect(snap.bytes).toBe(100);
    expect(snap.events).toBe(4);
    expect(snap.latency?.count).toBe(4);
    expect(snap.latency?.p50).toBeCloseTo(7, 0);
    expect(snap.interArrival?.p50).toBeCloseTo(100, -1);
    expect(snap.connectedMs).toBe(360);
  });
});
