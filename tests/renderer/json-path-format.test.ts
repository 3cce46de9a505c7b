import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath } from '../../src/shared/json-path';
import { formatJsonPath, parseJsonContainer } from '../../src/renderer/lib/json-path-format';

describe('formatJsonPath', () => {
  it('prints paths the filter parses back to the same value', () => {
    const doc = { choices: [{ delta: { content: 'Hi' } }], 'meta.dt': { 'a b': 1 } };
    for (const segs of [
      ['choices', 0, 'delta', 'content'],
      ['meta.dt', 'a b'],
    ] as const) {
      const text = formatJsonPath(segs);
      const parsed = parseJsonPath(text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(evaluateJsonPath(doc, parsed.segments)).toEqual(evaluateJsonPath(doc, [...segs]));
    }
    expect(formatJsonPath(['choices', 0, 'delta', 'content'])).toBe('choices[0].delta.content');
  });
});

describe('parseJsonContainer', () => {
  it('accepts objects and arrays only; the [DONE] sentinel and scalars stay text', () => {
    expect(parseJsonContainer('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonContainer(' [1]')).toEqual([1]);
    expect(parseJsonContainer('[DONE]')).toBeNull();
    expect(parseJsonContainer('42')).toBeNull();
  });
});
