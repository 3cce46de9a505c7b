// `npm run bench [-- --json] [-- --quick] [-- --only 1,2]`: build the benchmark bundle, then run it
// with GC exposed (memory rows need it). Everything it starts listens on 127.0.0.1 and stops itself.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };
for (const args of [
  ['run', 'build', '--silent'],
  ['exec', '--', 'vite', 'build', '--config', 'vite.bench.config.mts', '--logLevel', 'warn'],
]) {
  const r = spawnSync('npm', args, quiet);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const run = spawnSync(
  process.execPath,
  ['--expose-gc', join(root, 'out', 'bench', 'index.mjs'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
