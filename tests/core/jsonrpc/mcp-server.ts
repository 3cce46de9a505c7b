/**
 * A real MCP server for tests: the official SDK's McpServer behind its Streamable HTTP transport
 * (stateful: one session per initialize), on node:http at 127.0.0.1:0. One tool, `count`, sends
 * a progress notification per step (when the call asked for progress) and answers with the steps.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface TestMcpServer {
  /** http://127.0.0.1:<port>/mcp */
  url: string;
  /** Session ids the server ended because the client sent DELETE. */
  deleted: string[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as unknown) : undefined);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}

function createMcp(): McpServer {
  const server = new McpServer({ name: 'streamscope-test', version: '1.0.0' });
  server.registerTool(
    'count',
    { description: 'counts to steps, reporting progress', inputSchema: { steps: z.number().int().min(1).max(20) } },
    async ({ steps }, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= steps; i++) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: i, total: steps },
          });
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return { content: [{ type: 'text', text: `counted to ${steps}` }] };
    },
  );
  return server;
}

export async function startMcpServer(): Promise<TestMcpServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const deleted: string[] = [];
  const sockets = new Set<Socket>();
  const http = createServer((req, res) => {
    void (async () => {
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
      if (req.method === 'DELETE' && existing && typeof sessionId === 'string') deleted.push(sessionId);
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      if (existing) return existing.handleRequest(req, res, body);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, transport);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await createMcp().connect(transport);
      await transport.handleRequest(req, res, body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    deleted,
    async close() {
      for (const t of transports.values()) await t.close().catch(() => {});
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
