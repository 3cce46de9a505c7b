import { describe, expect, it } from 'vitest';
import { createStatsTracker } from '../../../src/core/stats/session-stats';
import type { FrameRecord } from '../../../src/shared/records';

function frame(seq: number, t: number, dir: 'in' | 'out', data: string): FrameRecord {
  return { kind: 'frame', sessionId: 'w', seq, t, connection: 1, dir, opcode: 'text', data, size: data.length };
}

describe('statistics on WebSocket frames', () => {
  it('count inbound frames, their bytes, latency from a JSON sentAt and inter-arrival; outbound frames only counted', () => {
    const stats = createStatsTracker({ startedAt: 1_764_230_000_000, openState: 1 });
    const t0 = 1_764_230_000_000;
    // Inbound every 100 ms, each sent 5 ms before it arrived.
    for (let i = 0; i < 20; i++) {
      const t = t0 + i * 100;
      stats.observe(frame(i, t, 'in', JSON.stringify({ message: `SSE Message ${i}`, sentAt: t - 5 })));
    }
    stats.observe(frame(20, t0 + 2_000, 'out', 'hello'));
    const s = stats.snapshot(t0 + 2_000);
    expect(s.framesIn).toBe(20);
    expect(s.framesOut).toBe(1);
    expect(s.latency?.count).toBe(20);
    expect(s.latency?.p50).toBeCloseTo(5, 0);
    expect(s.interArrival?.p50).toBeCloseTo(100, -1);
    expect(s.bytes).toBeGreaterThan(20 * 30);
  });
});
