import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, evaluateJsonPathInText, jsonValueToString, parseJsonPath } from '../../src/shared/json-path';

describe('parseJsonPath', () => {
  it('parses dotted names and indexes of an OpenAI-style chunk path', () => {
    expect(parseJsonPath('choices[0].finish_reason')).toEqual({ ok: true, segments: ['choices', 0, 'finish_reason'] });
  });
  it('accepts a leading $, $. and bare brackets', () => {
    expect(parseJsonPath('$.a.b')).toEqual({ ok: true, segments: ['a', 'b'] });
    expect(parseJsonPath('$[1][2]')).toEqual({ ok: true, segments: [1, 2] });
    expect(parseJsonPath('[3].x')).toEqual({ ok: true, segments: [3, 'x'] });
    expect(parseJsonPath('')).toEqual({ ok: true, segments: [] });
    expect(parseJsonPath('$')).toEqual({ ok: true, segments: [] });
  });
  it('accepts quoted names for keys with dots and negative indexes', () => {
    expect(parseJsonPath('meta["dt.utc"]')).toEqual({ ok: true, segments: ['meta', 'dt.utc'] });
    expect(parseJsonPath("meta['a]b']")).toEqual({ ok: true, segments: ['meta', 'a]b'] });
    expect(parseJsonPath('items[-1]')).toEqual({ ok: true, segments: ['items', -1] });
  });
  it('rejects malformed paths with a one-line reason naming the position', () => {
    for (const bad of ['choices[0', 'a..b', '.a', 'a.', 'a[x]', 'a b', '$.', 'a[]']) {
      const r = parseJsonPath(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) {
        expect(r.error).toContain(`in "${bad}"`);
        expect(r.error).not.toContain('\n');
      }
    }
  });
});

describe('evaluateJsonPath', () => {
  const chunk = { choices: [{ delta: { content: 'Hi' }, finish_reason: null }, { finish_reason: 'stop' }], n: 0 };

  it('finds nested values, including null and falsy ones', () => {
    expect(evaluateJsonPath(chunk, 'choices[1].finish_reason')).toEqual({ found: true, value: 'stop' });
    expect(evaluateJsonPath(chunk, 'choices[0].finish_reason')).toEqual({ found: true, value: null });
    expect(evaluateJsonPath(chunk, 'n')).toEqual({ found: true, value: 0 });
    expect(evaluateJsonPath(chunk, 'choices[-1].finish_reason')).toEqual({ found: true, value: 'stop' });
    expect(evaluateJsonPath(chunk, '')).toEqual({ found: true, value: chunk });
  });
  it('reports missing steps, type mismatches and bad paths as not found', () => {
    expect(evaluateJsonPath(chunk, 'choices[2]')).toEqual({ found: false });
    expect(evaluateJsonPath(chunk, 'choices.0')).toEqual({ found: false });
    expect(evaluateJsonPath(chunk, 'n[0]')).toEqual({ found: false });
    expect(evaluateJsonPath(chunk, 'missing.x')).toEqual({ found: false });
    expect(evaluateJsonPath(chunk, 'toString')).toEqual({ found: false });
    expect(evaluateJsonPath(chunk, 'choices[')).toEqual({ found: false });
  });
  it('takes pre-parsed segments', () => {
    expect(evaluateJsonPath({ a: [1, 2] }, ['a', 1])).toEqual({ found: true, value: 2 });
  });
});

describe('evaluateJsonPathInText', () => {
  it('evaluates inside JSON text and treats the [DONE] sentinel as not found', () => {
    expect(evaluateJsonPathInText('{"type":"message_stop"}', 'type')).toEqual({ found: true, value: 'message_stop' });
    expect(evaluateJsonPathInText('[DONE]', 'type')).toEqual({ found: false });
  });
  it('formats values: strings bare, everything else as JSON', () => {
    expect(jsonValueToString('stop')).toBe('stop');
    expect(jsonValueToString(null)).toBe('null');
    expect(jsonValueToString({ a: 1 })).toBe('{"a":1}');
  });
});
