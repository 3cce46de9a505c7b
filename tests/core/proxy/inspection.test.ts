// The proxy's reading side: parsed after forwarding, within a budget, and every gap it leaves is
// counted in the session, with parsing resuming at the next whole event (or line).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorRecord, EventRecord, StreamRecord } from '../../../src/shared/records';
import { createSequencedSink } from '../../../src/core/stream';
import { afterBlankLine, createBodyObserver, type BodyKind } from '../../../src/core/proxy/body-observer';
import { createInspection, createInspectionBudget, UNLIMITED_INSPECTION } from '../../../src/core/proxy/inspection';

/** A budget the test opens and shuts. */
const budget = {
  open: true,
  allows(): boolean {
    return budget.open;
  },
  spend(): void {},
};

function inspect(kind: BodyKind) {
  budget.open = true;
  const records: StreamRecord[] = [];
  const sink = createSequencedSink('s', (r) => records.push(r));
  const inspection = createInspection(createBodyObserver(kind, sink, undefined), sink, budget);
  const nextTurn = () => new Promise((r) => setImmediate(r));
  return {
    records,
    /** Pushes one read; parsed (or skipped) on the next turn, under the budget's state now. */
    async read(text: string, parsed = true) {
      budget.open = parsed;
      inspection.push(Buffer.from(text), 1000);
      await nextTurn();
      budget.open = true;
    },
    end: () => inspection.end(),
    events: () => records.filter((r): r is EventRecord => r.kind === 'event').map((e) => [e.id, e.data, e.lastEventId]),
    gaps: () => records.filter((r): r is ErrorRecord => r.kind === 'error').map((e) => e.message),
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('inspection', () => {
  it('parses a read on the next turn, after it was forwarded; end() parses what still waits', async () => {
    budget.open = true;
    const records: StreamRecord[] = [];
    const sink = createSequencedSink('s', (r) => records.push(r));
    const inspection = createInspection(createBodyObserver('sse', sink, undefined), sink, budget);
    inspection.push(Buffer.from('data: a\n\n'), 5);
    expect(records).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(records.map((r) => r.kind)).toEqual(['chunk', 'event']);
    // Stamped when the read arrived, not when it was parsed.
    expect(records[0]!.t).toBe(5);
    inspection.push(Buffer.from('data: b\n\n'), 6);
    inspection.end();
    expect(records.map((r) => r.kind)).toEqual(['chunk', 'event', 'chunk', 'event']);
  });

  it('parses at most ~1 ms per turn and skips (counted) what is over 1 MiB behind; -o parses it all in one turn', async () => {
    // 2 MiB of events pushed in one turn, as a firehose's reads arrive while parsing waits.
    const read = Buffer.from('data: x\n\n'.repeat((64 * 1024) / 9));
    const reads = Math.ceil((2 * 1024 * 1024) / read.byteLength);
    const behind = Math.ceil((1024 * 1024) / read.byteLength);
    for (const limited of [true, false]) {
      const records: StreamRecord[] = [];
      const sink = createSequencedSink('s', (r) => records.push(r));
      const inspection = createInspection(
        createBodyObserver('sse', sink, undefined),
        sink,
        limited ? createInspectionBudget(1, 1e9) : UNLIMITED_INSPECTION,
      );
      for (let i = 0; i < reads; i++) inspection.push(read, i);
      await new Promise((r) => setImmediate(r));
      const chunks = records.filter((r) => r.kind === 'chunk').length;
      if (limited) {
        // The reads over 1 MiB behind were skipped at once; of the rest, the turn parsed at least
        // one and stopped long before all (~7,000 events a read: far more than 1 ms of parsing).
        expect(chunks).toBeGreaterThan(0);
        expect(chunks).toBeLessThan(reads - behind);
      } else {
        expect(chunks).toBe(reads);
      }
      inspection.end();
      const gaps = records.filter((r): r is ErrorRecord => r.kind === 'error');
      expect(gaps.length > 0).toBe(limited);
    }
  });

  it('parses at least one read per turn, however slow the turn (a busy machine)', async () => {
    // Every clock reading is 2 ms after the last: each turn is over its slice at its first check.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 2));
    const read = Buffer.from('data: x\n\n'.repeat(1000));
    const reads = Math.ceil((1024 * 1024) / read.byteLength) + 10;
    const records: StreamRecord[] = [];
    const sink = createSequencedSink('s', (r) => records.push(r));
    budget.open = true;
    const inspection = createInspection(createBodyObserver('sse', sink, undefined), sink, budget);
    for (let i = 0; i < reads; i++) inspection.push(read, i);
    const chunks = () => records.filter((r) => r.kind === 'chunk').length;
    // Turn 1: the reads over 1 MiB behind are skipped, then one read parsed; one more each turn.
    for (let turn = 1; turn <= 3; turn++) {
      await new Promise((r) => setImmediate(r));
      expect(chunks()).toBe(turn);
    }
    inspection.end();
  });

  it('counts a skipped stretch in one record and resumes at the next whole SSE event', async () => {
    const s = inspect('sse');
    await s.read('id: 1\ndata: a\n\nid: 2\nda');
    await s.read('ta: b\n\nid: 3\ndata: c\n\nid: 4\n', false);
    await s.read('data: d\n\nid: 5\ndata: e\n\ndata: f\n\n');
    s.end();
    // Neither the half of event 2 before the gap nor the half of event 4 after it is shown.
    expect(s.events()).toEqual([
      ['1', 'a', '1'],
      ['5', 'e', '5'],
      [null, 'f', '5'],
    ]);
    const skipped = 'ta: b\n\nid: 3\ndata: c\n\nid: 4\n'.length + 'data: d\n\n'.length;
    expect(s.gaps()).toEqual([expect.stringContaining(`not shown: ${skipped} bytes in 1 reads`)]);
  });

  it('keeps the first event after a gap that ended on a blank line (CRLF too)', async () => {
    const s = inspect('sse');
    await s.read('id: 1\r\ndata: a\r\n\r\n', false);
    await s.read('id: 2\r\ndata: b\r\n\r\n');
    s.end();
    expect(s.events()).toEqual([['2', 'b', '2']]);
    expect(s.gaps()).toEqual([expect.stringContaining('not shown: 18 bytes in 1 reads')]);
  });

  it('a gap with no boundary in sight goes on, and one still open at the end is reported', async () => {
    const s = inspect('sse');
    await s.read('data: a', false);
    await s.read('aaa');
    await s.read('aaa');
    s.end();
    expect(s.events()).toEqual([]);
    expect(s.gaps()).toEqual([expect.stringContaining('not shown: 13 bytes in 3 reads')]);
  });

  it('NDJSON resumes at the next whole line', async () => {
    const s = inspect('ndjson');
    await s.read('{"n":1}\n{"n":');
    await s.read('2}\n{"n":3}\n{"n"', false);
    await s.read(':4}\n{"n":5}\n');
    s.end();
    expect(s.events().map((e) => e[1])).toEqual(['{"n":1}', '{"n":5}']);
    expect(s.gaps()).toEqual([expect.stringContaining('not shown: 19 bytes in 1 reads')]);
  });
});

describe('afterBlankLine', () => {
  const at = (before: string, bytes: string) => afterBlankLine(Buffer.from(before), Buffer.from(bytes));
  it('finds the end of the first blank line after what was skipped, whatever the terminators', () => {
    expect(at('x', 'a\n\nb')).toBe(3);
    expect(at('x\n', '\nb')).toBe(1);
    expect(at('x\n\n', 'b')).toBe(0);
    expect(at('\r\n\r\n', 'b')).toBe(0);
    expect(at('\r\n\r', '\nb')).toBe(1);
    expect(at('x', 'a\r\n\r\nb')).toBe(5);
    expect(at('x', 'a\r\rb')).toBe(3);
    expect(at('x\r\n', '\r\nb')).toBe(2);
    expect(at('x', 'a\nb\n')).toBe(-1);
    expect(at('\n\nx', 'a\n')).toBe(-1);
  });
});

describe('createInspectionBudget', () => {
  it('allows parsing until its burst is spent, then refills at its share of the time passing', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const b = createInspectionBudget(0.5, 10);
    expect(b.allows()).toBe(true);
    b.spend(12);
    expect(b.allows()).toBe(false);
    vi.advanceTimersByTime(2);
    expect(b.allows()).toBe(false);
    vi.advanceTimersByTime(4);
    expect(b.allows()).toBe(true);
    // Idle time refills it only up to the burst.
    vi.advanceTimersByTime(1000);
    b.spend(10.5);
    expect(b.allows()).toBe(false);
  });
});
