import { describe, expect, it } from 'vitest';
import { compileFilter, defaultFilterSpec, MAX_MARKS } from '../../src/renderer/lib/record-filter';

const find = (text: string, regex = false) => compileFilter({ ...defaultFilterSpec('sse'), text, regex }).highlight;

describe('filter marks', () => {
  it('finds every case-insensitive occurrence of plain text', () => {
    expect(find('ab')!('xAbyabAB')).toEqual([
      [1, 3],
      [4, 6],
      [6, 8],
    ]);
    expect(find('zz')!('abc')).toEqual([]);
  });

  it('finds regular expression matches, stepping over empty ones', () => {
    expect(find('Mess\\w+', true)!('a Message 12 and message 3')).toEqual([
      [2, 9],
      [17, 24],
    ]);
    expect(find('x*', true)!('axxb')).toEqual([[1, 3]]);
  });

  it('has nothing to mark without a text filter or with an invalid regex, and bounds its marks', () => {
    expect(find('')).toBeNull();
    expect(find('(', true)).toBeNull();
    expect(find('a')!('a'.repeat(10_000))).toHaveLength(MAX_MARKS);
  });
});
