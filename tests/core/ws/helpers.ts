// Test plumbing for the WebSocket engine: a real ws server on 127.0.0.1:0, a record collector and
// the per-test cleanup of what a test opened.
import { afterEach } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { WebSocketServer, type WebSocket, type ServerOptions } from 'ws';
import type { StreamRecord } from '../../../src/shared/records';
import { createSequencedSink, type RecordSink, type WsStreamConnection } from '../../../src/core/stream';

export interface TestServer {
  /** ws://127.0.0.1:<port> */
  url: string;
  port: number;
  wss: WebSocketServer;
  /** Upgrade requests seen, in order. */
  upgrades: IncomingMessage[];
  close(): Promise<void>;
}

/**
 * A WebSocket server on an ephemeral port. `onUpgrade` may take over the raw upgrade (reject it,
 * stall it, destroy the socket) by returning true; otherwise ws completes the handshake and
 * `onConnection` gets the socket.
 */
export async function startWsServer(
  onConnection: (ws: WebSocket, req: IncomingMessage) => void,
  opts: { wss?: ServerOptions; onUpgrade?: (req: IncomingMessage, socket: Socket, attempt: number) => boolean } = {},
): Promise<TestServer> {
  const http: Server = createServer((_req, res) => res.writeHead(426).end('upgrade required'));
  const wss = new WebSocketServer({ noServer: true, ...opts.wss });
  const upgrades: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(req);
    socket.on('error', () => {});
    if (opts.onUpgrade?.(req, socket, upgrades.length)) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => {});
      onConnection(ws, req);
    });
  });
  wss.on('connection', () => {});
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    wss,
    upgrades,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export interface Collector {
  records: StreamRecord[];
  sink: RecordSink;
  /** Resolves with the first record matching, waiting up to `ms`. */
  waitFor<R extends StreamRecord>(match: (r: StreamRecord) => r is R, ms?: number): Promise<R>;
  waitFor(match: (r: StreamRecord) => boolean, ms?: number): Promise<StreamRecord>;
  of<K extends StreamRecord['kind']>(kind: K): Array<Extract<StreamRecord, { kind: K }>>;
  /** The readyState sequence of state records. */
  states(): number[];
}

export function collect(): Collector {
  const records: StreamRecord[] = [];
  const waiters: Array<{ match: (r: StreamRecord) => boolean; resolve: (r: StreamRecord) => void }> = [];
  const sink = createSequencedSink('test', (record) => {
    records.push(record);
    for (const w of [...waiters]) {
      if (w.match(record)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(record);
      }
    }
  });
  return {
    records,
    sink,
    waitFor(match: (r: StreamRecord) => boolean, ms = 5000): Promise<StreamRecord> {
      const found = records.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(entry), 1);
          reject(new Error(`no matching record within ${ms} ms; got kinds: ${records.map((r) => r.kind).join(',')}`));
        }, ms);
        const entry = {
          match,
          resolve: (r: StreamRecord) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.push(entry);
      });
    },
    of<K extends StreamRecord['kind']>(kind: K) {
      return records.filter((r) => r.kind === kind) as Array<Extract<StreamRecord, { kind: K }>>;
    },
    states() {
      return records.filter((r) => r.kind === 'state').map((r) => r.readyState);
    },
  };
}

export const isOpen = (r: StreamRecord): boolean => r.kind === 'state' && r.readyState === 1;
export const isClosed = (r: StreamRecord): boolean => r.kind === 'state' && r.readyState === 3;

/** Resolves within `ms` or rejects: keeps a hung promise from eating the whole test timeout. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** What one test opened: its server and its connection, each set by the test. */
export interface OpenedPerTest {
  server: TestServer | null;
  conn: WsStreamConnection | null;
}

/**
 * Holds each test's server and connection and closes them after the test (registers an
 * afterEach): the connection first, waiting for its end, then the server.
 */
export function openedPerTest(): OpenedPerTest {
  const t: OpenedPerTest = { server: null, conn: null };
  afterEach(async () => {
    t.conn?.close();
    if (t.conn) await within(t.conn.done, 5000, 'done after close');
    t.conn = null;
    await t.server?.close();
    t.server = null;
  });
  return t;
}

/**
 * A raw TCP server answering the handshake and sending a close frame in ONE write, so the client
 * reads the close frame together with the 101: the socket is CLOSING before any later tick.
 */
export async function closeAtOnceServer(
  code: number,
  reason: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (b) => {
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n') || head.startsWith('DONE')) return;
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)![1]!;
      head = 'DONE';
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)]);
      socket.write(
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
            'latin1',
          ),
          Buffer.from([0x88, payload.length]),
          payload,
        ]),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
