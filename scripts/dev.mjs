// `npm run dev`: electron-vite dev (main and preload rebuilt on change, the renderer hot-reloading)
// in the Electron binary resolved as `npm start` resolves it. `npm run dev -- --browser`, or no
// binary, or no display: the same hot-reloading renderer in a browser, talking to the browser host.
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';
import { hasDisplay, INSTALL_HINT, resolveElectron } from './electron-binary.mjs';
import { exited, start, stopAll, stopOnSignals, stopWhenOrphaned, track } from './processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const say = (line) => process.stderr.write(`streamscope: ${line}\n`);

/** The switch main requires before it trusts ELECTRON_RENDERER_URL (src/main/trust.ts, DEV_SWITCH). */
const DEV_SWITCH = '--streamscope-dev';

async function electronLoop(electronPath) {
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const env = { ...process.env, ELECTRON_EXEC_PATH: electronPath, ELECTRON_CLI_ARGS: JSON.stringify([DEV_SWITCH]) };
  delete env.ELECTRON_RUN_AS_NODE;
  stopAll(await exited(start(process.execPath, [cli, 'dev'], { cwd: root, env })));
}

/** The browser host for the API, and Vite's dev server for the page, proxying the API socket to it. */
async function browserLoop() {
  if (!buildIsCurrent(root)) {
    const build = start('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      shell: process.platform === 'win32',
    });
    const code = await exited(build);
    if (code !== 0) return stopAll(code);
  }
  const host = start(process.execPath, [join(root, 'bin', 'streamscope.js'), 'ui', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  void exited(host).then((code) => stopAll(code));
  const hostUrl = await new Promise((resolve) => {
    const lines = createInterface({ input: host.stdout });
    lines.once('line', (line) => resolve(/^listening (\S+)$/.exec(line)?.[1] ?? null));
  });
  if (!hostUrl) return say('the browser host did not start');
  host.stdout.resume();
  const { origin, searchParams } = new URL(hostUrl);

  const { createServer } = await import('vite');
  const { loadConfigFromFile } = await import('electron-vite');
  const { config } = await loadConfigFromFile(
    { command: 'serve', mode: 'development' },
    'electron.vite.config.ts',
    root,
  );
  const server = await createServer({
    ...config.renderer,
    configFile: false,
    root: join(root, 'src', 'renderer'),
    server: {
      host: '127.0.0.1',
      port: 0,
      proxy: {
        // The host accepts its socket only from its own origin and Host: this loopback proxy is that page.
        '/api': {
          target: origin,
          ws: true,
          changeOrigin: true,
          configure: (proxy) => proxy.on('proxyReqWs', (req) => req.setHeader('origin', origin)),
        },
      },
    },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  process.stdout.write(`dev http://127.0.0.1:${port}/?token=${searchParams.get('token')}\n`);
}

async function main() {
  if (process.argv.includes('--browser')) return browserLoop();
  if (!hasDisplay()) {
    say('no display found (DISPLAY/WAYLAND_DISPLAY unset); starting the browser dev loop instead (open the URL below)');
    return browserLoop();
  }
  const electron = await resolveElectron(root, { track: (c) => track(c) });
  if (electron.path) return electronLoop(electron.path);
  say(
    `Electron is not available: ${electron.reason}; to get it, ${INSTALL_HINT}. Starting the browser dev loop instead (open the URL below)`,
  );
  return browserLoop();
}

stopOnSignals();
stopWhenOrphaned();
main().catch((err) => {
  say(err instanceof Error ? err.message : String(err));
  stopAll(1);
});
