import { describe, expect, it } from 'vitest';
import type { SessionStats } from '../../src/shared/api';
import { formatBytes } from '../../src/shared/byte-size';
import { formatMs } from '../../src/renderer/lib/format';
import { statItems } from '../../src/renderer/features/stats/stats-model';

const stats: SessionStats = {
  records: 300,
  events: 120,
  framesIn: 7,
  framesOut: 2,
  comments: 0,
  errors: 0,
  bytes: 20_480,
  reconnects: 1,
  eventRate: 19.96,
  bytesRate: 3072,
  ttfbMs: 4.2,
  firstEventMs: 6.5,
  latency: { count: 120, mean: 1.25, p50: 1, p95: 3.5, p99: 12 },
  interArrival: null,
  startedAt: 1_700_000_000_000,
  connectedMs: 6_100,
};

describe('stats view', () => {
  it('shows the seed figures first, then p95/p99, reconnects, bytes, rate, TTFB and first event', () => {
    const items = statItems(stats, 'sse');
    expect(items.map((i) => i.label)).toEqual([
      'Connection time',
      'Messages received',
      'Average latency',
      'p95 latency',
      'p99 latency',
      'Reconnects',
      'Bytes',
      'Rate',
      'Byte rate',
      'TTFB',
      'First event',
    ]);
    const byLabel = Object.fromEntries(items.map((i) => [i.label, i.value]));
    expect(byLabel['Connection time']).toBe('6.1 s');
    expect(byLabel['Messages received']).toBe('120');
    expect(byLabel['Average latency']).toBe('1.25 ms');
    expect(byLabel['p99 latency']).toBe('12.0 ms');
    expect(byLabel['Bytes']).toBe('20.0 KiB');
    expect(byLabel['Rate']).toBe('20.0 msg/s');
    expect(byLabel['Byte rate']).toBe('3.0 KiB/s');
  });

  it('counts inbound frames and lists sent frames for WebSocket sessions; dashes when unknown', () => {
    const items = statItems({ ...stats, latency: null, ttfbMs: null, errors: 2 }, 'ws');
    const byLabel = Object.fromEntries(items.map((i) => [i.label, i.value]));
    expect(byLabel['Messages received']).toBe('7');
    expect(byLabel['Messages sent']).toBe('2');
    expect(byLabel['Average latency']).toBe('–');
    expect(byLabel['TTFB']).toBe('–');
    expect(byLabel['Errors']).toBe('2');
  });

  it('formats bytes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatMs(185_000)).toBe('3 min 05 s');
    expect(formatMs(250)).toBe('250 ms');
  });
});
