/**
 * Real GraphQL subscription servers for tests, on node:http at 127.0.0.1:0: graphql-ws's
 * `useServer` on WebSocket upgrades to /graphql and graphql-sse's `createHandler` on HTTP requests
 * to /graphql, both over the demo's schema (ticks, failing). The test can see what clients sent
 * over WebSocket, and can have the server ping each new client at the protocol level.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { createHandler } from 'graphql-sse/lib/use/http';
import { createDemoSchema } from '../../../src/core/demo/graphql';

export interface TestGraphqlServer {
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  /** http://127.0.0.1:<port>/graphql */
  httpUrl: string;
  /** Every text message clients sent over WebSocket, parsed, in order. */
  received: Array<{ type?: string; id?: string; payload?: unknown }>;
  /** HTTP requests graphql-sse answered: method and status. */
  httpRequests: Array<{ method: string; status: number }>;
  close(): Promise<void>;
}

export async function startGraphqlServer(options: { pingOnConnect?: boolean } = {}): Promise<TestGraphqlServer> {
  const schema = await createDemoSchema();
  const sse = createHandler({ schema });
  const received: TestGraphqlServer['received'] = [];
  const httpRequests: TestGraphqlServer['httpRequests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    res.once('close', () => httpRequests.push({ method: req.method ?? '', status: res.statusCode }));
    sse(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      try {
        received.push(JSON.parse(data.toString('utf8')) as TestGraphqlServer['received'][number]);
      } catch {
        received.push({});
      }
    });
  });
  useServer(
    {
      schema,
      onConnect: (ctx) => {
        if (options.pingOnConnect) ctx.extra.socket.send(JSON.stringify({ type: 'ping', payload: { n: 1 } }));
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    httpUrl: `http://127.0.0.1:${port}/graphql`,
    received,
    httpRequests,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
