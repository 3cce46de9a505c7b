import { describe, expect, it } from 'vitest';
import {
  alignLatencies,
  createCompareSide,
  RECENT_POINTS,
  wsHeaderBytes,
} from '../../src/renderer/features/compare/compare-model';
import type { StreamRecord } from '../../src/shared/records';

const T0 = 1_700_000_000_000;
let seq = 0;
const base = (t: number) => ({ sessionId: 's', seq: seq++, t: T0 + t, connection: 1 });

describe('compare figures', () => {
  it('computes WebSocket header sizes from the payload length (2–14 bytes)', () => {
    expect(wsHeaderBytes(0, false)).toBe(2);
    expect(wsHeaderBytes(125, false)).toBe(2);
    expect(wsHeaderBytes(126, false)).toBe(4);
    expect(wsHeaderBytes(65_535, false)).toBe(4);
    expect(wsHeaderBytes(65_536, false)).toBe(10);
    expect(wsHeaderBytes(65_536, true)).toBe(14);
    expect(wsHeaderBytes(10, true)).toBe(6);
  });

  it('measures SSE overhead as chunk bytes beyond event data, and latency from sentAt', () => {
    const side = createCompareSide('sse');
    const encoder = new TextEncoder();
    for (let i = 0; i < 4; i++) {
      const data = JSON.stringify({ message: `SSE Message ${i}`, sentAt: T0 + i * 50 - 2 });
      const wire = encoder.encode(`id: ${i}\ndata: ${data}\n\n`);
      const chunk: StreamRecord = { kind: 'chunk', ...base(i * 50), bytes: wire };
      side.consume(chunk);
      side.consume({
        kind: 'event',
        ...base(i * 50),
        type: 'message',
        data,
        lastEventId: `${i}`,
        id: `${i}`,
        chunks: [0, 0],
        size: encoder.encode(data).byteLength,
      });
    }
    const f = side.figures();
    expect(f.messages).toBe(4);
    // "id: N\n" (6) + "data: " (6) + "\n\n" (2) around every event.
    expect(f.overheadPerMessage).toBe(14);
    expect(f.latency?.mean).toBeCloseTo(2);
    expect(f.latency?.p95).toBeCloseTo(2);
    expect(f.rate).toBeCloseTo(20);
  });

  it('measures WebSocket overhead from inbound data frames only', () => {
    const side = createCompareSide('ws');
    const small = JSON.stringify({ message: 'x', sentAt: T0 - 5 });
    const big = 'y'.repeat(300);
    side.consume({ kind: 'frame', ...base(0), dir: 'in', opcode: 'text', data: small, size: small.length });
    side.consume({ kind: 'frame', ...base(10), dir: 'in', opcode: 'text', data: big, size: 300 });
    side.consume({ kind: 'frame', ...base(20), dir: 'out', opcode: 'text', data: 'hello', size: 5 });
    side.consume({ kind: 'frame', ...base(30), dir: 'in', opcode: 'pong', data: '', size: 0 });
    const f = side.figures();
    expect(f.messages).toBe(2);
    expect(f.overheadPerMessage).toBe(3); // (2 + 4) / 2
    expect(f.payloadBytes).toBe(small.length + 300);
    expect(f.latency).toMatchObject({ count: 1 });
    expect(f.latency?.mean).toBeCloseTo(5);
  });

  it('has no per-message figures before the first message', () => {
    const f = createCompareSide('ws').figures();
    expect(f).toMatchObject({ messages: 0, overheadPerMessage: null, latency: null, rate: null });
  });
});

describe('compare latency chart data', () => {
  it('keeps the recent latencies and aligns both sides on one x axis with gaps', () => {
    const side = createCompareSide('sse');
    for (let i = 0; i < RECENT_POINTS + 50; i++) {
      const data = JSON.stringify({ sentAt: T0 + i * 10 - 1 });
      side.consume({
        kind: 'event',
        ...base(i * 10),
        type: 'message',
        data,
        lastEventId: '',
        id: null,
        chunks: [0, 0],
        size: data.length,
      });
    }
    const recent = side.recentLatencies();
    expect(recent).toHaveLength(RECENT_POINTS);
    expect(recent[0]![0]).toBe(T0 + 500);
    const [x, a, b] = alignLatencies(
      [
        [T0 + 10, 1],
        [T0 + 30, 3],
      ],
      [[T0 + 20, 2]],
      T0,
    );
    expect(x).toEqual([0.01, 0.02, 0.03]);
    expect(a).toEqual([1, null, 3]);
    expect(b).toEqual([null, 2, null]);
  });
});
