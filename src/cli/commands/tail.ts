/**
 * `streamscope tail <url>`: print a live stream, NDJSON with --json (docs/cli.md), readable text
 * otherwise. All the stream logic is core's; this file only parses flags, prints and decides
 * when to stop and with which exit code.
 */
import { createSequencedSink, type StreamConnection } from '../../core/stream';
import { countsAsEvent, type StreamRecord } from '#shared/records';
import { requestTransport } from '#shared/request';
import { boolFlag, commandArgs, numberFlag, requirePositionals, timeoutFlag } from '../args';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { createContractPrinter } from '../ndjson';
import { createOutput, printError, type Output } from '../output';
import { REQUEST_FLAGS, REQUEST_FLAGS_HELP, requestFromFlags } from '../request-flags';
import { connectionFailedMessage, createStreamRun, openCliStream, outputPace } from '../stream-run';
import { formatRecord } from './tail-format';

export const summary = 'print a live SSE (http/https) or WebSocket (ws/wss) stream';

const OPTIONS = {
  ...REQUEST_FLAGS,
  json: { type: 'boolean' },
  'max-events': { type: 'string' },
  timeout: { type: 'string' },
  raw: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: streamscope tail <url> [options]

Prints a live stream: SSE for http(s) URLs, WebSocket for ws(s) URLs.

${REQUEST_FLAGS_HELP}
      --json                NDJSON on stdout, one record per line
      --raw                 also print raw chunks (base64 in --json)
      --max-events <n>      exit 0 after n events (SSE) or n inbound data frames (WS)
      --timeout <seconds>   exit 0 after this long
  -h, --help                this help

Exit codes: 0 ended by --max-events, --timeout, Ctrl-C or a clean end; 1 connection failed;
2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  const [url] = requirePositionals(args, ['url']) as [string];
  const cliRequest = requestFromFlags(url, args);
  const maxEvents = numberFlag(args, 'max-events', { integer: true, min: 1 });
  const timeoutSeconds = timeoutFlag(args);
  const isWs = requestTransport(cliRequest.request) === 'ws';

  const out = createOutput();
  const json = boolFlag(args, 'json');
  // A raw body has nothing but chunks to show.
  const raw = boolFlag(args, 'raw') || cliRequest.request.format === 'raw';
  return tail({
    out,
    json,
    raw,
    maxEvents,
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    isWs,
    open: (sink) => openCliStream(cliRequest, sink, outputPace(out)),
  });
}

interface TailPlan {
  out: Output;
  json: boolean;
  raw: boolean;
  maxEvents: number | undefined;
  timeoutMs: number | undefined;
  isWs: boolean;
  open: (sink: ReturnType<typeof createSequencedSink>) => StreamConnection;
}

async function tail(plan: TailPlan): Promise<number> {
  const { out } = plan;
  const stream = createStreamRun<StreamConnection>();
  /** The message of a fatal error record, once one came. */
  let fatal = null as string | null;
  let counted = 0;

  // stop() is called after the record that triggered it was printed; close() then emits the
  // final state line.
  const toLine = createContractPrinter({ chunks: plan.raw });
  const print = (record: StreamRecord): void => {
    const counts = countsAsEvent(record);
    // Once the limit is reached nothing more of the stream is shown, even from the same read.
    if (counts && plan.maxEvents !== undefined && counted >= plan.maxEvents) return;
    if (plan.json) {
      const line = toLine(record);
      if (line !== null) out.line(line);
    } else {
      const text = formatRecord(record, { raw: plan.raw, ws: plan.isWs });
      if (text !== null) out.line(text);
    }
    if (record.kind === 'error' && record.fatal) fatal = record.message;
    if (counts) {
      counted += 1;
      if (plan.maxEvents !== undefined && counted >= plan.maxEvents) stream.stop();
    }
  };

  // The reader went away (`| head`): nothing more to say to anyone.
  out.onClose(stream.stop);
  await stream.run(() => plan.open(createSequencedSink('cli', print)), plan.timeoutMs);
  await out.flush();
  if (stream.stoppedByUs || fatal === null) return EXIT_OK;
  // The records already say why; one line on stderr says it to whoever only sees the exit code.
  if (plan.json || !out.isTTY) printError(connectionFailedMessage(fatal));
  return EXIT_FAILED;
}
