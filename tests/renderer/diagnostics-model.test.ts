import { describe, expect, it } from 'vitest';
import { createRecordRing } from '../../src/renderer/lib/record-ring';
import {
  createDiagnosticsCollector,
  MAX_DIAGNOSTICS,
  primaryRef,
  visibleText,
} from '../../src/renderer/features/diagnostics/diagnostics-model';
import type { DiagnosticRecord, Severity, StreamRecord } from '../../src/shared/records';

let seq = 0;
const base = () => ({ sessionId: 's', seq: seq++, t: 0, connection: 1 });
const diag = (severity: Severity, refs: number[] = []): DiagnosticRecord => ({
  ...base(),
  kind: 'diagnostic',
  severity,
  rule: `r${seq}`,
  message: 'm',
  refs,
  link: 'https://x',
});
const comment = (): StreamRecord => ({ ...base(), kind: 'comment', text: 'x' });

describe('diagnostics collector', () => {
  it('collects diagnostics incrementally and counts them by severity', () => {
    const ring = createRecordRing(100);
    const c = createDiagnosticsCollector();
    ring.push(comment());
    ring.push(diag('warning'));
    expect(c.update(ring)).toBe(true);
    expect(c.counts).toEqual({ error: 0, warning: 1, info: 0 });
    const before = c.items;
    ring.push(comment());
    expect(c.update(ring)).toBe(false);
    expect(c.items).toBe(before);
    ring.push(diag('error'));
    ring.push(diag('error'));
    expect(c.update(ring)).toBe(true);
    expect(c.items.map((d) => d.severity)).toEqual(['warning', 'error', 'error']);
    expect(c.counts).toEqual({ error: 2, warning: 1, info: 0 });
  });

  it('keeps diagnostics whose records the ring has since overwritten, and resets when the ring is cleared', () => {
    const ring = createRecordRing(4);
    const c = createDiagnosticsCollector();
    ring.push(diag('info'));
    c.update(ring);
    for (let i = 0; i < 6; i++) ring.push(comment());
    ring.push(diag('error'));
    c.update(ring);
    expect(c.counts).toEqual({ error: 1, warning: 0, info: 1 });
    ring.clear();
    expect(c.update(ring)).toBe(true);
    expect(c.items).toEqual([]);
    expect(c.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('catches diagnostics pushed while the ring wrapped between two reads', () => {
    const ring = createRecordRing(3);
    const c = createDiagnosticsCollector();
    c.update(ring);
    ring.push(diag('info'));
    ring.push(comment());
    ring.push(comment());
    ring.push(diag('warning'));
    // The first diagnostic was overwritten before we read: only what the ring still holds is seen.
    c.update(ring);
    expect(c.items.map((d) => d.severity)).toEqual(['warning']);
  });

  it('stops at MAX_DIAGNOSTICS and counts the rest as dropped', () => {
    const ring = createRecordRing(MAX_DIAGNOSTICS + 10);
    const c = createDiagnosticsCollector();
    for (let i = 0; i < MAX_DIAGNOSTICS + 5; i++) ring.push(diag('info'));
    c.update(ring);
    expect(c.items).toHaveLength(MAX_DIAGNOSTICS);
    expect(c.dropped).toBe(5);
  });
});

describe('preview helpers', () => {
  it('primaryRef prefers an event over chunks and responses', () => {
    const records = new Map<number, StreamRecord>([
      [1, { ...base(), seq: 1, kind: 'chunk', bytes: new Uint8Array() }],
      [
        2,
        {
          ...base(),
          seq: 2,
          kind: 'event',
          type: 'message',
          data: '',
          lastEventId: '',
          id: null,
          chunks: [1, 1],
          size: 0,
        },
      ],
    ]);
    const d = diag('warning', [1, 2]);
    expect(primaryRef(d, (s) => records.get(s))).toBe(2);
    expect(primaryRef(diag('warning', [1]), (s) => records.get(s))).toBe(1);
    expect(primaryRef(diag('warning', []), (s) => records.get(s))).toBeNull();
  });

  it('visibleText draws CR, LF, BOM and NUL and cuts long text', () => {
    const segs = visibleText('a\r\n\uFEFFid: x\u0000\rb');
    expect(segs.map((s) => s.text).join('')).toBe('a\\r\\n\n⟨BOM⟩id: x␀\\r\nb');
    expect(segs.filter((s) => s.ctrl).map((s) => s.text)).toEqual(['\\r', '\\n', '⟨BOM⟩', '␀', '\\r']);
    const long = visibleText('x'.repeat(700), 600);
    expect(long.at(-1)!.text).toContain('100 more characters');
  });
});
