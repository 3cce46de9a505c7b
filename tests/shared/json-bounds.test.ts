import { describe, expect, it } from 'vitest';
import { jsonBoundsProblem } from '../../src/shared/json-bounds';

const bounds = { maxDepth: 3, maxElements: 5 };
const both = (text: string) => [jsonBoundsProblem(text, bounds), jsonBoundsProblem(Buffer.from(text), bounds)];

describe('jsonBoundsProblem', () => {
  it('measures depth and elements of strings and bytes alike', () => {
    expect(both('{"a":[[1]]}')).toEqual([null, null]);
    expect(both('{"a":[[[1]]]}')).toEqual(Array(2).fill('JSON nested deeper than 3 levels'));
    expect(both('[1,2,3,4]')).toEqual([null, null]);
    expect(both('[1,2,3,4,5,6]')).toEqual(Array(2).fill('JSON with more than 5 elements'));
  });

  it('ignores brackets and commas inside strings, escaped quotes included', () => {
    expect(both('["[[[[,,,,,,", "\\"[[[[", "a\\\\"]')).toEqual([null, null]);
    expect(both('["\\\\", [[[1]]]]')).toEqual(Array(2).fill('JSON nested deeper than 3 levels'));
    expect(both('"unterminated [[[[')).toEqual([null, null]);
  });

  it('stops at the first offending byte of a huge frame', () => {
    const frame = Buffer.alloc(50 * 1024 * 1024, '['.charCodeAt(0));
    const started = performance.now();
    expect(jsonBoundsProblem(frame, bounds)).toBe('JSON nested deeper than 3 levels');
    expect(performance.now() - started).toBeLessThan(100);
  });
});
