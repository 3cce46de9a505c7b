/**
 * Temporary directories that clean up after themselves: `tempDir('streamscope-rec-')` makes a
 * fresh directory under the OS temp dir and removes it, with everything in it, when the test that
 * made it finishes, or (made at a file's top level or in a describe body) after the file's tests.
 * Whatever is still there when the worker exits (a directory made in a hook) goes then.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

const live = new Set<string>();
let exitHookSet = false;

function remove(dir: string): void {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

export function tempDir(prefix = 'streamscope-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  live.add(dir);
  if (!exitHookSet) {
    exitHookSet = true;
    process.once('exit', () => [...live].forEach(remove));
  }
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test: the file's collection (or a hook, where this never runs: see above).
    afterAll(() => remove(dir));
  }
  return dir;
}
