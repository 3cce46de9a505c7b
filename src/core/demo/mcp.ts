/**
 * A small MCP server speaking Streamable HTTP at /mcp, so the MCP preset (and any MCP client) has
 * something to talk to on first launch: `initialize` opens a session (Mcp-Session-Id),
 * `tools/list` lists one tool, `tools/call` of `count` answers as an SSE stream with a
 * `notifications/progress` per step (when the call gave a progressToken) and then the result,
 * DELETE ends the session. Answers are compact JSON; unknown methods get JSON-RPC error -32601.
 *
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_VERSION } from '#shared/version';
import type { DemoMetricsCounter } from './metrics';
import { openSseStream, type StreamRegistry } from './sse-stream';

const SUPPORTED_VERSIONS = ['2025-06-18', '2025-03-26', '2024-11-05'];
/** Sessions kept at most; the oldest is forgotten first. */
const MAX_SESSIONS = 1000;
const MAX_BODY_BYTES = 1024 * 1024;

const COUNT_TOOL = {
  name: 'count',
  description: 'Counts from 1 to `steps` (default 5), one step every `delayMs` (default 100), reporting progress',
  inputSchema: {
    type: 'object',
    properties: {
      steps: { type: 'integer', minimum: 1, maximum: 50 },
      delayMs: { type: 'integer', minimum: 0, maximum: 5000 },
    },
  },
};

type Message = { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (b: Buffer) => {
      size += b.byteLength;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else parts.push(b);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown);
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, metrics: DemoMetricsCounter, status: number, value: unknown, headers = {}): void {
  if (status >= 400) metrics.error();
  const body = value === undefined ? '' : JSON.stringify(value);
  res.writeHead(status, {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'Mcp-Session-Id',
    ...(body ? { 'Content-Type': 'application/json' } : {}),
    ...headers,
  });
  res.end(body);
}

const rpcError = (id: unknown, code: number, message: string) => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: { code, message },
});

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function intArg(args: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const v = args[name];
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? Math.min(v, max) : fallback;
}

/** The /mcp endpoint of one demo server; sessions live as long as the server. */
export function createDemoMcp(metrics: DemoMetricsCounter, registry: StreamRegistry) {
  const sessions = new Set<string>();
  let eventId = 0;

  function countStream(res: ServerResponse, id: unknown, args: Record<string, unknown>, token: unknown): void {
    const steps = Math.max(1, intArg(args, 'steps', 5, 50));
    const delay = intArg(args, 'delayMs', 100, 5000);
    const stream = openSseStream(res, metrics, registry, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      'Access-Control-Allow-Origin': '*',
    });
    let step = 0;
    const send = (value: unknown): void => {
      stream.event({ event: 'message', id: String(++eventId), data: JSON.stringify(value) });
    };
    const next = (): void => {
      if (stream.closed) return;
      step++;
      if (token !== undefined) {
        send({
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: token, progress: step, total: steps },
        });
      }
      if (step < steps) {
        stream.timers.after(delay, next);
        return;
      }
      send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `counted to ${steps}` }] } });
      stream.end();
    };
    stream.timers.after(delay, next);
  }

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let message: Message;
    try {
      const body = await readJson(req);
      if (!isObject(body)) return reply(res, metrics, 400, rpcError(null, -32600, 'expected one JSON-RPC message'));
      message = body;
    } catch (err) {
      return reply(res, metrics, 400, rpcError(null, -32700, (err as Error).message));
    }
    const { id, method } = message;
    const params = isObject(message.params) ? message.params : {};
    if (message.jsonrpc !== '2.0' || typeof method !== 'string') {
      // A response or something else: accepted, nothing to answer.
      return reply(res, metrics, 202, undefined);
    }
    if (method === 'initialize') {
      const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : '';
      const session = randomUUID();
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.values().next().value as string);
      sessions.add(session);
      return reply(
        res,
        metrics,
        200,
        {
          jsonrpc: '2.0',
          id,
          result: {
            protocolVersion: SUPPORTED_VERSIONS.includes(asked) ? asked : SUPPORTED_VERSIONS[0],
            capabilities: { tools: {} },
            serverInfo: { name: 'streamscope-demo', version: APP_VERSION },
          },
        },
        { 'Mcp-Session-Id': session },
      );
    }
    const session = req.headers['mcp-session-id'];
    if (typeof session !== 'string') return reply(res, metrics, 400, rpcError(id, -32000, 'missing Mcp-Session-Id'));
    if (!sessions.has(session)) return reply(res, metrics, 404, rpcError(id, -32001, 'no such session'));
    if (id === undefined) return reply(res, metrics, 202, undefined);
    if (method === 'tools/list')
      return reply(res, metrics, 200, { jsonrpc: '2.0', id, result: { tools: [COUNT_TOOL] } });
    if (method === 'tools/call' && params.name === 'count') {
      const meta = isObject(params._meta) ? params._meta : {};
      return countStream(res, id, isObject(params.arguments) ? params.arguments : {}, meta.progressToken);
    }
    if (method === 'tools/call')
      return reply(res, metrics, 200, rpcError(id, -32602, `unknown tool ${JSON.stringify(params.name)}`));
    return reply(res, metrics, 200, rpcError(id, -32601, `method not found: ${method}`));
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse): void {
      if (req.method === 'POST') {
        void post(req, res).catch(() => res.destroy());
        return;
      }
      req.resume();
      if (req.method === 'DELETE') {
        const session = req.headers['mcp-session-id'];
        const known = typeof session === 'string' && sessions.delete(session);
        return reply(res, metrics, known ? 200 : 404, undefined);
      }
      // No server-initiated stream: [spec] the server MUST return 405 if it does not offer one.
      reply(res, metrics, 405, undefined, { Allow: 'POST, DELETE' });
    },
  };
}
