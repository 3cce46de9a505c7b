import { describe, expect, it } from 'vitest';
import { createChartModel, RATE_WINDOW_MS, summarizeRates } from '../../src/renderer/features/charts/charts-model';
import { binLabel, binOf, createGapHistogram, HISTOGRAM_BINS } from '../../src/renderer/features/charts/histogram';
import { createSampleWindow, percentileOfSorted } from '../../src/renderer/lib/percentiles';
import { createRingCursor, readNew } from '../../src/renderer/lib/ring-cursor';
import { createTimeBuckets } from '../../src/renderer/features/charts/time-buckets';
import { createRecordRing } from '../../src/renderer/lib/record-ring';
import { extractTimestamp } from '../../src/shared/timestamp';
import type { StreamRecord } from '../../src/shared/records';

const T0 = 1_700_000_000_000;
let seq = 0;
function event(t: number, data: string): StreamRecord {
  return {
    kind: 'event',
    sessionId: 's',
    seq: seq++,
    t,
    connection: 1,
    type: 'message',
    data,
    lastEventId: '',
    id: null,
    chunks: [0, 0],
    size: data.length,
  };
}
function chunk(t: number, n: number): StreamRecord {
  return { kind: 'chunk', sessionId: 's', seq: seq++, t, connection: 1, bytes: new Uint8Array(n) };
}
function frame(t: number, dir: 'in' | 'out', data: string): StreamRecord {
  return { kind: 'frame', sessionId: 's', seq: seq++, t, connection: 1, dir, opcode: 'text', data, size: data.length };
}

describe('ring cursor', () => {
  it('visits only records pushed since the previous read', () => {
    const ring = createRecordRing(10);
    const cursor = createRingCursor();
    for (let i = 0; i < 3; i++) ring.push(event(T0 + i, 'a'));
    const seen: number[] = [];
    readNew(ring, cursor, (r) => seen.push(r.seq));
    ring.push(event(T0 + 5, 'b'));
    const second: number[] = [];
    const out = readNew(ring, cursor, (r) => second.push(r.seq));
    expect(seen).toHaveLength(3);
    expect(second).toEqual([seen[2]! + 1]);
    expect(out).toEqual({ reset: false, skipped: 0, visited: 1, remaining: 0 });
  });

  it('reports records overwritten before they were read as skipped', () => {
    const ring = createRecordRing(4);
    const cursor = createRingCursor();
    for (let i = 0; i < 10; i++) ring.push(event(T0 + i, 'x'));
    const out = readNew(ring, cursor, () => {});
    expect(out).toEqual({ reset: false, skipped: 6, visited: 4, remaining: 0 });
  });

  it('resets when the ring was cleared, even if records arrived after the clear', () => {
    const ring = createRecordRing(100);
    const cursor = createRingCursor();
    for (let i = 0; i < 5; i++) ring.push(event(T0 + i, 'x'));
    readNew(ring, cursor, () => {});
    ring.clear();
    ring.push(event(T0 + 9, 'after'));
    let resets = 0;
    const seen: string[] = [];
    const out = readNew(
      ring,
      cursor,
      (r) => seen.push(r.kind === 'event' ? r.data : ''),
      () => resets++,
    );
    expect(out.reset).toBe(true);
    expect(resets).toBe(1);
    expect(seen).toEqual(['after']);
  });
});

describe('time buckets', () => {
  it('merges neighbours and doubles the width when the buckets run out', () => {
    const b = createTimeBuckets({ initialWidthMs: 10, maxBuckets: 4 });
    b.add(T0, 0, 1); // bucket 0
    b.add(T0 + 15, 0, 3); // bucket 1
    b.add(T0 + 45, 0, 5); // needs bucket 4 -> width 20, bucket 2
    expect(b.widthMs).toBe(20);
    expect(b.length).toBe(3);
    expect(b.count(0, 0)).toBe(2);
    expect(b.sum(0, 0)).toBe(4);
    expect(b.max(0, 0)).toBe(3);
    expect(b.count(0, 2)).toBe(1);
  });

  it('stays within maxBuckets for an hour of samples', () => {
    const b = createTimeBuckets({ initialWidthMs: 20, maxBuckets: 600 });
    for (let t = 0; t < 3_600_000; t += 97) b.add(T0 + t, 0, 1);
    expect(b.length).toBeLessThanOrEqual(600);
    let total = 0;
    for (let i = 0; i < b.length; i++) total += b.count(0, i);
    expect(total).toBe(Math.ceil(3_600_000 / 97));
  });
});

