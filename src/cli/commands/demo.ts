/**
 * `streamscope demo [--port <p>]`: run the embedded demo server until SIGINT/SIGTERM.
 * The first stdout line is `listening <base url>` (docs/cli.md), then a short index of routes.
 */
import { commandArgs, portFlag, requirePositionals } from '../args';
import { createOutput } from '../output';
import { serveUntilSignal } from '../serve-until-signal';
import { DEMO_ROUTES, startDemoServer } from '../../core/demo/server';

export const summary = 'run the demo server (SSE, WebSocket, scenarios) on 127.0.0.1';

const HELP = `usage: streamscope demo [--port <p>]

Runs the embedded demo server on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM.
The first line printed is "listening <base url>".

options:
  --port <p>   port to listen on; 0 (the default) picks a free one
  -h, --help   show this help`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, HELP);
  if (!args) return 0;
  requirePositionals(args, []);
  const port = portFlag(args) ?? 0;

  return serveUntilSignal({
    start: () => startDemoServer({ port }),
    async announce(server) {
      const out = createOutput();
      out.line(`listening ${server.url}`);
      // Whoever waits for the first line (a script, a test) must get it before anything else.
      await out.flush();
      // A WebSocket route is printed as the URL a WebSocket client takes.
      const wsBase = server.url.replace(/^http/, 'ws');
      for (const route of DEMO_ROUTES) {
        const ws = route.path.startsWith('/ws');
        out.line(`  ${ws ? 'WS ' : 'GET'} ${ws ? wsBase : server.url}${route.path}  ${route.description}`);
      }
      out.line(
        `  scenarios: ${server
          .scenarios()
          .map((s) => s.name)
          .join(', ')}`,
      );
      out.line('Press Ctrl-C to stop.');
    },
  });
}
