/**
 * Row 12's other processes (the upstream, the proxy): each an entry of the bench bundle of its
 * own (out/bench/<name>.mjs, next to the running out/bench/index.mjs), so a process holds what
 * its part needs and nothing else. A child prints one line when it is ready, serves until its
 * stdin closes, then prints one last line and exits.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface BenchChild {
  /** The line the child printed when it was ready. */
  readonly ready: string;
  /** Closes the child's stdin; resolves to the last line it printed before exiting. */
  close(): Promise<string>;
}

/** True when this process is the bench bundle (the smoke run in `npm test` is not, and runs everything in-process). */
export function canSpawnBenchChildren(): boolean {
  return process.argv[1]?.endsWith('bench/index.mjs') ?? false;
}

export async function spawnBenchChild(name: string, args: string[]): Promise<BenchChild> {
  const entry = join(dirname(process.argv[1]!), `${name}.mjs`);
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return {
    ready,
    close: () =>
      new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before its last line`)));
        child.stdin.end();
      }),
  };
}

/** The child's side: `ready` printed now; when stdin closes, `stop()` and its answer printed, then exit. */
export function serveUntilStdinEnds(ready: string, stop: () => Promise<string>): void {
  process.stdout.write(`${ready}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void stop().then((last) => process.stdout.write(`${last}\n`, () => process.exit(0))));
}