describe('percentiles', () => {
  it('uses nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 95)).toBe(95);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
  });

  it('summarises only the last `capacity` samples', () => {
    const w = createSampleWindow(100);
    for (let i = 0; i < 100; i++) w.add(1000);
    for (let i = 1; i <= 100; i++) w.add(i);
    const s = w.summary()!;
    expect(s.count).toBe(100);
    expect(s.mean).toBeCloseTo(50.5);
    expect(s.p99).toBe(99);
    expect(w.total).toBe(200);
  });
});

describe('inter-arrival histogram', () => {
  it('puts same-read arrivals in the first bin and gaps on a log scale', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(0.001)).toBe(0);
    expect(binLabel(binOf(1))).toBe('1ms');
    expect(binLabel(binOf(50))).toBe('32ms');
    expect(binOf(10 ** 9)).toBe(HISTOGRAM_BINS - 1);
    const h = createGapHistogram();
    for (const t of [0, 0, 50, 100, 150]) h.arrival(T0 + t);
    expect(h.total).toBe(4);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[binOf(50)]).toBe(3);
  });
});

describe('chart model', () => {
  const reader = (text: string) => extractTimestamp(text);

  it('measures latency from sentAt and rates from chunks and events', () => {
    const m = createChartModel(reader);
    for (let i = 0; i < 20; i++) {
      const t = T0 + i * 50;
      m.consume(chunk(t, 100));
      m.consume(event(t + 1, JSON.stringify({ message: `m${i}`, sentAt: t + 1 - (i < 19 ? 5 : 105) })));
    }
    m.consume(event(T0 + 2000, '[DONE]'));
    expect(m.messages).toBe(21);
    expect(m.latencySamples).toBe(20);
    expect(m.untimed).toBe(1);
    const s = m.latencySummary()!;
    expect(s.p50).toBeCloseTo(5);
    expect(s.p99).toBeCloseTo(105);
    const lat = m.latency(s);
    expect(lat.x.length).toBe(lat.mean.length);
    expect(lat.mean.filter((v) => v !== null).length).toBe(20);
    expect(Math.max(...lat.max.map((v) => v ?? 0))).toBeCloseTo(105);
    const rates = m.rates(true);
    expect(rates.eventsPerSec[0]).toBe(20); // 5 events in the first 250 ms bucket
    // All 2,000 bytes arrived within the first second; the window over the first 2.25 s holds them.
    const at = rates.x.indexOf(2.25);
    expect(rates.bytesPerSec[at]! * 2.25).toBeCloseTo(2000);
  });

  it('reads a steady 2.5 events/s as a line: every point after the first window within 5 %', () => {
    const m = createChartModel(reader);
    for (let i = 0; i < 100; i++) m.consume(event(T0 + i * 400, 'x')); // 40 s at 2.5/s
    const rates = m.rates(false);
    const settled = rates.eventsPerSec.filter((_, i) => rates.x[i]! >= RATE_WINDOW_MS / 1000);
    expect(settled.length).toBeGreaterThan(100);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(2.5 * 0.95);
    expect(Math.max(...settled)).toBeLessThanOrEqual(2.5 * 1.05);
    // One point per 250 ms bucket: without the window, buckets alternate between 0 and 4/s.
    expect(rates.x[1]! - rates.x[0]!).toBeCloseTo(0.25);
  });

  it('keeps the window when the buckets widen, and falls to 0 a window after the stream stops', () => {
    const m = createChartModel(reader, { maxPoints: 40 }); // 250 ms × 40 → widens to 500, 1000 ms...
    for (let i = 0; i < 250; i++) m.consume(event(T0 + i * 400, 'x')); // 100 s
    m.consume(chunk(T0 + 130_000, 1)); // time passes with no message
    const rates = m.rates(true);
    expect(rates.x[1]! - rates.x[0]!).toBeGreaterThanOrEqual(2);
    const during = rates.eventsPerSec.filter((_, i) => rates.x[i]! >= 10 && rates.x[i]! <= 95);
    expect(Math.min(...during)).toBeGreaterThanOrEqual(2.5 * 0.9);
    expect(Math.max(...during)).toBeLessThanOrEqual(2.5 * 1.1);
    expect(rates.eventsPerSec.at(-1)).toBe(0);
  });

  it('puts the rate chart in words: the newest rate and the range over the recent points', () => {
    const m = createChartModel(reader);
    for (let i = 0; i < 10; i++) m.consume(event(T0 + i * 400, 'x'));
    expect(summarizeRates(m.rates(false), false)).toBeNull(); // 4 s: still inside the first window
    for (let i = 10; i < 100; i++) m.consume(event(T0 + i * 400, 'x'));
    const r = summarizeRates(m.rates(false), false, 20)!;
    expect(r.seconds).toBeCloseTo(20);
    expect(r.eventsPerSec).toBeCloseTo(2.5, 0);
    expect(r.max - r.min).toBeLessThanOrEqual(0.2 + 1e-9);
  });

  it('summarises inter-arrival gaps as percentiles', () => {
    const m = createChartModel(reader);
    expect(m.interArrivalSummary()).toBeNull();
    let t = T0;
    for (let i = 0; i < 100; i++) {
      m.consume(event(t, 'x'));
      t += i % 10 === 9 ? 1000 : 100; // every tenth gap is long
    }
    const gaps = m.interArrivalSummary()!;
    expect(gaps.count).toBe(99);
    expect(gaps.p50).toBeCloseTo(100);
    expect(gaps.p95).toBeCloseTo(1000);
    m.reset();
    expect(m.interArrivalSummary()).toBeNull();
  });

  it('counts inbound WebSocket text frames and ignores outbound ones', () => {
    const m = createChartModel(reader);
    m.consume(frame(T0, 'in', JSON.stringify({ sentAt: T0 - 3 })));
    m.consume(frame(T0 + 10, 'out', JSON.stringify({ sentAt: T0 })));
    m.consume(frame(T0 + 20, 'in', JSON.stringify({ ts: (T0 + 18) / 1000 })));
    expect(m.messages).toBe(2);
    expect(m.latencySummary()!.p50).toBeCloseTo(2);
    expect(m.latencySummary()!.p99).toBeCloseTo(3);
  });

  it('reads a chosen JSON path when given', () => {
    const m = createChartModel((text) => extractTimestamp(text, 'meta.at'));
    m.consume(event(T0 + 7, JSON.stringify({ sentAt: 0, meta: { at: T0 } })));
    expect(m.latencySummary()!.mean).toBeCloseTo(7);
  });
});

describe('ring cursor catching up over several reads', () => {
  it('visits at most maxVisits per read, oldest first, then continues where it stopped', () => {
    const ring = createRecordRing(100);
    const cursor = createRingCursor();
    for (let i = 0; i < 25; i++) ring.push(event(T0 + i, `${i}`));
    const seen: string[] = [];
    const visit = (r: StreamRecord) => seen.push(r.kind === 'event' ? r.data : '');
    expect(readNew(ring, cursor, visit, undefined, 10)).toMatchObject({ visited: 10, remaining: 15, reset: false });
    ring.push(event(T0 + 30, 'late'));
    expect(readNew(ring, cursor, visit, undefined, 10)).toMatchObject({ visited: 10, remaining: 6, reset: false });
    expect(readNew(ring, cursor, visit, undefined, 10)).toMatchObject({ visited: 6, remaining: 0, reset: false });
    expect(seen).toEqual([...Array.from({ length: 25 }, (_, i) => `${i}`), 'late']);
  });
});
