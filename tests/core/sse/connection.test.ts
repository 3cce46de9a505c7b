import { afterEach, describe, expect, it } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import type { StreamConnection } from '../../../src/core/stream';
import { beginStream, startServer, writeParts, type TestServer } from './test-server';
import { collectingSink, eventsOf, ofKind, statesOf, until } from './records-helper';

let server: TestServer | undefined;
let conn: StreamConnection | undefined;
afterEach(async () => {
  conn?.close();
  conn = undefined;
  await server?.close();
  server = undefined;
});

describe('SSE connection', () => {
  it('streams events from a real server and ends CLOSED with reconnect off', async () => {
    server = await startServer((_req, res) => {
      beginStream(res);
      void writeParts(res, ['id: 1\ndata: a\n\n', 'data: b\n\n']);
    });
    const { sink, records } = collectingSink();
    conn = createSseConnection({ request: { url: server.url('/sse'), reconnect: false } }, sink);
    await conn.done;
    expect(statesOf(records)).toEqual(['0:connecting', '1:open', '2:stream-ended']);
    expect(eventsOf(records)).toEqual([
      { type: 'message', data: 'a', lastEventId: '1', id: '1' },
      { type: 'message', data: 'b', lastEventId: '1', id: null },
    ]);
    expect(records.map((r) => r.kind).slice(0, 3)).toEqual(['state', 'response', 'state']);
    expect(server.requests[0]!.headers.accept).toBe('text/event-stream');
    expect(server.requests[0]!.headers['cache-control']).toBe('no-store');
  });
});
