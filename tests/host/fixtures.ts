/** Shared pieces of the host tests: a tiny SSE server, a fake built renderer and a host over a fresh service. */
import { createServer, type Server } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startHost, type Host } from '../../src/host/server';
import { createInspectorService } from '../../src/core/service/inspector-service';

export interface SseServer {
  url: string;
  close(): Promise<void>;
}

/** Sends `count` events, one every `intervalMs`, each `{"n":i,"sentAt":ms}`, then ends. */
export async function startSseServer(count = 5, intervalMs = 10): Promise<SseServer> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    let i = 0;
    const timer = setInterval(() => {
      res.write(`id: ${i}\ndata: {"n":${i},"sentAt":${Date.now()}}\n\n`);
      if (++i >= count) {
        clearInterval(timer);
        res.end();
      }
    }, intervalMs);
    req.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A directory that looks like out/renderer. */
export async function fakeRendererDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'streamscope-renderer-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><title>Streamscope test page</title><script type="module" src="./assets/app.js"></script>',
  );
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("app");');
  return dir;
}

export interface TestHost {
  host: Host;
  /** Closes the host, then its service, and removes its directories. */
  close(): Promise<void>;
}

/** A host over a fresh service (no demo, no settings file) with its own renderer and recordings directories. */
export async function startTestHost(): Promise<TestHost> {
  const rendererDir = await fakeRendererDir();
  const recordingsDir = await mkdtemp(join(tmpdir(), 'streamscope-rec-'));
  const service = createInspectorService({ demo: null, recordingsDir, settingsPath: null });
  const host = await startHost({ service, rendererDir });
  return {
    host,
    async close() {
      await host.close();
      await service.close();
      await rm(rendererDir, { recursive: true, force: true });
      await rm(recordingsDir, { recursive: true, force: true });
    },
  };
}
