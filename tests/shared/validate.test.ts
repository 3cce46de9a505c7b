import { describe, expect, it } from 'vitest';
import { validateCall, validateEnvelope, LIMITS } from '../../src/shared/validate';

function error(method: string, params: unknown): string {
  const r = validateCall(method, params);
  if (r.ok) throw new Error(`expected ${method} to be refused`);
  expect(r.error.code).toBe('invalid-argument');
  expect(r.error.message).not.toContain('\n');
  return r.error.message;
}

describe('request validation', () => {
  it('accepts a well-formed open request and normalises it', () => {
    const r = validateCall('sessions.open', [
      {
        request: {
          url: 'http://127.0.0.1:1/sse',
          method: 'POST',
          headers: [['Authorization', 'Bearer x']],
          body: '{}',
        },
        capacity: 500,
      },
    ]);
    expect(r.ok && r.value).toEqual({
      method: 'sessions.open',
      args: [
        {
          request: {
            url: 'http://127.0.0.1:1/sse',
            method: 'POST',
            headers: [['Authorization', 'Bearer x']],
            body: '{}',
          },
          capacity: 500,
        },
      ],
    });
  });

  it('refuses bad URLs, methods, headers, bodies and capacities with a one-line reason', () => {
    const open = (request: unknown, extra: object = {}) => error('sessions.open', [{ request, ...extra }]);
    expect(open({ url: 'file:///etc/passwd' })).toMatch(/must be http\(s\).*ws\(s\)/);
    expect(open({ url: 'not a url' })).toMatch(/not an absolute URL/);
    expect(open({ url: 42 })).toMatch(/url must be a string/);
    expect(open({ url: 'http://x/', method: 'GET\r\nX: y' })).toMatch(/method contains/);
    expect(open({ url: 'http://x/', headers: [['X-A', 'v\r\nInjected: 1']] })).toMatch(/headers\[0\] value contains/);
    expect(open({ url: 'http://x/', headers: [['bad name', 'v']] })).toMatch(/headers\[0\] name/);
    expect(open({ url: 'http://x/', headers: { a: 'b' } })).toMatch(/headers must be an array/);
    expect(open({ url: 'http://x/', body: 'x'.repeat(LIMITS.bodyBytes + 1) })).toMatch(/body is too large/);
    expect(open({ url: 'http://x/', lastEventId: 'a\nb' })).toMatch(/lastEventId/);
    expect(open({ url: 'http://x/', extra: 1 })).toMatch(/unknown field "extra"/);
    expect(open({ url: 'http://x/' }, { capacity: 0 })).toMatch(/capacity must be between/);
    expect(open({ url: 'http://x/' }, { capacity: 1.5 })).toMatch(/capacity must be an integer/);
    expect(open({ url: 'http://x/' }, { capacity: LIMITS.maxCapacity + 1 })).toMatch(/capacity/);
  });

  it('refuses bad ids, speeds, seeks, pages and settings', () => {
    expect(error('sessions.close', ['../etc'])).toMatch(/sessionId contains/);
    expect(error('sessions.close', [])).toMatch(/expected 1 argument/);
    expect(error('sessions.close', ['s1', 'extra'])).toMatch(/expected 1 argument/);
    expect(error('replay.setSpeed', ['s1', -1])).toMatch(/speed must be between/);
    expect(error('replay.setSpeed', ['s1', Number.POSITIVE_INFINITY])).toMatch(/speed must be a finite number/);
    expect(error('replay.seek', ['s1', { ms: 1, index: 2 }])).toMatch(/exactly one/);
    expect(error('sessions.records', ['s1', 0, LIMITS.maxRecordsPage + 1])).toMatch(/between 1 and/);
    expect(error('settings.set', [{ theme: 'neon' }])).toMatch(/theme/);
    expect(error('settings.set', [{ password: 'x' }])).toMatch(/unknown field/);
    expect(error('sessions.send', ['s1', { type: 'binary', encoding: 'utf7', data: '' }])).toMatch(/encoding/);
    expect(error('no.such', [])).toMatch(/unknown method/);
    expect(error('sessions.list', 'nope')).toMatch(/params must be an array/);
  });

  it('lets optional trailing arguments be left out or undefined', () => {
    expect(validateCall('recording.save', ['s1']).ok).toBe(true);
    expect(validateCall('recording.save', ['s1', undefined]).ok).toBe(true);
  });

  it('recording.start takes a session id and, optionally, { includeBuffered: boolean } only', () => {
    const start = (...params: unknown[]) => validateCall('recording.start', params);
    expect(start('s1')).toEqual({ ok: true, value: { method: 'recording.start', args: ['s1'] } });
    expect(start('s1', { includeBuffered: true })).toEqual({
      ok: true,
      value: { method: 'recording.start', args: ['s1', { includeBuffered: true }] },
    });
    expect(start('s1', {}).ok).toBe(true);
    expect(error('recording.start', ['s1', { includeBuffered: 'yes' }])).toMatch(/options\.includeBuffered/);
    expect(error('recording.start', ['s1', { includeBuffered: true, path: '/tmp/x' }])).toMatch(/unknown field/);
    expect(error('recording.start', ['s1', 5])).toMatch(/options must be an object/);
    expect(error('recording.start', ['s1', {}, 'extra'])).toMatch(/expected 1-2 argument/);
  });

  it('recording.exportHar takes a session id and nothing else (the file is chosen by the back end)', () => {
    expect(validateCall('recording.exportHar', ['s1']).ok).toBe(true);
    expect(validateCall('recording.exportHar', ['s1', '/tmp/out.har']).ok).toBe(false);
    expect(validateCall('recording.exportHar', [42]).ok).toBe(false);
    expect(validateCall('recording.exportHar', []).ok).toBe(false);
  });

  it('sessions.open takes the secret values to hide as a bounded list of strings', () => {
    const open = (secrets: unknown) => validateCall('sessions.open', [{ request: { url: 'http://x/' }, secrets }]);
    expect(open(['a', ''])).toEqual({
      ok: true,
      value: { method: 'sessions.open', args: [{ request: { url: 'http://x/' }, secrets: ['a'] }] },
    });
    expect(open('a').ok).toBe(false);
    expect(open([1]).ok).toBe(false);
    expect(open(Array.from({ length: 65 }, () => 'x')).ok).toBe(false);
  });

  it('checks the host envelope', () => {
    expect(validateEnvelope({ id: 1, method: 'sessions.list', params: [] }).ok).toBe(true);
    expect(validateEnvelope([1, 2]).ok).toBe(false);
    expect(validateEnvelope({ id: -1, method: 'x', params: [] }).ok).toBe(false);
    expect(validateEnvelope({ id: 1, method: 'x', params: {} }).ok).toBe(false);
    expect(validateEnvelope({ id: 1, method: 'x', params: [], admin: true }).ok).toBe(false);
  });
});

