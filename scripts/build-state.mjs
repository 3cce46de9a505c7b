// Whether out/ is current: `npm start` and `npm run dev -- --browser` skip the build when no
// source changed since.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = ['out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html', 'out/cli/index.mjs'];
const SOURCES = ['src', 'package.json', 'electron.vite.config.ts', 'vite.cli.config.mts'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIsCurrent(root) {
  const built = BUILT.map((p) => join(root, p));
  if (!built.every((p) => existsSync(p))) return false;
  const oldestOutput = Math.min(...built.map((p) => statSync(p).mtimeMs));
  return SOURCES.every((p) => !existsSync(join(root, p)) || newestMtime(join(root, p)) <= oldestOutput);
}
