// Finds the Electron executable exactly as the electron package does: by requiring it in a child
// process, so its lazy first-run fetch, ELECTRON_OVERRIDE_DIST_PATH, ELECTRON_MIRROR and the
// download cache variables all apply. A child, because the package's index.js downloads
// synchronously and throws a multi-line error we turn into one line.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MARKER = 'STREAMSCOPE_ELECTRON_PATH=';

/** The command that fetches the binary by hand, as the electron package itself suggests. */
export const INSTALL_HINT = 'run `npx install-electron --no` (behind a proxy or offline: set ELECTRON_MIRROR)';

/** Electron needs a display; on Linux without one, the browser host is the way in. */
export function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * The binary the electron package would return without fetching anything, or null when it has
 * none yet: for tests that must never trigger a download.
 */
export function installedElectron(root, env = process.env) {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  let binary = null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) binary = join(pkg, 'dist', relative);
  return binary && existsSync(binary) ? binary : null;
}

/** True when the package has not fetched its binary yet, so resolving it will download. */
export function willDownload(root, env = process.env) {
  return !env.ELECTRON_OVERRIDE_DIST_PATH && !existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
}

/**
 * Resolves the binary; calls `track(child)` with the resolving process so a signal handler can end
 * it. Resolves to { path } or { reason } (one line, no trailing period).
 */
export function resolveElectron(root, { env = process.env, track = () => {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', `process.stdout.write('\\n${MARKER}' + require('electron'))`], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a signal handler can end it with whatever it started.
      detached: process.platform !== 'win32',
    });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => resolve({ reason: `could not run node to resolve electron: ${e.message}` }));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARKER));
      if (code === 0 && line) {
        const path = line.slice(MARKER.length);
        if (existsSync(path)) return resolve({ path });
        return resolve({ reason: `no Electron executable at ${path}` });
      }
      resolve({ reason: firstError(err) ?? `resolving electron failed (exit ${code})` });
    });
  });
}

/** The first `SomethingError: message` line: the download's cause comes before the package's own throw. */
function firstError(stderr) {
  for (const line of stderr.split('\n')) {
    const m = /^\s*(?:\w*Error|Error)(?: \[\w+\])?: (.+)$/.exec(line);
    if (m) {
      const message = m[1].trim();
      // The package's generic message says nothing about the cause; prefer anything else.
      if (!message.startsWith('Electron failed to install correctly'))
        return `the binary could not be fetched (${message})`;
    }
  }
  return stderr.includes('Electron failed to install correctly') ? 'the binary could not be fetched' : null;
}
