/**
 * The CLI runner of the tests: the built `streamscope` in a child process (the process contract:
 * stdout, stderr, exit code), with timeouts.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(__dirname, '../..');
/** The built CLI's launcher (`npm run build` first; `ensureBuilt()` builds when it is missing). */
export const bin = join(root, 'bin', 'streamscope.js');

/** `npm test` builds first; build the CLI here only when run on its own without a build. */
export function ensureBuilt(): void {
  if (!existsSync(join(root, 'out', 'cli', 'index.mjs'))) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `env` adds to (or overrides) the inherited environment and NO_COLOR=1. */
export function startCli(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } });
}

export interface CliOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Called once the child is started: it can poke it (signals) and read its stdout so far. */
  whileRunning?: (child: ChildProcessWithoutNullStreams, stdout: () => string) => void;
}

/**
 * Runs the CLI to its end (killed and rejected after `timeoutMs`, default 30 s: a process start
 * alone takes seconds on a loaded machine, though under 1 s of CPU).
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = startCli(args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`streamscope ${args[0]} did not exit in time; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    options.whileRunning?.(child, () => stdout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Waits for the first stdout line of a long-running child (default: up to 30 s, as for runCli). */
export function firstLine(child: ChildProcessWithoutNullStreams, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no first line; got ${JSON.stringify(buffer)}`)), timeoutMs);
    const onData = (b: Buffer): void => {
      buffer += b.toString('utf8');
      const nl = buffer.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolvePromise(buffer.slice(0, nl));
      }
    };
    child.stdout.on('data', onData);
  });
}

/** NDJSON lines with `t` removed (it differs between runs by nature). */
export function withoutTimes(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const { t: _t, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
}
