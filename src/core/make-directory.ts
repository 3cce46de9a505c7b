/**
 * `mkdir -p` that ends. Node's own `mkdir(path, { recursive: true })` (the sync, callback and
 * promise forms alike, Node 20) never returns when a parent is a directory that cannot hold the
 * child and says so with ENOENT, as /proc does: Node's walk goes from the child (ENOENT) to the
 * parent (EEXIST, a directory) and back for ever (strace: mkdir("/proc/x") ENOENT, mkdir("/proc")
 * EEXIST, mkdir("/proc/x") ENOENT, ...). Here each directory is tried at most twice: once, and
 * once more after its parent was made, and mkdir's own error says why it failed.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Creates `path` and its missing parents; resolves when it is a directory, else rejects with mkdir's error. */
export async function makeDirectory(path: string): Promise<void> {
  const target = resolve(path);
  const missingParent = await makeOne(target);
  if (missingParent === null) return;
  const parent = dirname(target);
  if (parent === target) throw missingParent;
  await makeDirectory(parent);
  // The parent is a directory now: ENOENT again means it cannot hold this one, and is final.
  const still = await makeOne(target);
  if (still !== null) throw still;
}

/** mkdir of one directory: null when it is a directory now, ENOENT's error when a parent is missing. */
async function makeOne(path: string): Promise<NodeJS.ErrnoException | null> {
  try {
    await mkdir(path);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err as NodeJS.ErrnoException;
    if (code === 'EEXIST' && (await isDirectory(path))) return null;
    throw err;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
