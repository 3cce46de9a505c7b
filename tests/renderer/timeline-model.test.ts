import { describe, expect, it } from 'vitest';
import {
  createTimelineModel,
  describeReason,
  formatDuration,
  formatOffset,
  MAX_TRANSITIONS,
  sentRequest,
  stateName,
} from '../../src/renderer/features/timeline/timeline-model';
import { APP_VERSION } from '../../src/shared/version';
import type { StateReason, StreamRecord } from '../../src/shared/records';

const T0 = 1_700_000_000_000;
let seq = 0;
const base = (t: number, connection: number) => ({ sessionId: 's', seq: seq++, t: T0 + t, connection });
const state = (
  t: number,
  connection: number,
  readyState: number,
  reason: StateReason,
  message = '',
  extra: object = {},
): StreamRecord => ({
  kind: 'state',
  ...base(t, connection),
  readyState,
  reason,
  message,
  ...extra,
});
const response = (t: number, connection: number, status: number, sentAt: number): StreamRecord => ({
  kind: 'response',
  ...base(t, connection),
  status,
  statusText: status === 200 ? 'OK' : 'Error',
  headers: { 'content-type': 'text/event-stream' },
  url: 'http://127.0.0.1/sse',
  redirected: false,
  requestSentAt: T0 + sentAt,
});
const chunk = (t: number, connection: number): StreamRecord => ({
  kind: 'chunk',
  ...base(t, connection),
  bytes: new Uint8Array(10),
});
const event = (t: number, connection: number, id: string): StreamRecord => ({
  kind: 'event',
  ...base(t, connection),
  type: 'message',
  data: 'x',
  lastEventId: id,
  id,
  chunks: [0, 0],
  size: 1,
});

/** A session that connects, gets two events, loses the stream, waits, and reconnects with Last-Event-ID. */
function reconnectStory(): StreamRecord[] {
  return [
    state(0, 1, 0, 'connecting'),
    response(12, 1, 200, 1),
    state(12, 1, 1, 'open'),
    chunk(15, 1),
    event(15, 1, '1'),
    event(65, 1, '2'),
    state(100, 1, 0, 'waiting-retry', '', { delayMs: 300 }),
    state(400, 2, 0, 'reconnecting', '', { lastEventId: '2' }),
    response(420, 2, 200, 401),
    state(420, 2, 1, 'open'),
    event(470, 2, '3'),
    state(600, 2, 2, 'closed-by-user'),
  ];
}

