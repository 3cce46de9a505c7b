import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up to package.json: benchmark modules run both from
 * source (vitest's smoke run, bench/*.ts and bench/lib/*.ts at different depths) and from the
 * bundle (out/bench/index.mjs), so a fixed number of `..` is right for only some of them.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the benchmark could not find the project root (no package.json above it)');
    dir = parent;
  }
  return dir;
}
