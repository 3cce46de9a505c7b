/**
 * `streamscope replay <file>`: play a recording (or a HAR file or raw .sse body) back. Printed, it
 * is what `tail` printed live (NDJSON with --json); with --serve it becomes a live endpoint on
 * 127.0.0.1 that any client can connect to.
 */
import { RecordingFormatError, type RecordingStream } from '../../core/recording/reader';
import type { ReplaySource } from '../../core/recording/replay-source';
import { createStreamingReplay } from '../../core/recording/replayer';
import { startReplayServer } from '../../core/recording/replay-server';
import { createSequencedSink, type StreamConnection } from '../../core/stream';
import type { StreamRecord } from '#shared/records';
import { boolFlag, numberFlag, commandArgs, portFlag, requirePositionals } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { createContractPrinter } from '../ndjson';
import { createOutput } from '../output';
import { openRecordingInput, openServedInput, printUnreadable, printWarnings } from '../recording-input';
import { serveUntilSignal } from '../serve-until-signal';
import { createStreamRun, outputPace } from '../stream-run';
import { formatRecord } from './tail-format';

export const summary = 'play a recording back (print it, or --serve it as a live endpoint)';

// Every command lists all its flags here, next to its HELP, even the ones other commands have
// (json, raw, port): a command's flags read in one place; portFlag and friends read them alike.
const OPTIONS = {
  json: { type: 'boolean' },
  raw: { type: 'boolean' },
  speed: { type: 'string' },
  serve: { type: 'boolean' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: streamscope replay <file> [--json] [--raw] [--speed <factor>]
       streamscope replay <file> --serve [--port <p>] [--speed <factor>]

Plays back a recording made by \`streamscope record\` (or the app), a HAR file or a raw SSE body.

      --json                NDJSON on stdout, exactly as \`tail --json\` printed it live
      --raw                 also print raw chunks (base64 in --json)
      --speed <factor>      1 = the recorded timing (default), 2 = twice as fast, 0 = no waiting
      --serve               serve the recording on 127.0.0.1 as a live endpoint; the first line
                            on stdout is \`listening <url>\`; runs until Ctrl-C / SIGTERM
      --port <p>            port for --serve (default: any free port)
  -h, --help                this help

Records keep their recorded timestamps ("t"), whatever the speed.
Exit codes: 0 played (or served until stopped); 1 the file cannot be read; 2 usage error.`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  const [file] = requirePositionals(args, ['file']) as [string];
  const speed =
    numberFlag(args, 'speed', { min: 0, meaning: '1 = the recorded timing, 2 = twice as fast, 0 = no waiting' }) ?? 1;
  const serve = boolFlag(args, 'serve');
  const port = portFlag(args);
  if (!serve && port !== undefined) throw new UsageError('--port works with --serve only');
  if (serve && (boolFlag(args, 'json') || boolFlag(args, 'raw')))
    throw new UsageError('--serve prints no records: drop --json/--raw');

  if (serve) {
    const source = await openServedInput(file);
    return source === null ? EXIT_FAILED : serveRecording(file, source, speed, port);
  }
  const source = await openRecordingInput(file);
  if (source === null) return EXIT_FAILED;
  return print(file, source, speed, boolFlag(args, 'json'), boolFlag(args, 'raw'));
}

/**
 * Plays the file as it is read, at the reader's pace: nothing is read ahead of what stdout takes,
 * so memory stays flat for a recording of any size and a reader of any speed.
 */
async function print(
  file: string,
  source: RecordingStream,
  speed: number,
  json: boolean,
  raw: boolean,
): Promise<number> {
  const out = createOutput();
  const ws = source.header.transport === 'ws';
  const toLine = createContractPrinter({ chunks: raw });
  const emit = (record: StreamRecord): void => {
    const text = json ? toLine(record) : formatRecord(record, { raw, ws });
    if (text !== null) out.line(text);
  };
  // Warnings known up front (an import's synthetic timing) first; a cut-off file is known at its end.
  printWarnings(source.warnings);
  const printed = source.warnings.length;
  const replay = createStreamRun<StreamConnection>();
  // The reader went away (`| head`): nothing more to say to anyone.
  out.onClose(replay.stop);
  let failure: unknown = null;
  try {
    await replay.run(() =>
      createStreamingReplay(source, createSequencedSink('replay', emit), { speed, consumerReady: outputPace(out) }),
    );
  } catch (err) {
    failure = err;
  }
  await out.flush();
  if (failure !== null) {
    printUnreadable(file, failure);
    return EXIT_FAILED;
  }
  printWarnings(source.warnings.slice(printed));
  return EXIT_OK;
}

/** Serves the file, reading it as each client plays it: memory stays flat for a file of any size. */
function serveRecording(file: string, source: ReplaySource, speed: number, port: number | undefined): Promise<number> {
  return serveUntilSignal({
    start: () => startReplayServer(source, { speed, ...(port === undefined ? {} : { port }) }),
    async announce(server) {
      const out = createOutput();
      out.line(`listening ${server.url}`);
      await out.flush();
      printWarnings(server.warnings);
    },
    onStartError(err) {
      // A line damaged past the header shows up while the file is planned for serving.
      if (!(err instanceof RecordingFormatError)) throw err;
      printUnreadable(file, err);
      return EXIT_FAILED;
    },
  });
}
