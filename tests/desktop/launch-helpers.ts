/**
 * Helpers for the launch tests: a stub executable standing in for Electron (a Node script that
 * records how it was started and starts a grandchild of its own), and process-tree checks.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');

export interface StubReport {
  pid: number;
  grandchild: number;
  argv: string[];
  env: { rendererUrl: string | null; runAsNode: string | null };
}

/** Writes `<dir>/electron`, a stub that reports to `<dir>/report.json` and runs until killed. */
export function writeElectronStub(dir: string): { reportPath: string } {
  mkdirSync(dir, { recursive: true });
  const reportPath = join(dir, 'report.json');
  const stub = join(dir, 'electron');
  writeFileSync(
    stub,
    `#!${process.execPath}
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(reportPath)}, JSON.stringify({
  pid: process.pid,
  grandchild: grandchild.pid,
  argv: process.argv.slice(2),
  env: { rendererUrl: process.env.ELECTRON_RENDERER_URL ?? null, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null },
}));
setInterval(() => {}, 1000);
`,
  );
  chmodSync(stub, 0o755);
  return { reportPath };
}

export interface Started {
  npm: ChildProcess;
  stdout: () => string;
  stderr: () => string;
}

const started: ChildProcess[] = [];

/** Kills whatever a test left running (a failed or timed-out test), leaves on success nothing to do. */
export function killLeftovers(): void {
  for (const npm of started.splice(0)) {
    if (!npm.pid) continue;
    for (const pid of [npm.pid, ...descendants(npm.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

/** `npm start` with `env` added to (or, for undefined values, removed from) this environment. */
export function npmStart(env: Record<string, string | undefined>): Started {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const npm = spawn('npm', ['start', '--silent'], { cwd: root, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(npm);
  let out = '';
  let err = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { npm, stdout: () => out, stderr: () => err };
}

export function readReport(path: string): StubReport | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StubReport;
  } catch {
    return null; // Still being written.
  }
}

/** Every process below `pid`, from `ps` (Linux and macOS). */
export function descendants(pid: number): number[] {
  const table = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).stdout;
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!p || pp === undefined) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; only its parent has not collected it yet.
  const state = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return state !== '' && !state.startsWith('Z');
}

/** A port nothing listens on: bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
