/**
 * `streamscope proxy <upstream>`: a reverse proxy on 127.0.0.1 in front of an upstream, so the
 * streams your own app receives show up live. Every request through it is a session of its own:
 * printed as it streams (`--json`: NDJSON records carrying `session`), optionally recorded, one
 * file per request, byte-exact (`-o <dir>`).
 */
import { join } from 'node:path';
import { makeDirectory } from '../../core/make-directory';
import { createRecorder, type Recorder } from '../../core/recording/recorder';
import { createSequencedSink } from '../../core/stream';
import {
  checkUpstreamUrl,
  ProxyListenError,
  startProxyServer,
  UNLIMITED_INSPECTION,
  type ProxyExchange,
} from '../../core/proxy/server';
import { escapeForTerminal, escapeJsonControls } from '#shared/control-chars';
import { RECORDING_EXTENSION } from '#shared/recording-format';
import type { StreamRecord } from '#shared/records';
import { boolFlag, commandArgs, portFlag, requirePositionals, stringFlag } from '../args';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../errors';
import { contractObject } from '../ndjson';
import { createOutput, printError, colour } from '../output';
import { serveUntilSignal } from '../serve-until-signal';
import { formatRecord } from './tail-format';
import { errorMessage } from '#shared/error-message';

export const summary = 'reverse proxy: see the streams your own app receives, live';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  json: { type: 'boolean' },
  raw: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  insecure: { type: 'boolean' },
  'no-redact': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: streamscope proxy <upstream base URL> [options]

