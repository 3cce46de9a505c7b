/**
 * makeDirectory, the `mkdir -p` the CLI and the service use: it makes what is missing, and where
 * a directory cannot be made it fails with mkdir's own error instead of trying for ever (Node's
 * recursive mkdir loops on a parent directory that answers ENOENT for its child: /proc).
 */
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/core/make-directory';
import { tempDir } from '../support/temp';

describe('makeDirectory', () => {
  it('makes the missing parents, and an existing directory is fine', async () => {
    const dir = tempDir('streamscope-mkdir-');
    const deep = join(dir, 'a', 'b', 'c');
    await makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeDirectory(deep);
    await makeDirectory(dir);
  });

  it('a file in the way is an error, not a directory', async () => {
    const dir = tempDir('streamscope-mkdir-');
    writeFileSync(join(dir, 'f'), 'x');
    await expect(makeDirectory(join(dir, 'f'))).rejects.toThrow(/EEXIST/);
    await expect(makeDirectory(join(dir, 'f', 'sub'))).rejects.toThrow(/ENOTDIR/);
  });

  it('a parent that cannot hold children fails at once, naming the directory that could not be made', async () => {
    const dir = tempDir('streamscope-mkdir-');
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    await expect(makeDirectory(join(dir, 'dangling', 'out'))).rejects.toThrow(/EEXIST.*dangling'$/);
    expect(existsSync(join(dir, 'gone'))).toBe(false);
  });

  it.runIf(existsSync('/proc/self'))(
    'a path under /proc fails with ENOENT for its first missing directory',
    async () => {
      await expect(makeDirectory('/proc/x/y.ssrec')).rejects.toThrow(
        "ENOENT: no such file or directory, mkdir '/proc/x'",
      );
    },
  );

  it('makes a directory another process made meanwhile without complaint', async () => {
    const dir = tempDir('streamscope-mkdir-');
    const target = join(dir, 'p', 'q');
    const made = makeDirectory(target);
    mkdirSync(join(dir, 'p'));
    await made;
    expect(statSync(target).isDirectory()).toBe(true);
  });
});
