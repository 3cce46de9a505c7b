/**
 * `streamscope record <url> -o <file>`: a live stream straight into a recording file (the request,
 * response heads, every raw chunk with its arrival time). Same request flags, stop conditions
 * and exit codes as `tail`; a one-line summary on stderr at the end.
 */
import { createRecorder } from '../../core/recording/recorder';
import { createSequencedSink, type StreamConnection } from '../../core/stream';
import { formatBytes } from '#shared/byte-size';
import { countsAsEvent, type StreamRecord } from '#shared/records';
import { requestTransport } from '#shared/request';
import { boolFlag, commandArgs, numberFlag, requirePositionals, stringFlag, timeoutFlag } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { printError } from '../output';
import { REQUEST_FLAGS, REQUEST_FLAGS_HELP, requestFromFlags } from '../request-flags';
import { connectionFailedMessage, createStreamRun, openCliStream } from '../stream-run';
import { plural } from '../plural';

export const summary = 'record a live stream to a file (replay it with `replay`)';

const OPTIONS = {
  ...REQUEST_FLAGS,
  output: { type: 'string', short: 'o' },
  'max-events': { type: 'string' },
  timeout: { type: 'string' },
  'no-redact': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: streamscope record <url> -o <file> [options]

Records a live stream (SSE for http(s), WebSocket for ws(s)) to <file>: the request, the
response head, every raw chunk with its receive time. Replay it with \`streamscope replay\`.

  -o, --output <file>       the recording to write (created or overwritten)
${REQUEST_FLAGS_HELP}
      --max-events <n>      stop after n events (SSE) or n inbound data frames (WS)
      --timeout <seconds>   stop after this long
      --no-redact           keep Authorization, Cookie, API-key... header values in the file
                            (by default they are written as "[redacted]")
  -h, --help                this help

Exit codes: 0 ended by --max-events, --timeout, Ctrl-C or a clean end; 1 connection failed
or the file could not be written; 2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  const [url] = requirePositionals(args, ['url']) as [string];
  const output = stringFlag(args, 'output');
  if (output === undefined || output === '') throw new UsageError('missing -o <file>');
  const cliRequest = requestFromFlags(url, args);
  const { request } = cliRequest;
  const maxEvents = numberFlag(args, 'max-events', { integer: true, min: 1 });
  const timeoutSeconds = timeoutFlag(args);
  const transport = requestTransport(request) ?? 'sse';

  const stream = createStreamRun<StreamConnection>();
  let fatal = null as string | null;
  let diskError: string | null = null;
  let events = 0;
  let chunks = 0;
  const started = performance.now();

  const recorder = createRecorder(
    output,
    { transport, request },
    {
      redact: !boolFlag(args, 'no-redact'),
      onError: (record) => {
        // Without its file a recording session has no purpose: say why and stop.
        diskError = record.message;
        stream.stop();
      },
    },
  );

  const onRecord = (record: StreamRecord): void => {
    recorder.write(record);
    if (record.kind === 'error' && record.fatal) fatal = record.message;
    if (record.kind === 'chunk') chunks += 1;
    // Counted like tail's --max-events.
    if (countsAsEvent(record)) {
      events += 1;
      if (maxEvents !== undefined && events >= maxEvents) stream.stop();
    }
  };

  await stream.run(
    () => openCliStream(cliRequest, createSequencedSink('record', onRecord)),
    timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
  );
  await recorder.close();

  if (diskError !== null) {
    printError(diskError);
    return EXIT_FAILED;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const counted = plural(events, transport === 'ws' ? 'frame' : 'event');
  const detail =
    transport === 'ws'
      ? plural(recorder.records, 'record')
      : `${plural(chunks, 'chunk')}, ${formatBytes(recorder.bytes)}`;
  const summaryLine = `recorded ${counted} (${detail}) in ${seconds} s to ${output}`;
  if (!stream.stoppedByUs && fatal !== null) {
    printError(`${connectionFailedMessage(fatal)}; ${summaryLine}`);
    return EXIT_FAILED;
  }
  process.stderr.write(`${summaryLine}\n`);
  return EXIT_OK;
}
