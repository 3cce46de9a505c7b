/**
 * Row 12's floor: a reverse proxy that forwards and does nothing else (no parsing, no Session),
 * with the same socket options and back-pressure bound as the real one. What it costs is what any
 * Node HTTP proxy process on the path costs on this machine; the real proxy is compared with it.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

export async function startBareProxy(upstream: string): Promise<{ url: string; close(): Promise<number> }> {
  const base = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer({ noDelay: true }, (req, res) => {
    const headers = { ...req.headers, host: base.host };
    const out = http.request(new URL(req.url ?? '/', base), { method: req.method, headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      res.flushHeaders();
      up.on('data', (chunk: Buffer) => {
        if (!res.write(chunk) && res.writableLength > 1024 * 1024) up.pause();
      });
      res.on('drain', () => up.resume());
      up.on('end', () => res.end());
    });
    out.on('socket', (socket) => socket.setNoDelay(true));
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<number>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        // It parses nothing: no events reach a Session.
        server.close(() => resolve(0));
      }),
  };
}

/**
 * Below that floor: a TCP pipe that reads no HTTP at all, each client connection spliced to a
 * connection of its own to the upstream. No proxy can do less per byte; what this column adds
 * over direct is the cost of one more process on the path (its wake-ups, its share of the cores).
 */
export async function startPipeProxy(upstream: string): Promise<{ url: string; close(): Promise<number> }> {
  const base = new URL(upstream);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const up = net.connect(Number(base.port), base.hostname);
    for (const socket of [client, up]) {
      socket.setNoDelay(true);
      socket.on('error', () => {
        client.destroy();
        up.destroy();
      });
      track(socket);
    }
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<number>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(0));
      }),
  };
}
