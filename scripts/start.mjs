// `npm start`: build when the sources changed, then run the desktop app in Electron, resolved the
// way the electron package resolves itself (first run fetches the binary). Where the binary
// cannot be had, or there is no display, one line says why and the browser host starts instead.
// SIGINT/SIGTERM end everything this script started.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';
import { hasDisplay, INSTALL_HINT, resolveElectron, willDownload } from './electron-binary.mjs';
import { exited, start, stopAll, stopOnSignals, stopWhenOrphaned, track } from './processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appArgs = process.argv.slice(2);
const say = (line) => process.stderr.write(`streamscope: ${line}\n`);

/** The environment Electron gets: nothing inherited may turn it into Node or into the dev loop. */
function electronEnv() {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.ELECTRON_RENDERER_URL;
  return env;
}

async function main() {
  if (!buildIsCurrent(root)) {
    const code = await exited(
      start('npm', ['run', 'build', '--silent'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        shell: process.platform === 'win32',
      }),
    );
    if (code !== 0) return stopAll(code);
  }
  let child;
  if (!hasDisplay()) {
    say('no display found (DISPLAY/WAYLAND_DISPLAY unset); starting the browser host instead (open the URL below)');
    child = browserHost();
  } else {
    if (willDownload(root)) say('fetching the Electron binary (first run only)...');
    const electron = await resolveElectron(root, { track: (c) => track(c) });
    if (electron.path) {
      child = start(electron.path, [root, ...appArgs], { cwd: root, env: electronEnv() });
    } else {
      say(
        `Electron is not available: ${electron.reason}; to get it, ${INSTALL_HINT}. Starting the browser host instead (open the URL below)`,
      );
      child = browserHost();
    }
  }
  stopAll(await exited(child), 3000);
}

function browserHost() {
  return start(process.execPath, [join(root, 'bin', 'streamscope.js'), 'ui', ...appArgs], { cwd: root });
}

stopOnSignals();
stopWhenOrphaned();
main().catch((err) => {
  say(err instanceof Error ? err.message : String(err));
  stopAll(1);
});
