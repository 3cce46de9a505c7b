// Real upstream servers on 127.0.0.1 and a proxy whose exchanges' records are collected.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StreamRecord } from '../../../src/shared/records';
import { createSequencedSink } from '../../../src/core/stream';
import {
  startProxyServer,
  type InspectionBudget,
  type ProxyExchange,
  type ProxyServer,
} from '../../../src/core/proxy/server';

export interface Upstream {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export async function startUpstream(handler: http.RequestListener): Promise<Upstream> {
  const server = http.createServer(handler);
  // Like a production server (and the proxy): small writes go out at once, no Nagle delay.
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Observed {
  proxy: ProxyServer;
  exchanges: ProxyExchange[];
  records: Map<number, StreamRecord[]>;
  /** Resolves when exchange `id` reached its final state. */
  finished(id: number): Promise<StreamRecord[]>;
}

export async function startObservedProxy(
  upstream: string,
  extra: { insecure?: boolean; inspectionBudget?: InspectionBudget } = {},
): Promise<Observed> {
  const exchanges: ProxyExchange[] = [];
  const records = new Map<number, StreamRecord[]>();
  const waiters = new Map<number, () => void>();
  const proxy = await startProxyServer({
    upstream,
    ...extra,
    observe(exchange) {
      exchanges.push(exchange);
      const list: StreamRecord[] = [];
      records.set(exchange.id, list);
      void exchange.done.then(() => waiters.get(exchange.id)?.());
      return createSequencedSink(`p${exchange.id}`, (r) => list.push(r));
    },
  });
  return {
    proxy,
    exchanges,
    records,
    async finished(id) {
      const deadline = Date.now() + 5000;
      while (!records.has(id)) {
        if (Date.now() > deadline) throw new Error(`no exchange ${id}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const exchange = exchanges.find((e) => e.id === id)!;
      await exchange.done;
      return records.get(id)!;
    },
  };
}

/** A raw HTTP request through node:http (no decompression, no added headers beyond what we pass). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string> | string[]; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(parts),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function kinds(records: StreamRecord[]): string[] {
  return records.map((r) => (r.kind === 'state' ? `state:${r.readyState}:${r.reason}` : r.kind));
}
