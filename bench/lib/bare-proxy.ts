/**
 * Row 12's floor: a reverse proxy that forwards and does nothing else (no parsing, no Session),
 * with the same socket options and back-pressure bound as the real one. What it costs is what any
 * Node HTTP proxy process on the path costs on this machine; the real proxy is compared with it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
