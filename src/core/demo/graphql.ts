/**
 * The demo's GraphQL endpoint at /graphql: subscriptions over WebSocket (graphql-ws's
 * `graphql-transport-ws`) and over HTTP (graphql-sse, both of its modes), served by the real
 * graphql-ws and graphql-sse servers over a tiny graphql-js schema. The real libraries rather than
 * a hand-made subset, so what the app shows on first launch (validation errors included) is what
 * a production GraphQL server sends. They are loaded on the first request to /graphql, so a demo
 * server that never serves GraphQL never pays for them.
 *
 * Schema:
 *   type Query { hello: String! }
 *   type Tick { n: Int!, at: Float!, message: String! }
 *   type Subscription {
 *     ticks(count: Int = 5, delayMs: Int = 500): Tick!        # count ticks, delayMs apart, then complete
 *     failing(after: Int = 2, delayMs: Int = 200): Tick       # after ticks, then a result with an error
 *   }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { GraphQLSchema } from 'graphql/index.js';
import type { DemoMetricsCounter } from './metrics';
import type { StreamRegistry } from './sse-stream';

/** Bounds of the demo's arguments: generous, and harmless whatever a client asks. */
const MAX_TICKS = 10_000;
const MAX_DELAY_MS = 60_000;

export interface DemoGraphql {
  /** An HTTP request to /graphql: graphql-sse (POST, or PUT/GET/POST/DELETE of single connection mode). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** A WebSocket upgrade to /graphql: graphql-ws. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Cut every GraphQL WebSocket (the HTTP streams end with the server's own connections). */
  close(): void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function clamp(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** The demo schema (exported for tests, which serve it with the libraries of their own choosing). */
export async function createDemoSchema(): Promise<GraphQLSchema> {
  // The CommonJS entry, the one graphql-ws and graphql-sse load: a schema built by another copy
  // of graphql (a bundler picking its ES module build) would be refused by their validation.
  const g = await import('graphql/index.js');
  const Tick = new g.GraphQLObjectType({
    name: 'Tick',
    fields: {
      n: { type: new g.GraphQLNonNull(g.GraphQLInt) },
      at: { type: new g.GraphQLNonNull(g.GraphQLFloat) },
      message: { type: new g.GraphQLNonNull(g.GraphQLString) },
    },
  });
  /** Yields `{[field]: tick}` count times, delayMs apart; then, for `failing`, an error. */
  function ticker(field: string, failAfter: boolean) {
    return async function* (_root: unknown, args: Record<string, unknown>) {
      const count = clamp(failAfter ? args.after : args.count, 0, MAX_TICKS, failAfter ? 2 : 5);
      const delayMs = clamp(args.delayMs, 0, MAX_DELAY_MS, failAfter ? 200 : 500);
      // Returning from the generator (the client unsubscribed) aborts the pending sleep.
      const stop = new AbortController();
      try {
        for (let n = 1; n <= count; n++) {
          await sleep(delayMs, stop.signal);
          yield { [field]: { n, at: Date.now(), message: `tick ${n} of ${count}` } };
        }
        if (failAfter) {
          await sleep(delayMs, stop.signal);
          yield { [field]: new Error(`the ticker failed after ${count} ticks`) };
        }
      } finally {
        stop.abort();
      }
    };
  }
  const delayArg = { type: g.GraphQLInt };
  return new g.GraphQLSchema({
    query: new g.GraphQLObjectType({
      name: 'Query',
      fields: { hello: { type: new g.GraphQLNonNull(g.GraphQLString), resolve: () => 'hello from the demo' } },
    }),
    subscription: new g.GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: new g.GraphQLNonNull(Tick),
          args: { count: { type: g.GraphQLInt, defaultValue: 5 }, delayMs: { ...delayArg, defaultValue: 500 } },
          subscribe: ticker('ticks', false),
        },
        failing: {
          type: Tick,
          args: { after: { type: g.GraphQLInt, defaultValue: 2 }, delayMs: { ...delayArg, defaultValue: 200 } },
          subscribe: ticker('failing', true),
        },
      },
    }),
  });
}

export function createDemoGraphql(metrics: DemoMetricsCounter, registry: StreamRegistry): DemoGraphql {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Loaded once, on first use; every request waits for the same promise.
  let ready: Promise<{ sse: (req: IncomingMessage, res: ServerResponse) => Promise<void> }> | undefined;
  const load = (): NonNullable<typeof ready> =>
    (ready ??= (async () => {
      const [schema, { useServer }, { createHandler }] = await Promise.all([
        createDemoSchema(),
        import('graphql-ws/use/ws'),
        import('graphql-sse/lib/use/http'),
      ]);
      useServer({ schema }, wss);
      return { sse: createHandler({ schema }) };
    })());

  return {
    handle(req, res) {
      // Ended with the server, like every other demo stream.
      const untrack = registry.add(() => res.end());
      res.once('close', untrack);
      res.setHeader('Access-Control-Allow-Origin', '*');
      load()
        .then(({ sse }) => sse(req, res))
        .then(() => {
          if (res.statusCode >= 400) metrics.error();
        })
        .catch(() => {
          metrics.error();
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('internal error\n');
        });
    },
    handleUpgrade(req, socket, head) {
      load()
        .then(() =>
          wss.handleUpgrade(req, socket, head, (ws) => {
            metrics.wsOpened();
            const untrack = registry.add(() => ws.close(1001, 'server shutting down'));
            ws.once('close', () => {
              metrics.wsClosed();
              untrack();
            });
            wss.emit('connection', ws, req);
          }),
        )
        .catch(() => socket.destroy());
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
