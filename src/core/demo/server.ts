/**
 * The embedded demo server: the classic SSE-vs-WebSocket demo (/sse, /ws), the scenario
 * catalogue (/scenarios, /scenarios/<name>) and its own metrics (/metrics), on 127.0.0.1 only.
 * Started by the Electron main process, by `streamscope demo` and by tests; close() leaves no
 * socket or timer behind.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { DemoMetrics, ScenarioInfo } from '#shared/api';
import { isLoopbackHost } from '#shared/loopback-host';
import { createDemoMetrics, type DemoMetricsCounter } from './metrics';
import { createQueryReader, QueryError } from './query';
import { CORS_HEADERS, sendHtml, sendJson, sendPreflight, sendText } from './http';
import { renderIndexPage } from './index-page';
import { openSseStream, SSE_HEADERS, type StreamRegistry } from './sse-stream';
import { CLASSIC_SSE_HEADERS, readClassicSettings, runClassicSse, runClassicWs } from './classic';
import { findScenario, scenarioInfos, type ScenarioContext } from './scenarios';
import { createDemoMcp } from './mcp';
import { createDemoGraphql, type DemoGraphql } from './graphql';
import { errorMessage } from '#shared/error-message';
import { readSocketIoDemoSettings, runSocketIoDemo } from './socketio';

type DemoMcp = ReturnType<typeof createDemoMcp>;

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only loopback is ever bound; the option exists to say so in the type. */
  host?: '127.0.0.1';
}

export interface DemoServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43210 */
  readonly url: string;
  readonly port: number;
  metrics(): DemoMetrics;
  scenarios(): ScenarioInfo[];
  /** End every SSE response and WebSocket, clear every timer, stop listening. Idempotent. */
  close(): Promise<void>;
}

/** The top-level routes, for `/` and the CLI's index. */
export const DEMO_ROUTES: ReadonlyArray<{ path: string; description: string }> = [
  {
    path: '/sse?interval=2000&statusInterval=5000&duration=300',
    description: 'the classic SSE demo: numbered messages and random statuses',
  },
  {
    path: '/ws?interval=2000&statusInterval=5000&duration=300',
    description: 'the same over WebSocket, plus an echo of what you send',
  },
  { path: '/scenarios', description: 'the scenario catalogue (JSON); each at /scenarios/<name>' },
  { path: '/metrics', description: 'server metrics (JSON): connections, messages, bytes, errors, uptime, memory' },
  {
    path: '/socket.io/?interval=1000',
    description:
      'a Socket.IO v4 server (WebSocket transport): a binary "snapshot", then "tick" events; acknowledges every event',
  },
  {
    path: '/mcp',
    description: 'an MCP server (Streamable HTTP): tools/call of "count" streams progress, then the result',
  },
  {
    path: '/graphql',
    description:
      'GraphQL subscriptions (ticks, failing): graphql-ws over WebSocket, graphql-sse over HTTP (both modes)',
  },
];

/** Where the Socket.IO endpoint lives (socket.io's default path), and what it says to polling. */
const SOCKETIO_PATH = '/socket.io';
const SOCKETIO_TRANSPORT_ONLY =
  "this Socket.IO endpoint speaks Engine.IO 4's WebSocket transport only (EIO=4&transport=websocket; socket.io-client: transports: ['websocket'])";

/** How long close() lets clients take the end of their streams before cutting sockets. */
const CLOSE_GRACE_MS = 250;
const HOST = '127.0.0.1';

