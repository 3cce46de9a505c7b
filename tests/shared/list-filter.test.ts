import { describe, expect, it } from 'vitest';
import { checkListFilter, defaultFilterSpec, LIST_FILTER_LIMITS } from '../../src/shared/list-filter';

const good = {
  kinds: ['event', 'comment'],
  types: ['message'],
  text: 'x',
  regex: true,
  jsonPath: 'a.b',
  pathColumn: true,
};

const message = (v: unknown): string => {
  const r = checkListFilter(v);
  if (r.ok) throw new Error('accepted');
  return r.error.message;
};

describe('list filter check', () => {
  it('accepts a filter as the app writes it, and one without pathColumn (false)', () => {
    expect(checkListFilter(good)).toEqual({ ok: true, value: good });
    const { pathColumn: _, ...older } = good;
    expect(checkListFilter(older)).toEqual({ ok: true, value: { ...good, pathColumn: false } });
    expect(checkListFilter(defaultFilterSpec('ws'))).toEqual({ ok: true, value: defaultFilterSpec('ws') });
  });

  it('drops repeated kinds and types', () => {
    const r = checkListFilter({ ...good, kinds: ['event', 'event'], types: ['a', 'a', 'b'] });
    expect(r.ok && [r.value.kinds, r.value.types]).toEqual([['event'], ['a', 'b']]);
  });

  it('refuses what is not a filter with one line naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /^filter must be an object, got null$/],
      [[], /^filter must be an object, got an array$/],
      [{ ...good, extra: 1 }, /^filter: unknown field "extra"$/],
      [{ ...good, kinds: 'event' }, /^filter\.kinds must be an array/],
      [{ ...good, kinds: ['event', '__proto__'] }, /^filter\.kinds: unknown record kind "__proto__"$/],
      [{ ...good, kinds: ['toString'] }, /unknown record kind "toString"/],
      [{ ...good, types: [1] }, /^filter\.types\[\] must be a string, got number$/],
      [{ ...good, types: Array(LIST_FILTER_LIMITS.types + 1).fill('a') }, /^filter\.types has too many entries/],
      [{ ...good, text: 'x'.repeat(LIST_FILTER_LIMITS.textChars + 1) }, /^filter\.text is too long/],
      [{ ...good, jsonPath: 7 }, /^filter\.jsonPath must be a string, got number$/],
      [{ ...good, regex: 'yes' }, /^filter\.regex must be true or false, got string$/],
      [{ ...good, pathColumn: 1 }, /^filter\.pathColumn must be true or false, got number$/],
      [{ ...good, text: undefined }, /^filter\.text must be a string, got undefined$/],
    ];
    for (const [value, expected] of cases) {
      const m = message(value);
      expect(m).toMatch(expected);
      expect(m).not.toContain('\n');
    }
  });
});
