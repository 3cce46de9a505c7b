import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../src/shared/records';
import { compileFilter, defaultFilterSpec, type ListFilterSpec } from '../../src/renderer/lib/record-filter';
import { createPathValueReader, PATH_VALUE_CHARS } from '../../src/renderer/lib/path-value';
import { parseJsonPath, type JsonPathSegment } from '../../src/shared/json-path';
import { listTemplate, DEFAULT_COLUMN_WIDTHS } from '../../src/renderer/stores/layout';

let seq = 0;
function event(data: string): StreamRecord {
  return {
    kind: 'event',
    sessionId: 's',
    seq: seq++,
    t: 1000 + seq,
    connection: 1,
    type: 'message',
    data,
    lastEventId: '',
    id: null,
    chunks: [0, 0],
    size: data.length,
  };
}
const segments = (path: string): JsonPathSegment[] => {
  const p = parseJsonPath(path);
  if (!p.ok) throw new Error(p.error);
  return p.segments;
};
const spec = (patch: Partial<ListFilterSpec>): ListFilterSpec => ({ ...defaultFilterSpec('sse'), ...patch });

describe('JSON-path value column', () => {
  it('reads each value as one line of text: strings bare, the rest as JSON, nothing where absent', () => {
    const column = createPathValueReader(segments('choices[0].delta'));
    expect(column.path).toBe('choices[0].delta');
    expect(column.read(event('{"choices":[{"delta":"hi\\nthere"}]}'))).toBe('hi⏎there');
    expect(column.read(event('{"choices":[{"delta":{"content":"<b>x</b>"}}]}'))).toBe('{"content":"<b>x</b>"}');
    expect(column.read(event('{"choices":[]}'))).toBe('');
    expect(column.read(event('not json'))).toBe('');
    const comment: StreamRecord = { kind: 'comment', sessionId: 's', seq: seq++, t: 0, connection: 1, text: '{}' };
    expect(column.read(comment)).toBe('');
  });

  it('truncates long values', () => {
    const column = createPathValueReader(segments('a'));
    const value = column.read(event(JSON.stringify({ a: 'x'.repeat(5000) })));
    expect(value).toBe(`${'x'.repeat(PATH_VALUE_CHARS)}…`);
  });

  it('parses a record once, however often its row is drawn', () => {
    const column = createPathValueReader(segments('a'));
    const r = event('{"a":1}');
    let parses = 0;
    const parse = JSON.parse;
    JSON.parse = ((text: string) => {
      parses++;
      return parse(text) as unknown;
    }) as typeof JSON.parse;
    try {
      for (let i = 0; i < 5; i++) expect(column.read(r)).toBe('1');
    } finally {
      JSON.parse = parse;
    }
    expect(parses).toBe(1);
  });

  it('as a column, the path shows values and stops filtering; as a filter it keeps only events that have it', () => {
    const has = event('{"a":{"b":2}}');
    const lacks = event('{"c":1}');
    const filter = compileFilter(spec({ jsonPath: 'a.b' }));
    expect([filter.test(has), filter.test(lacks)]).toEqual([true, false]);
    expect(filter.column).toBeNull();
    const column = compileFilter(spec({ jsonPath: 'a.b', pathColumn: true }));
    expect([column.test(has), column.test(lacks)]).toEqual([true, true]);
    expect(column.column?.path).toBe('a.b');
    expect(column.column?.read(has)).toBe('2');
    // A path that does not parse is an error, not a column.
    const broken = compileFilter(spec({ jsonPath: 'a..b', pathColumn: true }));
    expect(broken.column).toBeNull();
    expect(broken.pathError).not.toBeNull();
    // No path, no column.
    expect(compileFilter(spec({ pathColumn: true })).column).toBeNull();
  });

  it('gives the column its own grid track before the data', () => {
    expect(listTemplate(DEFAULT_COLUMN_WIDTHS)).toMatch(/px minmax\(0, 1fr\)$/);
    expect(listTemplate(DEFAULT_COLUMN_WIDTHS, true)).toMatch(/px minmax\(0, 1fr\) minmax\(0, 1fr\)$/);
  });
});