/** Start the demo server on 127.0.0.1 (port 0 = random) and resolve once it listens. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`port must be an integer 0-65535, got ${port}`);
  const metrics = createDemoMetrics();
  const closers = new Set<() => void>();
  let whenEmpty: Array<() => void> = [];
  const registry: StreamRegistry = {
    add(closer) {
      closers.add(closer);
      return () => {
        closers.delete(closer);
        if (closers.size > 0) return;
        for (const resolve of whenEmpty) resolve();
        whenEmpty = [];
      };
    },
  };
  /** Resolves once every SSE stream and WebSocket has run its cleanup. */
  const allClosed = (): Promise<void> =>
    closers.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenEmpty.push(resolve));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const mcp = createDemoMcp(metrics, registry);
  const graphql = createDemoGraphql(metrics, registry);
  // Known once listening; requests cannot arrive before.
  let boundPort = port;
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    try {
      if (!isLoopbackHost(req.headers.host, boundPort)) {
        req.resume();
        return sendText(
          res,
          metrics,
          403,
          'forbidden: unexpected Host header (the demo answers 127.0.0.1 and localhost only)',
        );
      }
      handleRequest(req, res, metrics, registry, mcp, graphql);
    } catch (err) {
      failRequest(res, metrics, err);
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isLoopbackHost(req.headers.host, boundPort)) {
      socket.on('error', () => metrics.error());
      return rejectUpgrade(socket, metrics, 403, 'Forbidden', 'forbidden: unexpected Host header');
    }
    if (new URL(req.url ?? '/', `http://${HOST}`).pathname.replace(/\/+$/, '') === '/graphql')
      return graphql.handleUpgrade(req, socket, head);
    handleUpgrade(wss, req, socket, head, metrics, registry);
  });
  server.on('clientError', (_err, socket: Duplex) => {
    metrics.error();
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${HOST}:${boundPort}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((done) => server.close(() => done()));
      // Ask politely first: SSE responses end, WebSockets get a 1001 close frame.
      for (const closer of [...closers]) closer();
      server.closeIdleConnections();
      const everythingClosed = Promise.all([stopped, allClosed()]);
      let grace: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((done) => {
        grace = setTimeout(done, CLOSE_GRACE_MS);
      });
      await Promise.race([everythingClosed, graceOver]);
      clearTimeout(grace);
      // Then cut what is left; upgraded sockets are not the HTTP server's any more.
      server.closeAllConnections();
      for (const ws of wss.clients) ws.terminate();
      graphql.close();
      await everythingClosed;
      wss.close();
    })();
    return closing;
  };

  return {
    url,
    port: boundPort,
    metrics: () => metrics.snapshot(),
    scenarios: scenarioInfos,
    close,
  };
}