describe('Socket.IO requests and events across the bridge', () => {
  it('accepts a socketio request and an event message, copied', () => {
    const r = validateCall('sessions.open', [
      {
        request: {
          url: 'http://127.0.0.1:1',
          socketio: { namespace: '/a', auth: { t: 1 }, emits: [{ event: 'e', args: [1] }] },
        },
      },
    ]);
    expect(r.ok && r.value).toEqual({
      method: 'sessions.open',
      args: [
        {
          request: {
            url: 'http://127.0.0.1:1',
            socketio: { namespace: '/a', auth: { t: 1 }, emits: [{ event: 'e', args: [1] }] },
          },
        },
      ],
    });
    expect(validateCall('sessions.send', ['s1', { type: 'event', event: 'hi', args: ['x'] }]).ok).toBe(true);
  });

  it.each([
    [{ socketio: { namespace: 'a' } }, 'request.socketio.namespace: a namespace starts with "/"'],
    [{ socketio: { auth: [1] } }, 'request.socketio.auth must be a JSON object'],
    [{ socketio: { emits: [{ event: 'connect', args: [] }] } }, '"connect" is a reserved Socket.IO event name'],
    [{ socketio: { extra: 1 } }, 'unknown field "extra"'],
  ])('refuses %j', (extra, message) => {
    const r = validateCall('sessions.open', [{ request: { url: 'http://127.0.0.1:1', ...extra } }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(message);
  });

  it('refuses an event whose arguments are not an array', () => {
    const r = validateCall('sessions.send', ['s1', { type: 'event', event: 'hi', args: 'x' }]);
    expect(r.ok).toBe(false);
  });
});

describe('GraphQL requests across the bridge', () => {
  it('accepts an operation for either transport, copied with only its known fields', () => {
    const graphql = { query: 'subscription { ticks { n } }', variables: '{"count":2}', operationName: 'T' };
    for (const [url, extra] of [
      ['ws://127.0.0.1:1/graphql', {}],
      ['http://127.0.0.1:1/graphql', { sseMode: 'single' }],
    ] as const) {
      const r = validateCall('sessions.open', [{ request: { url, graphql: { ...graphql, ...extra } } }]);
      expect(r.ok && r.value.args[0]).toEqual({ request: { url, graphql: { ...graphql, ...extra } } });
    }
  });

  it.each([
    [{ graphql: { query: ' ' } }, 'request.graphql .query must be a non-empty string'],
    [{ graphql: { query: 'subscription { a }', variables: '{"a":' } }, 'request.graphql .variables is not valid JSON'],
    [{ graphql: { query: 'subscription { a }', variables: '[1]' } }, '.variables must be a JSON object'],
    [{ graphql: { query: 'subscription { a }', sseMode: 'many' } }, '.sseMode must be distinct or single'],
    [{ graphql: { query: 'subscription { a }' }, socketio: {} }, 'graphql and socketio cannot be combined'],
    [{ graphql: { query: 'subscription { a }' }, preset: 'mcp' }, 'graphql and preset cannot be combined'],
    [
      { url: 'ws://127.0.0.1:1/graphql', graphql: { query: 'subscription { a }', sseMode: 'single' } },
      'request.graphql.sseMode applies to graphql-sse (http(s) URLs)',
    ],
  ])('refuses %j', (extra, message) => {
    expect(error('sessions.open', [{ request: { url: 'http://127.0.0.1:1/graphql', ...extra } }])).toContain(message);
  });
});
