import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../src/shared/records';
import { createRecordRing } from '../../src/renderer/lib/record-ring';
import { createFilteredIndex } from '../../src/renderer/lib/filtered-index';
import { compileFilter, defaultFilterSpec, type ListFilterSpec } from '../../src/renderer/lib/record-filter';

let seq = 0;
function event(type: string, data: string): StreamRecord {
  return {
    kind: 'event',
    sessionId: 's',
    seq: seq++,
    t: 1000 + seq,
    connection: 1,
    type,
    data,
    lastEventId: '',
    id: null,
    chunks: [0, 0],
    size: data.length,
  };
}
function comment(text: string): StreamRecord {
  return { kind: 'comment', sessionId: 's', seq: seq++, t: 1000 + seq, connection: 1, text };
}
const spec = (patch: Partial<ListFilterSpec>): ListFilterSpec => ({ ...defaultFilterSpec('sse'), ...patch });

function rows(index: ReturnType<typeof createFilteredIndex>, ring: ReturnType<typeof createRecordRing>): string[] {
  return Array.from({ length: index.count }, (_, i) => {
    const r = index.rowRecord(ring, i)!;
    return r.kind === 'event' ? r.data : r.kind === 'comment' ? `:${r.text}` : r.kind;
  });
}

describe('filtered index', () => {
  it('lists only events by default and adds comments when that kind is shown', () => {
    const ring = createRecordRing(100);
    ring.push(comment('ok'));
    ring.push(event('message', 'a'));
    const index = createFilteredIndex();
    index.update(ring, compileFilter(spec({})));
    expect(rows(index, ring)).toEqual(['a']);
    index.update(ring, compileFilter(spec({ kinds: ['event', 'comment'] })));
    expect(rows(index, ring)).toEqual([':ok', 'a']);
  });

  it('tests only records pushed since the last update when the filter is unchanged', () => {
    const ring = createRecordRing(100);
    const filter = compileFilter(spec({ text: 'x' }));
    let calls = 0;
    const counting = { ...filter, test: (r: StreamRecord) => (calls++, filter.test(r)) };
    const index = createFilteredIndex();
    for (let i = 0; i < 10; i++) ring.push(event('message', i % 2 ? 'x' : 'y'));
    index.update(ring, counting);
    expect(calls).toBe(10);
    ring.push(event('message', 'xx'));
    index.update(ring, counting);
    expect(calls).toBe(11);
    expect(index.count).toBe(6);
  });

  it('filters by type chips, case-insensitive text, regex and JSON path', () => {
    const ring = createRecordRing(100);
    ring.push(event('ping', '{}'));
    ring.push(event('delta', '{"choices":[{"delta":{"content":"Hel"}}]}'));
    ring.push(event('delta', '{"choices":[{"delta":{}}]}'));
    ring.push(event('message', '[DONE]'));
    const index = createFilteredIndex();
    index.update(ring, compileFilter(spec({ types: ['delta'] })));
    expect(index.count).toBe(2);
    index.update(ring, compileFilter(spec({ text: 'HEL' })));
    expect(rows(index, ring)).toEqual(['{"choices":[{"delta":{"content":"Hel"}}]}']);
    index.update(ring, compileFilter(spec({ text: '^\\[DONE\\]$', regex: true })));
    expect(rows(index, ring)).toEqual(['[DONE]']);
    index.update(ring, compileFilter(spec({ jsonPath: 'choices[0].delta.content' })));
    expect(index.count).toBe(1);
    expect([...index.typeCounts]).toEqual([
      ['ping', 1],
      ['delta', 2],
      ['message', 1],
    ]);
  });

  it('reports an invalid regex or path as an inline error and matches nothing extra', () => {
    const bad = compileFilter(spec({ text: '(', regex: true, jsonPath: 'a[' }));
    expect(bad.textError).toMatch(/./);
    expect(bad.pathError).toMatch(/unclosed/);
    expect(bad.test(event('message', '('))).toBe(true);
  });

  it('prunes rows that the ring overwrote and forgets all after a clear', () => {
    const ring = createRecordRing(5);
    const index = createFilteredIndex();
    const f = compileFilter(spec({}));
    for (let i = 0; i < 8; i++) ring.push(event('message', String(i)));
    index.update(ring, f);
    expect(rows(index, ring)).toEqual(['3', '4', '5', '6', '7']);
    ring.push(event('message', '8'));
    index.update(ring, f);
    expect(rows(index, ring)).toEqual(['4', '5', '6', '7', '8']);
    ring.clear();
    index.update(ring, f);
    expect(index.count).toBe(0);
    ring.push(event('message', '9'));
    index.update(ring, f);
    expect(rows(index, ring)).toEqual(['9']);
  });

  it('stops at upTo (a paused view) and catches up once resumed, even after a filter change', () => {
    const ring = createRecordRing(100);
    const index = createFilteredIndex();
    for (let i = 0; i < 4; i++) ring.push(event('message', String(i)));
    index.update(ring, compileFilter(spec({})));
    const frozen = ring.total;
    for (let i = 4; i < 8; i++) ring.push(event('message', String(i)));
    index.update(ring, compileFilter(spec({ text: '2' })), frozen);
    expect(rows(index, ring)).toEqual(['2']);
    const f = compileFilter(spec({}));
    index.update(ring, f, frozen);
    expect(index.count).toBe(4);
    index.update(ring, f);
    expect(index.count).toBe(8);
  });

  it('finds the row of a record by seq, before and after the ring overwrote older rows', () => {
    const ring = createRecordRing(6);
    const index = createFilteredIndex();
    const filter = compileFilter(spec({}));
    const seqs: number[] = [];
    for (let i = 0; i < 4; i++) {
      const e = event('message', `e${i}`);
      seqs.push(e.seq);
      ring.push(e);
      ring.push(comment('between'));
    }
    index.update(ring, filter);
    // Rows are e1, e2, e3 (e0 was overwritten); comments are not listed.
    expect(rows(index, ring)).toEqual(['e1', 'e2', 'e3']);
    expect(index.rowAtOrAfter(ring, seqs[2]!)).toBe(1);
    // A comment's seq lands on the next listed event; an overwritten one on the first row.
    expect(index.rowAtOrAfter(ring, seqs[2]! + 1)).toBe(2);
    expect(index.rowAtOrAfter(ring, seqs[0]!)).toBe(0);
    expect(index.rowAtOrAfter(ring, seqs[3]! + 5)).toBe(3);
    // Overwritten after the last update, before the next: still answers by the records held.
    ring.push(event('message', 'e4'));
    ring.push(comment('x'));
    ring.push(event('message', 'e5'));
    expect(index.rowAtOrAfter(ring, seqs[3]!)).toBe(2);
  });

  it('stays cheap at 100k records: a batch of 1000 after 100k costs little', () => {
    const ring = createRecordRing(100_000);
    for (let i = 0; i < 100_000; i++) ring.push(event(i % 3 ? 'message' : 'status', `{"n":${i}}`));
    const index = createFilteredIndex();
    const f = compileFilter(spec({ text: '7' }));
    const t0 = performance.now();
    index.update(ring, f);
    const full = performance.now() - t0;
    for (let i = 0; i < 1000; i++) ring.push(event('message', `{"n":${i}}`));
    const t1 = performance.now();
    index.update(ring, f);
    const incremental = performance.now() - t1;
    expect(full).toBeLessThan(2000);
    expect(incremental).toBeLessThan(Math.max(20, full / 5));
    expect(index.count).toBeGreaterThan(0);
  });
});
