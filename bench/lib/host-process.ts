/**
 * Starts the browser host the way a user does (`node bin/streamscope.js ui --port 0`) as a child
 * process, so the UI rows measure the real host + embedded demo server in their own process and
 * not sharing the bench process's event loop. Reads the two lines docs/cli.md promises:
 * `listening http://127.0.0.1:<p>/?token=<token>` and then `demo <url>`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from './project-root';

export interface HostProcess {
  /** http://127.0.0.1:<p>/?token=<token> */
  appUrl: string;
  /** The embedded demo server, e.g. http://127.0.0.1:<p> (no trailing slash). */
  demoUrl: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
  close(): Promise<void>;
}

function findBin(): string {
  return join(projectRoot(), 'bin', 'streamscope.js');
}

export async function startHostProcess(options: { timeoutMs?: number } = {}): Promise<HostProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  // Settings go to a throwaway file: a bench run must not touch the user's saved requests.
  const settingsDir = mkdtempSync(join(tmpdir(), 'streamscope-bench-settings-'));
  const child: ChildProcess = spawn(process.execPath, [findBin(), 'ui', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STREAMSCOPE_SETTINGS: join(settingsDir, 'settings.json') },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    if (stderr.length < 4000) stderr += s;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanupDir = () => rmSync(settingsDir, { recursive: true, force: true });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    cleanupDir();
  };

  try {
    const lines = createInterface({ input: child.stdout! });
    const got = await new Promise<{ appUrl: string; demoUrl: string }>((resolve, reject) => {
      let appUrl = '';
      const timer = setTimeout(
        () => reject(new Error(`streamscope ui printed no URL within ${timeoutMs} ms: ${stderr.trim()}`)),
        timeoutMs,
      );
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`streamscope ui exited (${code}) before printing its URLs: ${stderr.trim()}`));
      });
      lines.on('line', (line) => {
        const listening = /^listening (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
        const demo = /^demo (http:\/\/127\.0\.0\.1:\d+)\/?$/.exec(line);
        if (listening) appUrl = listening[1]!;
        else if (demo && appUrl) {
          clearTimeout(timer);
          resolve({ appUrl, demoUrl: demo[1]! });
        }
      });
    });
    // Keep stdout drained so the child never blocks on a full pipe.
    child.stdout!.resume();
    return { ...got, pid: child.pid!, close };
  } catch (err) {
    await close();
    throw err;
  }
}
