// `npm run dist`: the installers for this platform (electron-builder.yml: AppImage and deb,
// dmg, nsis), packed around the Electron binary the electron package resolves (first run
// fetches it). Where that binary cannot be had: one line, exit 1, and no artefact at all.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_HINT, resolveElectron } from './electron-binary.mjs';
import { exited, start, stopAll, stopOnSignals, stopWhenOrphaned, track } from './processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The directory electron-builder's electronDist wants: the one holding the binary (or Electron.app). */
function distDir(binary) {
  const app = binary.indexOf('.app/Contents/MacOS/');
  return app === -1 ? dirname(binary) : dirname(binary.slice(0, app + '.app'.length));
}

async function main() {
  const electron = await resolveElectron(root, { track: (c) => track(c) });
  if (!electron.path) {
    process.stderr.write(
      `streamscope: cannot package: Electron is not available: ${electron.reason}; to get it, ${INSTALL_HINT}\n`,
    );
    return stopAll(1);
  }
  const shell = process.platform === 'win32';
  const build = await exited(start('npm', ['run', 'build', '--silent'], { cwd: root, shell }));
  if (build !== 0) return stopAll(build);
  const builder = join(root, 'node_modules', 'electron-builder', 'cli.js');
  const code = await exited(
    start(
      process.execPath,
      [builder, '--publish', 'never', `-c.electronDist=${distDir(electron.path)}`, ...process.argv.slice(2)],
      {
        cwd: root,
      },
    ),
  );
  stopAll(code);
}

stopOnSignals();
stopWhenOrphaned();
main().catch((err) => {
  process.stderr.write(`streamscope: ${err instanceof Error ? err.message : String(err)}\n`);
  stopAll(1);
});
