/**
 * `streamscope ui [--port p]`: the browser host (docs/cli.md). Prints
 * `listening http://127.0.0.1:<p>/?token=<token>` first and `demo <url>` second, then serves
 * until SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserApp } from '../../host/app';
import { boolFlag, commandArgs, portFlag, requirePositionals } from '../args';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { createOutput, printError } from '../output';
import { serveUntilSignal } from '../serve-until-signal';
import { errorMessage } from '#shared/error-message';

export const summary = 'serve the app in a browser on 127.0.0.1 (token-protected)';

const OPTIONS = {
  port: { type: 'string' },
  'no-demo': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: streamscope ui [--port <p>] [--no-demo]

Serves the Streamscope UI on 127.0.0.1 and prints its URL, which carries a random token:
only that URL opens the app. Also starts the embedded demo server.

      --port <p>    port to listen on (default: a free one)
      --no-demo     do not start the embedded demo server
  -h, --help        this help

Settings live in $STREAMSCOPE_SETTINGS or $XDG_CONFIG_HOME/streamscope/settings.json.
Stop with Ctrl-C.`;

function settingsPath(): string {
  if (process.env.STREAMSCOPE_SETTINGS) return process.env.STREAMSCOPE_SETTINGS;
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'streamscope', 'settings.json');
}

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  requirePositionals(args, []);
  const port = portFlag(args);
  // Bundled as out/cli/index.mjs: the renderer is built next to it, in out/renderer.
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    printError(`the UI is not built (${rendererDir}index.html missing); run \`npm run build\``);
    return EXIT_FAILED;
  }
  return serveUntilSignal({
    start: () => startBrowserApp({ port, rendererDir, settingsPath: settingsPath(), demo: !boolFlag(args, 'no-demo') }),
    async announce(app) {
      const out = createOutput();
      out.line(`listening ${app.host.url}`);
      if (app.demo) out.line(`demo ${app.demo.url}`);
      await out.flush();
    },
    onStartError(err) {
      printError(`ui: ${errorMessage(err)}`);
      return EXIT_FAILED;
    },
  });
}
