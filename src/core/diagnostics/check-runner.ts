/**
 * `streamscope check` without the terminal: runs a live request or a recording through the same
 * pipeline as a session (engine or replayer → records → diagnostics), judges the assertions, and
 * returns a verdict the CLI prints.
 */
import { now } from '../clock';
import { openStream } from '../open-stream';
import { streamOfRecording, type RecordingStream } from '../recording/reader';
import { createStreamingReplay } from '../recording/replayer';
import { createSequencedSink, type StreamConnection } from '../stream';
import type { Recording } from '../../shared/recording-format';
import type { DiagnosticRecord, StreamRecord } from '../../shared/records';
import type { StreamLimits, StreamRequest } from '../../shared/request';
import { createDiagnostics, type DiagnosticsOptions } from './index';
import type { Expectation } from './expect-parser';
import { createExpectationSet, type ExpectationOutcome } from './expectations';

/** What to check: a live request, or a loaded recording replayed at full speed. */
export type CheckSource =
  | {
      kind: 'url';
      request: StreamRequest;
      /** WebSocket: texts sent in order once the socket opens (a handshake-driven protocol). */
      sendOnOpen?: readonly string[];
    }
  | { kind: 'recording'; name: string; recording: Recording | RecordingStream };

export interface CheckOptions {
  source: CheckSource;
  expectations: readonly Expectation[];
  /** Live runs stop after this long. Recordings ignore it. */
  timeoutMs: number;
  /** How often a live run looks at the clock (idle rules, deadlines). Default 250 ms. */
  tickMs?: number;
  limits?: Partial<StreamLimits>;
  diagnostics?: DiagnosticsOptions;
  /** Sees every record (diagnostics included), e.g. for a verbose listing. */
  onRecord?: (record: StreamRecord) => void;
}

/** Why the run stopped. */
export type CheckEnd = 'stream-end' | 'timeout' | 'decided';

export interface CheckResult {
  /** True when every assertion holds. */
  ok: boolean;
  source: string;
  outcomes: ExpectationOutcome[];
  diagnostics: DiagnosticRecord[];
  /** Fatal error records' messages (connection failed, bad recording...). */
  errors: string[];
  events: number;
  /** Stream time from the first record to the last, ms. */
  durationMs: number;
  endedBy: CheckEnd;
}

/** Runs one check to its end. Never throws for stream problems: they are records and verdicts. */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const expectations = createExpectationSet(options.expectations);
  const diagnosticsFound: DiagnosticRecord[] = [];
  const errors: string[] = [];
  let events = 0;
  let firstT: number | null = null;
  let lastT = 0;
  // After a stop is asked for, the closing records (stamped with the wall clock) are not judged.
  let stopping = false;
  let endedBy: CheckEnd = 'stream-end';
  let requestStop: (why: CheckEnd) => void = () => {};

  const sink = createSequencedSink('check', (record) => {
    options.onRecord?.(record);
    if (record.kind === 'diagnostic') diagnosticsFound.push(record);
    if (stopping) {
      diagnostics.observe(record);
      return;
    }
    firstT ??= record.t;
    lastT = Math.max(lastT, record.t);
    if (record.kind === 'event' || (record.kind === 'frame' && record.dir === 'in')) events++;
    if (record.kind === 'error' && record.fatal) errors.push(record.message);
    expectations.observe(record);
    diagnostics.observe(record);
    if (expectations.deadlinesDecided) queueMicrotask(() => requestStop('decided'));
  });
  const diagnostics = createDiagnostics((draft) => sink(draft), {
    ...diagnosticsOptionsFor(options.source),
    ...options.diagnostics,
  });

  let connection: StreamConnection;
  let timers: Array<ReturnType<typeof setTimeout>> = [];
  if (options.source.kind === 'url') {
    connection = openStream(
      {
        request: options.source.request,
        sendOnOpen: options.source.sendOnOpen,
        ...(options.limits ? { limits: options.limits } : {}),
      },
      sink,
    );
    const tick = setInterval(() => {
      const at = now();
      diagnostics.tick(at);
      expectations.advance(at);
      if (expectations.deadlinesDecided) requestStop('decided');
    }, options.tickMs ?? 250);
    timers = [tick, setTimeout(() => requestStop('timeout'), options.timeoutMs)];
  } else {
    // Streamed from the file as it is judged: a recording of any size checks in flat memory.
    const { recording } = options.source;
    connection = createStreamingReplay('next' in recording ? recording : streamOfRecording(recording), sink, {
      speed: 0,
    });
  }
  requestStop = (why) => {
    if (stopping) return;
    stopping = true;
    endedBy = why;
    connection.close();
  };

  await connection.done;
  for (const t of timers) clearTimeout(t);
  stopping = false;
  diagnostics.finish();
  stopping = true;

  const outcomes = expectations.outcomes();
  return {
    ok: outcomes.every((o) => o.ok),
    source: options.source.kind === 'url' ? options.source.request.url : options.source.name,
    outcomes,
    diagnostics: diagnosticsFound,
    errors,
    events,
    durationMs: firstT === null ? 0 : lastT - firstT,
    endedBy,
  };
}

/** A raw body imported as a recording has a made-up response head: its headers prove nothing. */
function diagnosticsOptionsFor(source: CheckSource): DiagnosticsOptions {
  return source.kind === 'recording' && source.recording.header.source?.kind === 'raw-sse'
    ? { skipHeaderRules: true }
    : {};
}