function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: DemoMetricsCounter,
  registry: StreamRegistry,
  mcp: DemoMcp,
  graphql: DemoGraphql,
): void {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return sendPreflight(res);
  if (path === '/mcp') return mcp.handle(req, res);
  if (path === '/graphql') return graphql.handle(req, res);
  const query = createQueryReader(url.searchParams);

  if (path === '/sse') {
    if (method !== 'GET' && method !== 'HEAD')
      return sendText(res, metrics, 405, 'method not allowed: /sse answers GET', { Allow: 'GET' });
    const settings = readClassicSettings(query);
    if (method === 'HEAD') return sendHead(res, CLASSIC_SSE_HEADERS);
    return runClassicSse(openSseStream(res, metrics, registry, { ...CLASSIC_SSE_HEADERS }), settings);
  }
  if (path === SOCKETIO_PATH)
    return sendText(res, metrics, 400, SOCKETIO_TRANSPORT_ONLY, { 'Cache-Control': 'no-cache' });
  if (path === '/ws')
    return sendText(res, metrics, 426, 'upgrade required: /ws is a WebSocket endpoint', { Upgrade: 'websocket' });
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
    return sendText(res, metrics, 405, `method not allowed: ${method}`, { Allow: 'GET, POST' });
  if (path === '/metrics') return sendJson(res, metrics, 200, metrics.snapshot(), { 'Cache-Control': 'no-cache' });
  if (path === '/scenarios') return sendJson(res, metrics, 200, scenarioInfos());
  if (path === '/') {
    // A browser asking for HTML gets the live side-by-side demo; everything else the JSON index.
    if (/\btext\/html\b/.test(req.headers.accept ?? '')) return sendHtml(res, renderIndexPage(scenarioInfos()));
    return sendJson(res, metrics, 200, {
      name: 'streamscope demo server',
      routes: DEMO_ROUTES,
      scenarios: scenarioInfos(),
    });
  }
  // Ollama's own path, so an Ollama client pointed at the demo server gets the NDJSON reply.
  const scenarioName = path === '/api/chat' ? 'ollama-chat' : path.startsWith('/scenarios/') ? null : undefined;
  if (scenarioName !== undefined) {
    const scenario = findScenario(scenarioName ?? safeDecode(path.slice('/scenarios/'.length)));
    if (!scenario)
      return sendText(res, metrics, 404, `no such scenario: ${path.slice('/scenarios/'.length)} (see /scenarios)`);
    if (method === 'HEAD') return sendHead(res, { ...SSE_HEADERS, ...CORS_HEADERS });
    const header = req.headers['last-event-id'];
    const ctx: ScenarioContext = {
      req,
      res,
      query,
      lastEventId: (typeof header === 'string' ? header : undefined) ?? url.searchParams.get('lastEventId') ?? '',
      open: (headers = {}) => openSseStream(res, metrics, registry, { ...SSE_HEADERS, ...CORS_HEADERS, ...headers }),
      text: (status, text, headers) =>
        status === 204 ? sendEmpty(res, headers) : sendText(res, metrics, status, text, headers),
      json: (status, value, headers) => sendJson(res, metrics, status, value, headers),
    };
    return scenario.handle(ctx);
  }
  sendText(res, metrics, 404, `not found: ${path} (try /, /sse, /ws, /scenarios, /metrics)`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** HEAD: the head a GET would get, without starting a stream. */
function sendHead(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  res.writeHead(200, headers);
  res.end();
}

function sendEmpty(res: ServerResponse, headers: Record<string, string> = {}): void {
  res.writeHead(204, { ...CORS_HEADERS, ...headers });
  res.end();
}

/** A bad query parameter is the client's mistake (400); anything else is ours (500). */
function failRequest(res: ServerResponse, metrics: DemoMetricsCounter, err: unknown): void {
  if (res.headersSent) {
    metrics.error();
    res.destroy();
    return;
  }
  if (err instanceof QueryError) return sendText(res, metrics, 400, err.message);
  sendText(res, metrics, 500, `internal error: ${errorMessage(err)}`);
}

function rejectUpgrade(
  socket: Duplex,
  metrics: DemoMetricsCounter,
  status: number,
  reason: string,
  text: string,
): void {
  metrics.error();
  const body = `${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function handleUpgrade(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  metrics: DemoMetricsCounter,
  registry: StreamRegistry,
): void {
  socket.on('error', () => metrics.error());
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  if (url.pathname.replace(/\/+$/, '') === SOCKETIO_PATH) {
    const params = url.searchParams;
    if (params.get('EIO') !== '4' || params.get('transport') !== 'websocket')
      return rejectUpgrade(socket, metrics, 400, 'Bad Request', SOCKETIO_TRANSPORT_ONLY);
    let settings;
    try {
      settings = readSocketIoDemoSettings(createQueryReader(params));
    } catch (err) {
      if (err instanceof QueryError) return rejectUpgrade(socket, metrics, 400, 'Bad Request', err.message);
      throw err;
    }
    return wss.handleUpgrade(req, socket, head, (ws) => runSocketIoDemo(ws, settings, metrics, registry));
  }
  if (url.pathname.replace(/\/+$/, '') !== '/ws')
    return rejectUpgrade(socket, metrics, 404, 'Not Found', `no WebSocket endpoint at ${url.pathname} (use /ws)`);
  let settings;
  try {
    settings = readClassicSettings(createQueryReader(url.searchParams));
  } catch (err) {
    if (err instanceof QueryError) return rejectUpgrade(socket, metrics, 400, 'Bad Request', err.message);
    throw err;
  }
  wss.handleUpgrade(req, socket, head, (ws) => runClassicWs(ws, settings, metrics, registry));
}
