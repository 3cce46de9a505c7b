// `npm start`: build, then launch the desktop app; where the Electron binary is missing (headless
// boxes, machines that block its download) say so in one line and start the browser host instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const exe = electronBinary();
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
let child;
if (exe && !headless) {
  child = spawn(exe, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
} else {
  process.stderr.write(
    `${exe ? 'No display found' : 'Electron binary not installed'}; starting the browser host instead (open the URL below).\n`,
  );
  child = spawn(process.execPath, [join(root, 'bin', 'streamscope.js'), 'ui', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
