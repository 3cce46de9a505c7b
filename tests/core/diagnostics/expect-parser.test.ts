import { describe, expect, it } from 'vitest';
import { parseExpectation, type Expectation } from '../../../src/core/diagnostics/expect-parser';

function ok(spec: string): Expectation {
  const r = parseExpectation(spec);
  if (!r.ok) throw new Error(`expected "${spec}" to parse: ${r.error}`);
  return r.expectation;
}

function error(spec: string): string {
  const r = parseExpectation(spec);
  if (r.ok) throw new Error(`expected "${spec}" to be rejected`);
  expect(r.error).not.toContain('\n');
  return r.error;
}

describe('--expect grammar', () => {
  it("the issue's five forms parse", () => {
    expect(ok('event=message_stop within 10s')).toMatchObject({
      kind: 'event',
      filter: { by: 'type', type: 'message_stop' },
      withinMs: 10_000,
    });
    expect(ok('count(type=content_block_delta) >= 1')).toMatchObject({
      kind: 'count',
      filter: { by: 'type', type: 'content_block_delta' },
      op: '>=',
      value: 1,
    });
    expect(ok('json(choices[0].finish_reason)=stop')).toMatchObject({
      kind: 'json',
      filter: {
        by: 'json',
        path: ['choices', 0, 'finish_reason'],
        pathText: 'choices[0].finish_reason',
        op: '=',
        value: 'stop',
      },
    });
    expect(ok('no-diagnostics>=warning')).toMatchObject({ kind: 'no-diagnostics', min: 'warning' });
    expect(ok('first-event < 500ms')).toMatchObject({ kind: 'first-event', op: '<', ms: 500 });
  });

  it('keeps the spec text and accepts spacing variants', () => {
    expect(ok('  event = ping ').spec).toBe('  event = ping ');
    expect(ok('event = ping')).toMatchObject({ filter: { type: 'ping' }, withinMs: null });
    expect(ok('no-diagnostics')).toMatchObject({ kind: 'no-diagnostics', min: 'info' });
    expect(ok('no-diagnostics >= error')).toMatchObject({ min: 'error' });
    expect(ok('first-event<=1.5s')).toMatchObject({ op: '<=', ms: 1500 });
    expect(ok('count() == 3')).toMatchObject({ kind: 'count', filter: { by: 'any' }, op: '=', value: 3 });
    expect(ok('count(*)>0')).toMatchObject({ filter: { by: 'any' }, op: '>', value: 0 });
    expect(ok('status=200')).toMatchObject({ kind: 'status', op: '=', value: 200 });
  });

  it('filters: json inside count and event, data contains, quoted values', () => {
    expect(ok('count(json(delta.text)~Hel) >= 1')).toMatchObject({
      filter: { by: 'json', path: ['delta', 'text'], op: '~', value: 'Hel' },
    });
    expect(ok('event(json(type)=message_stop) within 2m')).toMatchObject({
      kind: 'event',
      filter: { by: 'json', value: 'message_stop' },
      withinMs: 120_000,
    });
    expect(ok('event(data~[DONE])')).toMatchObject({
      filter: { by: 'data', op: '~', value: '[DONE]' },
      withinMs: null,
    });
    expect(ok('json(a.b) = "two words"')).toMatchObject({ filter: { value: 'two words' } });
    expect(ok('json(usage.total_tokens) > 10')).toMatchObject({ filter: { op: '>', value: '10' } });
    expect(ok('count(json(x)=")") = 1')).toMatchObject({ filter: { value: ')' }, value: 1 });
  });

  it('filters on what a protocol decoder read: decoded.<path> <op> <value>', () => {
    expect(ok('count(decoded.method=notifications/progress) >= 3')).toMatchObject({
      kind: 'count',
      filter: { by: 'decoded', pathText: 'method', op: '=', value: 'notifications/progress' },
      op: '>=',
      value: 3,
    });
    expect(ok('event(decoded.args[0].n > 2) within 1s')).toMatchObject({
      filter: { by: 'decoded', pathText: 'args[0].n', op: '>', value: '2' },
      withinMs: 1000,
    });
    expect(error('count(decoded.event) > 1')).toContain('expected an operator');
    expect(error('count(decoded.a[=1) > 1')).toContain('bad decoded path');
  });

  it('bad specs give a clear one-line reason', () => {
    expect(error('')).toBe('empty assertion');
    expect(error('events=3')).toContain('unknown assertion "events"');
    expect(error('event=')).toContain('expected an event type');
    expect(error('event=done within soon')).toContain('expected a duration like 500ms, 10s or 2m, got "soon"');
    expect(error('first-event < 500')).toContain('got "500"');
    expect(error('count(type=x) >= many')).toContain('expected a whole number, got "many"');
    expect(error('count(type=x)')).toContain('expected a comparison');
    expect(error('count(type=x')).toContain('unclosed "("');
    expect(error('count(kind=x) > 1')).toContain('unknown filter "kind=x"');
    expect(error('json(choices[0)=stop')).toContain('bad JSON path');
    expect(error('json(a) stop')).toContain('expected an operator');
    expect(error('no-diagnostics>=fatal')).toContain('unknown severity "fatal"');
    expect(error('status=ok')).toContain('expected an HTTP status code');
    expect(error('event(type=a) soon')).toContain('expected "within <duration>"');
  });
});
