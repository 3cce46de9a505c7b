/**
 * Files whose assertions are timing budgets (clicks under a firehose, the benchmark smoke run)
 * fail when another such file loads the same two cores at the same time. `runAloneAmong('x')` at
 * a file's top level holds a lock directory from the file's first hook to its last: files that
 * name the same group run one after another, while other files go on in parallel. A lock left
 * by a process that died is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const WAIT_LIMIT_MS = 600_000;

function holderAlive(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    return true; // Being written by its holder right now.
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquire(dir: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (!holderAlive(dir)) rmSync(dir, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`waited ${WAIT_LIMIT_MS} ms for the test lock ${dir}`);
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function runAloneAmong(group: string): void {
  const dir = join(tmpdir(), `streamscope-test-lock-${group}`);
  beforeAll(() => acquire(dir), WAIT_LIMIT_MS + 10_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}
