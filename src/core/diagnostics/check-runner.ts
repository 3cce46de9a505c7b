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
import type { Recording } from '#shared/recording-format';
import { countsAsEvent, type DiagnosticRecord, type StateReason, type StreamRecord } from '#shared/records';
import type { StreamLimits, StreamRequest } from '#shared/request';
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

/**
 * Why the run stopped: the stream ended (or, for a recording, the recorded stream did); the
 * recording stopped while its stream was still open (Ctrl-C, a limit, a full disk); --timeout; or
 * every assertion was decided, so nothing later could change the verdict.
 */
export type CheckEnd = 'stream-end' | 'recording-cut-off' | 'timeout' | 'decided';

export interface CheckResult {
  /** True when every assertion holds. */
  ok: boolean;
  source: string;
  outcomes: ExpectationOutcome[];
  diagnostics: DiagnosticRecord[];
  /** Fatal error records' messages (connection failed, bad recording...). */
  errors: string[];
  /** Events judged: SSE events and inbound WebSocket data frames (countsAsEvent). */
  events: number;
  /** The run's length in stream time: from its first record to its end (the stream's or ours). */
  durationMs: number;
  endedBy: CheckEnd;
}

/**
 * Runs one check to its end: the stream ends, --timeout, or every assertion is decided (no later
 * record could change any verdict). Never throws for stream problems: they are records and verdicts.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const live = options.source.kind === 'url';
  const expectations = createExpectationSet(options.expectations);
  const diagnosticsFound: DiagnosticRecord[] = [];
  const errors: string[] = [];
  let events = 0;
  let firstT: number | null = null;
  let lastT = 0;
  let lastStateReason: StateReason | null = null;
  // Once a stop is decided, later records (the closing ones, stamped with the wall clock) are not judged.
  let stopping = false;
  let stoppedAt = 0;
  let endedBy: CheckEnd = 'stream-end';
  let connection: StreamConnection | undefined;
  let ended = false;

  function requestStop(why: CheckEnd): void {
    if (stopping) return;
    stopping = true;
    endedBy = why;
    // A recording's clock is its records'; a live run's is the wall clock.
    stoppedAt = live ? Math.max(now(), lastT) : lastT;
    // Possibly called from inside the sink (even before the engine is returned): close afterwards.
    queueMicrotask(() => connection?.close());
  }

  const sink = createSequencedSink('check', (record) => {
    options.onRecord?.(record);
    if (record.kind === 'diagnostic') diagnosticsFound.push(record);
    if (stopping) {
      diagnostics.observe(record);
      return;
    }
    firstT ??= record.t;
    lastT = Math.max(lastT, record.t);
    if (countsAsEvent(record)) events++;
    if (record.kind === 'state') lastStateReason = record.reason;
    if (record.kind === 'error' && record.fatal) errors.push(record.message);
    expectations.observe(record);
    diagnostics.observe(record);
    if (expectations.allDecided && !ended) requestStop('decided');
  });
  const diagnostics = createDiagnostics((draft) => sink(draft), {
    ...diagnosticsOptionsFor(options.source),
    ...options.diagnostics,
  });

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
      if (stopping) return;
      const at = now();
      diagnostics.tick(at);
      expectations.advance(at);
      if (expectations.allDecided) requestStop('decided');
    }, options.tickMs ?? 250);
    timers = [tick, setTimeout(() => requestStop('timeout'), options.timeoutMs)];
  } else {
    // Streamed from the file as it is judged: a recording of any size checks in flat memory.
    const { recording } = options.source;
    connection = createStreamingReplay('next' in recording ? recording : streamOfRecording(recording), sink, {
      speed: 0,
    });
  }

  await connection.done;
  for (const t of timers) clearTimeout(t);
  const endAt = stopping ? stoppedAt : lastT;
  // A recorded stream that was still open when the recording stopped: its end is not the stream's.
  if (!live && !stopping && (lastStateReason === 'replay-ended' || lastStateReason === 'closed-by-user')) {
    endedBy = 'recording-cut-off';
  }
  // What the end of the stream reveals (an unterminated block...) is judged too, but ends nothing.
  ended = true;
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
    durationMs: firstT === null ? 0 : endAt - firstT,
    endedBy,
  };
}

/** A raw body imported as a recording has a made-up response head: its headers prove nothing. */
function diagnosticsOptionsFor(source: CheckSource): DiagnosticsOptions {
  return source.kind === 'recording' && source.recording.header.source?.kind === 'raw-sse'
    ? { skipHeaderRules: true }
    : {};
}
