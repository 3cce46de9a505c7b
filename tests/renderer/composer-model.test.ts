import { describe, expect, it } from 'vitest';
import {
  addToHistory,
  buildOutgoing,
  HISTORY_LIMIT,
  MAX_PING_BYTES,
  prettyJson,
  type SentEntry,
} from '../../src/renderer/features/composer/composer-model';

describe('composer', () => {
  it('sends text as typed, including multi-byte characters, and counts UTF-8 bytes', () => {
    const r = buildOutgoing('text', 'héllo');
    expect(r).toEqual({ ok: true, message: { type: 'text', data: 'héllo' }, size: 6, summary: 'héllo' });
  });

  it('refuses invalid JSON with the parser message on one line, accepts valid JSON as a text frame', () => {
    const bad = buildOutgoing('json', '{"a": 1,}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/^invalid JSON: /);
      expect(bad.error).not.toContain('\n');
    }
    const good = buildOutgoing('json', '{"a": [1, 2]}');
    expect(good).toMatchObject({ ok: true, message: { type: 'text', data: '{"a": [1, 2]}' } });
    expect(buildOutgoing('json', '   ').ok).toBe(false);
  });

  it('pretty-prints JSON with two spaces', () => {
    expect(prettyJson('{"a":{"b":1}}')).toEqual({ ok: true, text: '{\n  "a": {\n    "b": 1\n  }\n}' });
    expect(prettyJson('nope').ok).toBe(false);
  });

  it('decodes hex and base64 binary and re-encodes canonically; says what is wrong otherwise', () => {
    expect(buildOutgoing('binary', '0xDE AD:be-ef', 'hex')).toMatchObject({
      ok: true,
      message: { type: 'binary', encoding: 'hex', data: 'deadbeef' },
      size: 4,
    });
    expect(buildOutgoing('binary', '3q2+7w', 'base64')).toMatchObject({
      ok: true,
      message: { type: 'binary', encoding: 'base64', data: '3q2+7w==' },
      size: 4,
    });
    expect(buildOutgoing('binary', 'abc', 'hex')).toEqual({
      ok: false,
      error: 'invalid hex: odd number of digits (3)',
    });
    expect(buildOutgoing('binary', 'zz', 'hex')).toEqual({ ok: false, error: 'invalid hex: unexpected character "z"' });
    expect(buildOutgoing('binary', 'a', 'base64').ok).toBe(false);
  });

  it('limits ping payloads to 125 bytes', () => {
    expect(buildOutgoing('ping', '')).toMatchObject({ ok: true, message: { type: 'ping' } });
    expect(buildOutgoing('ping', 'x'.repeat(MAX_PING_BYTES))).toMatchObject({ ok: true, size: 125 });
    expect(buildOutgoing('ping', 'x'.repeat(MAX_PING_BYTES + 1))).toEqual({
      ok: false,
      error: 'a ping carries at most 125 bytes (this is 126)',
    });
  });

  it('keeps the newest history entries first and bounded', () => {
    let h: SentEntry[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++)
      h = addToHistory(h, {
        id: i,
        at: i,
        mode: 'text',
        encoding: 'hex',
        input: `${i}`,
        summary: `${i}`,
        size: 1,
        error: null,
      });
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[0]!.id).toBe(HISTORY_LIMIT + 4);
  });
});

describe('composer: Socket.IO events', () => {
  it('builds an event from a name and a JSON array of arguments', () => {
    expect(buildOutgoing('event', '["hi", {"n": 1}]', 'hex', 'chat')).toEqual({
      ok: true,
      message: { type: 'event', event: 'chat', args: ['hi', { n: 1 }] },
      size: 16,
      summary: 'chat ["hi",{"n":1}]',
    });
    expect(buildOutgoing('event', '', 'hex', 'ping-me')).toMatchObject({ ok: true, message: { args: [] } });
  });

  it('refuses a missing or reserved name and arguments that are not a JSON array', () => {
    expect(buildOutgoing('event', '[]', 'hex', '')).toEqual({
      ok: false,
      error: 'nothing to send: type an event name',
    });
    expect(buildOutgoing('event', '[]', 'hex', 'disconnect')).toEqual({
      ok: false,
      error: '"disconnect" is a reserved Socket.IO event name',
    });
    expect(buildOutgoing('event', '{"a":1}', 'hex', 'x')).toEqual({
      ok: false,
      error: 'the arguments are a JSON array, e.g. ["hello", 1]',
    });
    expect(buildOutgoing('event', '[1,', 'hex', 'x')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid JSON: /),
    });
  });
});