Listens on 127.0.0.1 and forwards every request (and WebSocket upgrade) to the upstream,
streaming each answer back unbuffered. Point your app at the printed URL instead of the
upstream (e.g. OPENAI_BASE_URL=http://127.0.0.1:<port>/v1) and watch what it receives.
The first line printed is "listening <url>".

  --port <p>          port to listen on; 0 (the default) picks a free one
  --json              NDJSON records, each with "session" (1 for the first request, ...)
  --raw               also print raw chunks (base64 "data" in --json)
  -o, --output <dir>  record every request to <dir>/<n>-<method>-<path>.ssrec (every byte:
                      then even a stream faster than the proxy can parse is parsed whole)
      --no-redact     keep Authorization, Cookie, API-key... values in recordings
  --insecure          accept any TLS certificate from an https upstream
  --host <address>    listen on another address (anyone who can reach it can use the upstream)
  -h, --help          this help

Exit codes: 0 after Ctrl-C / SIGTERM; 1 the -o directory could not be created; 2 usage error
(not an http(s) upstream, busy port).`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  const [upstream] = requirePositionals(args, ['upstream']) as [string];
  const problem = checkUpstreamUrl(upstream);
  if (problem !== null) throw new UsageError(problem);
  const port = portFlag(args) ?? 0;
  const host = stringFlag(args, 'host');
  if (host === '') throw new UsageError('--host expects an address, e.g. 0.0.0.0');
  const json = boolFlag(args, 'json');
  const raw = boolFlag(args, 'raw');
  const redact = !boolFlag(args, 'no-redact');
  const outputDir = stringFlag(args, 'output');
  if (outputDir === '') throw new UsageError('-o expects a directory');
  if (outputDir !== undefined) {
    try {
      await makeDirectory(outputDir);
    } catch (err) {
      // Like `record -o` to a file that cannot be written: the output failed, not the usage.
      printError(`cannot create the -o directory ${outputDir}: ${errorMessage(err)}`);
      return EXIT_FAILED;
    }
  }

  const out = createOutput();
  const recorders = new Set<Promise<void>>();
  const print = json ? jsonPrinter(raw) : textPrinter(raw);

  function observe(exchange: ProxyExchange): (record: StreamRecord) => void {
    const printRecord = (record: StreamRecord): void => {
      const line = print(exchange, record);
      if (line !== null) out.line(line);
    };
    if (outputDir === undefined) return printRecord;
    const recorder: Recorder = createRecorder(
      join(outputDir, recordingName(exchange)),
      { transport: exchange.transport, request: exchange.request },
      { redact, onError: (draft) => printError(draft.message) },
    );
    const closed = exchange.done.then(() => recorder.close());
    recorders.add(closed);
    void closed.then(() => recorders.delete(closed));
    return (record) => {
      recorder.write(record);
      printRecord(record);
    };
  }

  let stillOpen = 0;
  let total = 0;
  const code = await serveUntilSignal({
    start: async () => {
      const server = await startProxyServer({
        upstream,
        port,
        host,
        insecure: boolFlag(args, 'insecure'),
        // A recording holds every byte: against a stream faster than the proxy can parse, the
        // client then waits for the recorder rather than the recording missing reads.
        ...(outputDir === undefined ? {} : { inspectionBudget: UNLIMITED_INSPECTION }),
        observe: (exchange) => createSequencedSink(String(exchange.id), observe(exchange)),
      });
      return {
        server,
        async close() {
          total = server.total;
          stillOpen = await server.close();
          await Promise.all([...recorders]);
        },
      };
    },
    async announce({ server }) {
      if (host !== undefined && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
        process.stderr.write(
          `streamscope: WARNING: listening on ${host}, not only 127.0.0.1: anyone who can reach port ${server.port} can use ${upstream} through it, with whatever credentials your clients send\n`,
        );
      }
      out.line(`listening ${server.url}`);
      // Whoever waits for the first line (a script, a test) must get it before anything else.
      await out.flush();
      if (!json) {
        out.line(`forwarding to ${upstream}`);
        // The upstream's path is a prefix of every request path: clients swap the base URL only.
        out.line(`use ${server.url} in place of ${upstream.replace(/\/$/, '')}`);
        out.line('Press Ctrl-C to stop.');
      }
    },
    onStartError(err) {
      if (err instanceof ProxyListenError) {
        printError(err.message);
        return EXIT_USAGE;
      }
      throw err;
    },
  });
  if (code === EXIT_OK) {
    printError(
      `proxied ${total} request${total === 1 ? '' : 's'}${stillOpen > 0 ? `; ${stillOpen} still open ${stillOpen === 1 ? 'was' : 'were'} cut off` : ''}${outputDir !== undefined ? `; recordings in ${outputDir}` : ''}`,
    );
  }
  await out.flush();
  return code;
}

/** `3-POST-v1-chat-completions.ssrec`: sortable, and says what it was. */
function recordingName(exchange: ProxyExchange): string {
  const path = exchange.path
    .split('?')[0]!
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${exchange.id}-${exchange.method}${path ? `-${path}` : ''}${RECORDING_EXTENSION}`;
}

type Printer = (exchange: ProxyExchange, record: StreamRecord) => string | null;

function jsonPrinter(raw: boolean): Printer {
  return (exchange, record) => {
    const object = contractObject(record, { chunks: raw });
    if (object === null) return null;
    const line: Record<string, unknown> = { ...object, session: exchange.id };
    // The first record of a session says which request it is.
    if (record.seq === 0)
      Object.assign(line, { method: exchange.method, path: exchange.path, url: exchange.request.url });
    return escapeJsonControls(JSON.stringify(line));
  };
}

function textPrinter(raw: boolean): Printer {
  return (exchange, record) => {
    const tag = colour.bold(`#${exchange.id}`);
    if (record.seq === 0)
      return `${tag} ${exchange.transport === 'ws' ? 'WebSocket' : exchange.method} ${escapeForTerminal(exchange.path)}`;
    const text = formatRecord(record, { raw, ws: exchange.transport === 'ws' });
    // Every line tagged: records of concurrent requests interleave.
    return text === null
      ? null
      : text
          .split('\n')
          .map((line) => `${tag} ${line}`)
          .join('\n');
  };
}
