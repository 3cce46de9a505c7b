import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from '../../../src/core/open-stream';
import { collectingSink, eventsOf, ofKind, statesOf } from './records-helper';
import { beginStream, startServer, writeParts, type TestServer } from '../../support/servers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('openStream', () => {
  it('uses the SSE engine for http URLs', async () => {
    server = await startServer((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: via openStream\n\n']);
    });
    const { sink, records } = collectingSink();
    const conn = openStream({ request: { url: server.url(), reconnect: false } }, sink);
    expect(conn.transport).toBe('sse');
    await conn.done;
    expect(eventsOf(records).map((e) => e.data)).toEqual(['via openStream']);
  });

  it('reports an unsupported scheme as an invalid-url error and closes, without throwing', async () => {
    const { sink, records } = collectingSink();
    const conn = openStream({ request: { url: 'gopher://127.0.0.1/x' } }, sink);
    await conn.done;
    expect(ofKind(records, 'error').map((e) => e.code)).toEqual(['invalid-url']);
    expect(statesOf(records)).toEqual(['2:invalid-request']);
    expect(conn.readyState).toBe(2);
  });
});
