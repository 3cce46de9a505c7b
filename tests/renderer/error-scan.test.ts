/**
 * The error banner's state, kept from the records as they arrive, says what a scan back through
 * the whole session says: the latest error since the connection was last OPEN, with the response
 * head of that error's connection. Seeded random sessions, read in random-sized steps.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorRecord, ResponseRecord, StreamRecord } from '../../src/shared/records';
import { createErrorScan } from '../../src/renderer/features/sessions/error-scan';
import { createRecordRing } from '../../src/renderer/lib/record-ring';
import { readNew } from '../../src/renderer/lib/ring-cursor';

/** The banner's rule, read backwards over everything (what it computed before, unbounded here). */
function scanBack(records: StreamRecord[]): { error: ErrorRecord; response: ResponseRecord | null } | null {
  let error: ErrorRecord | null = null;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (!error && r.kind === 'state' && r.readyState === 1) break;
    if (!error && r.kind === 'error') error = r;
    if (error && r.kind === 'response' && r.connection === error.connection) return { error, response: r };
    if (error && r.connection < error.connection) break;
  }
  return error ? { error, response: null } : null;
}

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function session(rand: () => number, n: number): StreamRecord[] {
  const out: StreamRecord[] = [];
  let connection = 1;
  const base = (seq: number) => ({ sessionId: 's', seq, t: seq, connection });
  for (let seq = 0; seq < n; seq++) {
    const x = rand();
    if (x < 0.05) connection++;
    if (x < 0.1)
      out.push({ ...base(seq), kind: 'state', readyState: Math.floor(rand() * 3), reason: 'open', message: '' });
    else if (x < 0.2)
      out.push({
        ...base(seq),
        kind: 'response',
        status: 200,
        statusText: 'OK',
        headers: {},
        url: 'http://x/',
        redirected: false,
        requestSentAt: 0,
      });
    else if (x < 0.3)
      out.push({ ...base(seq), kind: 'error', code: 'network', message: `e${seq}`, fatal: rand() < 0.5 });
    else out.push({ ...base(seq), kind: 'comment', text: '' });
  }
  return out;
}

describe('error banner state', () => {
  it('matches a scan back through the session after every read', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const records = session(rand, 300);
      const ring = createRecordRing(1000);
      const scan = createErrorScan('s');
      for (let at = 0; at < records.length;) {
        const step = 1 + Math.floor(rand() * 20);
        for (const r of records.slice(at, at + step)) ring.push(r);
        at += step;
        readNew(
          ring,
          scan.cursor,
          (r) => scan.visit(r),
          () => scan.reset(),
        );
        expect(scan.found).toEqual(scanBack(records.slice(0, at)));
      }
    }
  });

  it('forgets the error when the ring is cleared', () => {
    const ring = createRecordRing(10);
    const scan = createErrorScan('s');
    ring.push({
      kind: 'error',
      sessionId: 's',
      seq: 0,
      t: 0,
      connection: 1,
      code: 'network',
      message: 'x',
      fatal: true,
    });
    readNew(
      ring,
      scan.cursor,
      (r) => scan.visit(r),
      () => scan.reset(),
    );
    expect(scan.found?.error.message).toBe('x');
    ring.clear();
    readNew(
      ring,
      scan.cursor,
      (r) => scan.visit(r),
      () => scan.reset(),
    );
    expect(scan.found).toBeNull();
  });
});