describe('timeline model', () => {
  it('turns state records into strip segments that end where the next begins', () => {
    const m = createTimelineModel();
    for (const r of reconnectStory()) m.consume(r);
    const segs = m.segments('sse', T0 + 700);
    expect(segs.map((s) => s.state)).toEqual(['CONNECTING', 'OPEN', 'CONNECTING', 'CONNECTING', 'OPEN', 'CLOSED']);
    expect(segs[1]!.end - segs[1]!.start).toBe(88);
    expect(segs[2]!.label).toBe('waiting to retry: waiting 300 ms');
    expect(segs[5]!.label).toBe('closed by user');
    expect(segs[5]!.end).toBe(T0 + 700);
  });

  it('gives every connection its response, TTFB, first event and the Last-Event-ID it sent', () => {
    const m = createTimelineModel();
    for (const r of reconnectStory()) m.consume(r);
    const conns = m.connections();
    expect(conns).toHaveLength(2);
    expect(conns[0]).toMatchObject({
      connection: 1,
      ttfbMs: 11,
      firstEventMs: 14,
      reconnect: false,
      lastEventId: null,
    });
    expect(conns[0]!.response?.status).toBe(200);
    expect(conns[1]).toMatchObject({ connection: 2, ttfbMs: 19, firstEventMs: 69, reconnect: true, lastEventId: '2' });
  });

  it('lists an attempt that never got a response, timed from its state record', () => {
    const m = createTimelineModel();
    m.consume(state(0, 1, 0, 'connecting'));
    m.consume(state(30, 1, 2, 'network-error', 'connect ECONNREFUSED'));
    const [c] = m.connections();
    expect(c).toMatchObject({ connection: 1, response: null, ttfbMs: null, startedAt: T0 });
    expect(m.segments('sse', T0 + 30)[1]).toMatchObject({
      failure: true,
      label: 'network error: connect ECONNREFUSED',
    });
  });

  it('treats the first inbound WebSocket frame as the first event', () => {
    const m = createTimelineModel();
    m.consume(state(0, 1, 0, 'connecting'));
    m.consume(response(5, 1, 101, 0));
    m.consume({ kind: 'frame', ...base(8, 1), dir: 'out', opcode: 'text', data: 'hi', size: 2 });
    m.consume({ kind: 'frame', ...base(9, 1), dir: 'in', opcode: 'text', data: 'hello', size: 5 });
    expect(m.connections()[0]).toMatchObject({ ttfbMs: 5, firstEventMs: 9 });
    expect(stateName('ws', 2)).toBe('CLOSING');
    expect(stateName('sse', 2)).toBe('CLOSED');
  });

  it('keeps a bounded number of transitions in a reconnect storm', () => {
    const m = createTimelineModel();
    for (let i = 0; i < MAX_TRANSITIONS + 50; i++) m.consume(state(i, i + 1, 0, 'reconnecting'));
    expect(m.transitions).toHaveLength(MAX_TRANSITIONS);
    expect(m.droppedTransitions).toBe(50);
  });

  it('describes reasons with their detail once', () => {
    expect(describeReason({ reason: 'http-status', message: 'HTTP 500' })).toBe('HTTP 500');
    expect(describeReason({ reason: 'stream-ended', message: '' })).toBe('stream ended');
    expect(formatOffset(1234.5)).toBe('+1.234 s');
    expect(formatDuration(12.34)).toBe('12.3 ms');
    expect(formatDuration(null)).toBe('–');
  });
});

describe('the request as sent', () => {
  const live = { transport: 'sse' as const, source: 'live' as const };

  it('lists the headers the app adds, hides secret values, and reports a JSON body sent without a type', () => {
    const sent = sentRequest({
      ...live,
      request: {
        url: 'http://h/echo?q=1',
        method: 'post',
        headers: [['Authorization', 'Bearer k']],
        body: '{"a":1}',
      },
    });
    expect(sent).toMatchObject({ method: 'POST', url: 'http://h/echo?q=1' });
    expect(sent!.headers).toEqual([
      ['Authorization', '[redacted]'],
      ['Accept', 'text/event-stream'],
      ['Cache-Control', 'no-store'],
      ['Accept-Encoding', 'identity'],
      ['User-Agent', `streamscope/${APP_VERSION}`],
    ]);
    expect(sent!.note).toMatch(/^The body is JSON but was sent without a Content-Type/);
    const typed = sentRequest({
      ...live,
      request: { url: 'http://h/', method: 'POST', headers: [['content-type', 'application/json']], body: '{}' },
    });
    expect(typed!.note).toBeNull();
    expect(sentRequest({ ...live, request: { url: 'http://h/', method: 'POST', body: 'a=1' } })!.note).toBe(
      'The body was sent without a Content-Type.',
    );
  });

  it('shows a proxied request as it was forwarded, and none for engines that build their own', () => {
    const proxied = sentRequest({
      ...live,
      request: {
        url: 'http://up/x',
        headers: [
          ['Host', 'up'],
          ['X-Api-Key', 'k'],
        ],
      },
      proxy: { proxyId: 'p1', method: 'GET', path: '/x', status: 200 },
    });
    expect(proxied!.headers).toEqual([
      ['Host', 'up'],
      ['X-Api-Key', '[redacted]'],
    ]);
    expect(sentRequest({ transport: 'ws', source: 'live', request: { url: 'ws://h/' } })).toBeNull();
    expect(sentRequest({ ...live, request: { url: 'http://h/mcp', preset: 'mcp' } })).toBeNull();
    expect(sentRequest({ ...live, source: 'replay', request: { url: 'http://h/' } })).toBeNull();
  });
});
