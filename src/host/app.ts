/**
 * Everything `streamscope ui` runs: the embedded demo server, the service and the host on top.
 * The Electron main process wires the same pieces (demo server, service) around IPC instead.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../core/demo/server';
import { createInspectorService, type InspectorService } from '../core/service/inspector-service';
import { startHost, type Host } from './server';

export interface BrowserAppOptions {
  port?: number;
  rendererDir: string;
  /** Settings JSON file; null keeps settings in memory. */
  settingsPath: string | null;
  /** Start the embedded demo server (default true). */
  demo?: boolean;
}

export interface BrowserApp {
  readonly host: Host;
  readonly demo: DemoServer | null;
  readonly service: InspectorService;
  /** Stops the host, every session and the demo server; removes unsaved recordings. */
  close(): Promise<void>;
}

export async function startBrowserApp(options: BrowserAppOptions): Promise<BrowserApp> {
  const recordingsDir = await mkdtemp(join(tmpdir(), 'streamscope-recordings-'));
  // SIGINT/SIGTERM end through close(); an uncaught error ends the process without it, but
  // 'exit' still runs (synchronously), so the folder goes on every way out.
  const removeOnExit = (): void => rmSync(recordingsDir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  const demo = options.demo === false ? null : await startDemoServer({ port: 0 });
  const service = createInspectorService({ demo, recordingsDir, settingsPath: options.settingsPath });
  let host: Host;
  try {
    host = await startHost({ service, rendererDir: options.rendererDir, port: options.port });
  } catch (err) {
    await service.close();
    await demo?.close();
    await rm(recordingsDir, { recursive: true, force: true });
    process.off('exit', removeOnExit);
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    host,
    demo,
    service,
    close() {
      closing ??= (async () => {
        await host.close();
        await service.close();
        await demo?.close();
        await rm(recordingsDir, { recursive: true, force: true });
        process.off('exit', removeOnExit);
      })();
      return closing;
    },
  };
}
