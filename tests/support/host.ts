/**
 * The browser host of the tests: in process (a host over a fresh service, with a fake built
 * renderer), or the built `streamscope ui` as a child process.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type Host } from '../../src/host/server';
import { createInspectorService } from '../../src/core/service/inspector-service';
import { bin, root } from './cli';

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

type UiChild = ChildProcessByStdio<null, Readable, Readable>;

export interface UiProcess {
  child: UiChild;
  /** The tokened URL of the first line: http://127.0.0.1:<port>/?token=<token> */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The embedded demo server's base URL (no trailing slash); null with --no-demo. */
  demoUrl: string | null;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface UiOptions {
  /** More arguments after `ui --port 0`, e.g. ['--no-demo']. */
  args?: string[];
  /** Node options before the CLI, e.g. ['--require', preload]. */
  nodeArgs?: string[];
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  /** How long the host may take to print its URL (and its demo URL). Default 45 s (a loaded machine). */
  startTimeoutMs?: number;
}

/**
 * Starts the built `streamscope ui --port 0` as a child process and reads its first lines
 * (`listening <url>`, then `demo <url>` unless --no-demo); rejects, with the process stopped, when
 * it prints anything else or nothing in time.
 */
export async function startUiProcess(options: UiOptions = {}): Promise<UiProcess> {
  const args = options.args ?? [];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, 'ui', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  };
  try {
    const expected = args.includes('--no-demo') ? 1 : 2;
    const lines = await firstLines(child, expected, options.startTimeoutMs ?? 45_000, () => stderr);
    const listening = /^listening (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/.exec(lines[0]!);
    if (!listening) throw new Error(`unexpected first line from streamscope ui: ${lines[0]}`);
    const demo = expected === 2 ? /^demo (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[1]!) : null;
    if (expected === 2 && !demo) throw new Error(`unexpected second line from streamscope ui: ${lines[1]}`);
    const url = listening[1]!;
    return {
      child,
      url,
      origin: new URL(url).origin,
      port: Number(listening[2]),
      token: listening[3]!,
      demoUrl: demo ? demo[1]! : null,
      exited,
      stderr: () => stderr,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function firstLines(child: UiChild, count: number, timeoutMs: number, stderr: () => string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const got: string[] = [];
    const input = createInterface({ input: child.stdout });
    const finish = (err: Error | null): void => {
      clearTimeout(timer);
      input.close();
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(got);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(`streamscope ui printed ${JSON.stringify(got)} within ${timeoutMs} ms; stderr: ${stderr().trim()}`),
        ),
      timeoutMs,
    );
    const onExit = (code: number | null): void =>
      finish(new Error(`streamscope ui exited (${code}) before printing its URL; stderr: ${stderr().trim()}`));
    child.once('exit', onExit);
    input.on('line', (line) => {
      got.push(line);
      if (got.length === count) finish(null);
    });
  });
}
