/**
 * The demo's /graphql endpoint: graphql-ws's and graphql-sse's own clients subscribe to it (so it
 * is a real GraphQL subscription server on both transports), and close() ends a running one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink } from '../../../src/core/stream';

const TICKS = 'subscription { ticks(count: 2, delayMs: 1) { n message } }';
const EXPECTED = [1, 2].map((n) => ({ data: { ticks: { n, message: `tick ${n} of 2` } } }));

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

describe('demo /graphql', () => {
  it('graphql-ws: its client gets the ticks; a bad query is refused with the validation error', async () => {
    const client = createClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const results: unknown[] = [];
      for await (const r of client.iterate({ query: TICKS })) results.push(r);
      expect(results).toEqual(EXPECTED);
      const failing = client.iterate({ query: 'subscription { nope }' });
      await expect(failing.next()).rejects.toEqual([
        expect.objectContaining({ message: 'Cannot query field "nope" on type "Subscription".' }),
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('graphql-sse: its client gets the ticks in both modes', async () => {
    for (const singleConnection of [false, true]) {
      const client = createSseClient({ url: `${server.url}/graphql`, singleConnection, retryAttempts: 0 });
      try {
        const results: unknown[] = [];
        for await (const r of client.iterate({ query: TICKS })) results.push(r);
        expect(results).toEqual(EXPECTED);
      } finally {
        client.dispose();
      }
    }
  });

  it('close() ends a running subscription at once', async () => {
    const own = await startDemoServer();
    const states: string[] = [];
    const connection = openStream(
      {
        request: {
          url: `${own.url.replace('http', 'ws')}/graphql`,
          graphql: { query: 'subscription { ticks(count: 1000, delayMs: 1000) { n } }' },
        },
      },
      createSequencedSink('s', (r) => {
        if (r.kind === 'frame' && r.decoded?.protocol === 'graphql-transport-ws') states.push(r.decoded.type);
        if (r.kind === 'frame' && r.decoded?.protocol === 'graphql-transport-ws' && r.decoded.type === 'subscribe')
          void own.close();
      }),
    );
    await connection.done;
    expect(states).toEqual(['connection_init', 'connection_ack', 'subscribe']);
    await own.close();
  });
});
