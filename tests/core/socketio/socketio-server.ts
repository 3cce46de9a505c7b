/**
 * A real Socket.IO v4 server for tests: the `socket.io` package on node:http at 127.0.0.1:0.
 *   "/"      `echo` acknowledges with its own arguments; `ticks` (n) emits n `tick` events
 *            ({ i }) then acknowledges "done"; `file` emits a binary event with two attachments;
 *            `leave` makes the server disconnect the socket.
 *   "/admin" refuses a CONNECT whose auth is not { token: "letmein" }, else emits `welcome`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

export interface TestSocketIoServer {
  /** http://127.0.0.1:<port> */
  url: string;
  io: Server;
  /** Sockets of "/" currently connected. */
  connected(): number;
  /** Why each socket of "/" left, in order. */
  disconnects: string[];
  close(): Promise<void>;
}

export interface ServerOptions {
  pingInterval?: number;
  pingTimeout?: number;
}

function acknowledge(args: unknown[]): void {
  const last = args.at(-1);
  if (typeof last === 'function') (last as (...a: unknown[]) => void)(...args.slice(0, -1));
}

export async function startSocketIoServer(options: ServerOptions = {}): Promise<TestSocketIoServer> {
  const http = createServer();
  const io = new Server(http, {
    ...(options.pingInterval !== undefined ? { pingInterval: options.pingInterval } : {}),
    ...(options.pingTimeout !== undefined ? { pingTimeout: options.pingTimeout } : {}),
  });
  const disconnects: string[] = [];
  io.on('connection', (socket: Socket) => {
    socket.on('disconnect', (reason) => disconnects.push(reason));
    socket.on('echo', (...args: unknown[]) => acknowledge(args));
    socket.on('ticks', (n: number, ack?: (s: string) => void) => {
      for (let i = 0; i < n; i++) socket.emit('tick', { i });
      ack?.('done');
    });
    socket.on('file', () => {
      socket.emit('file', 'a.bin', Buffer.from([0, 1, 2, 255]), { thumb: Buffer.from('hi') });
    });
    socket.on('leave', () => socket.disconnect(true));
  });
  io.of('/admin').use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    next(auth.token === 'letmein' ? undefined : new Error('not authorized'));
  });
  io.of('/admin').on('connection', (socket) => socket.emit('welcome', 'admin'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    connected: () => io.of('/').sockets.size,
    disconnects,
    close: () =>
      new Promise<void>((resolve) => {
        void io.close(() => resolve());
      }),
  };
}
