/**
 * Plays a recording back through the same pipeline as a live connection: stored records go to the
 * sink as recorded, chunks go through the SSE decoder exactly as the live engine feeds it, so
 * events, comments, retry and parse errors come out as they did live, and every view and
 * statistic works on a replay.
 *
 * Records keep their ORIGINAL `t`: latency, inter-arrival and TTFB figures of a replay are the
 * recorded session's, whatever the speed. Speed only changes the wall-clock pacing.
 */
import type { ReplayStatus } from '#shared/api';
import type { Recording, RecordingHeader, StoredRecord } from '#shared/recording-format';
import type { Framing, RecordDraft, Transport } from '#shared/records';
import { SSE_CLOSED, SSE_OPEN, WS_CLOSED } from '#shared/records';
import { now } from '../clock';
import type { SseDecoder } from '../sse/decoder';
import { createBodyDecoder } from '../framing';
import { withProtocolDecoding } from '../jsonrpc/decorate';
import { createSequencedSink, withEventRuns, type RecordSink, type StreamConnection } from '../stream';
import type { StreamRecord } from '#shared/records';
import { createPacer, scheduleAt, sleepUntil } from './precise-timer';
import type { RecordingStream } from './reader';
import { memoryIndex, type RecordIndex } from './record-index';

export interface ReplayerOptions {
  /** 1 = the recorded gaps, 2 = twice as fast, 0 = no waiting. Default 1. */
  speed?: number;
  /** Start playing at once. Default true. */
  autoplay?: boolean;
  /** The decoder's event size limit; default the live engine's (16 MiB). */
  maxEventBytes?: number;
  /** Called whenever the status changes (play, pause, seek, speed, step, end, close). */
  onStatus?: (status: ReplayStatus) => void;
  /**
   * Called at the start of every seek, before the replay emits from the first record again: the
   * sink's owner forgets what it holds (a session empties its buffer and statistics), so what it
   * ends up with is exactly what a fresh play to the target gives.
   */
  onRewind?: () => void;
}

/** A replay: a StreamConnection with transport controls. */
export interface Replayer extends StreamConnection {
  play(): void;
  pause(): void;
  /**
   * Move to a time (ms from the first record) or a record index, forward or back: `onRewind` runs,
   * then every record before the target is emitted again at once, from the first, exactly as a
   * fresh play to that point emits them (what the decoder derives included); playing, if it was,
   * goes on from there.
   */
  seek(to: { ms: number } | { index: number }): void;
  /** Pause, then emit the next stored record (and what the decoder derives from it). False at the end. */
  step(): boolean;
  setSpeed(speed: number): void;
  status(): ReplayStatus;
}

function closedStateOf(transport: Transport): number {
  return transport === 'ws' ? WS_CLOSED : SSE_CLOSED;
}

/**
 * Feeds stored records to a sink the way the live engine produced them: SSE chunks through a
 * decoder (reset for each new connection, lastEventId kept), everything else as recorded.
 */
function createStoredRecordFeeder(
  header: RecordingHeader,
  sink: RecordSink,
  maxEventBytes: number | undefined,
): { feed(record: StoredRecord): void; reset(): void } {
  const sse = header.transport === 'sse';
  const decoderOptions = maxEventBytes === undefined ? {} : { maxEventBytes };
  let decoder: SseDecoder;
  let framing: Framing;
  let decoderConnection = 0;
  // The connection of the last network error: its body did not end cleanly.
  let brokenConnection = 0;
  // A recording started mid-stream: the state its first chunk was read in (see RecordingResume).
  const resume = sse ? header.resume : undefined;
  let resumed = false;
  function reset(): void {
    framing = 'sse';
    decoder = createBodyDecoder(framing, sink, decoderOptions, resume?.lastEventId ?? header.request.lastEventId ?? '');
    decoderConnection = 0;
    brokenConnection = 0;
    resumed = false;
  }
  /** The reconnection time the stream had set before the recording began, as its retry record. */
  function resumeRetry(record: StoredRecord): void {
    if (resumed || !resume || record.connection !== resume.connection) return;
    resumed = true;
    if (resume.retryMs !== null)
      sink({ kind: 'retry', t: record.t, connection: record.connection, ms: resume.retryMs });
  }
  reset();
  /** A response says how its body was read (recordings from before framings: SSE). */
  function useFraming(next: Framing): void {
    if (next === framing) return;
    framing = next;
    decoder = createBodyDecoder(next, sink, decoderOptions, decoder.lastEventId);
  }
  function feed(record: StoredRecord): void {
    if (record.kind === 'chunk' && sse) {
      if (record.connection !== decoderConnection) {
        // A new connection: the live engine resets the parser (lastEventId persists).
        if (decoderConnection !== 0) decoder.end();
        decoder.reset();
        decoderConnection = record.connection;
        resumeRetry(record);
      }
      decoder.push(record.bytes, record.t, record.connection);
      return;
    }
    if (sse) {
      if (record.kind === 'response' && record.framing !== undefined) useFraming(record.framing);
      if (record.kind === 'error' && record.code === 'network') brokenConnection = record.connection;
      if (record.kind === 'state' && record.readyState !== SSE_OPEN) {
        const serverEnded = record.reason === 'stream-ended' || record.reason === 'waiting-retry';
        decoder.end(serverEnded && brokenConnection !== record.connection);
      }
    }
    sink({ ...record });
  }
  return { feed, reset };
}

/** Most records emitted synchronously in one go at speed 0, so pause and I/O get a turn. */
const INSTANT_BATCH = 2000;

/**
 * Creates a replayer emitting into `sink`. Playback starts on the next tick unless
 * `autoplay: false`.
 */
export function createReplayer(
  recording: Recording | RecordIndex,
  output: RecordSink,
  options: ReplayerOptions = {},
): Replayer {
  const records = 'record' in recording ? recording : memoryIndex(recording);
  const { header } = records;
  // Protocols are decoded again on the way out, as openStream does live.
  const sink = withProtocolDecoding(output, header.request);
  const transport = header.transport;
  const { durationMs, total } = records;
  const lastRecord = (): StoredRecord | undefined => (total > 0 ? records.record(total - 1) : undefined);
  const closed = closedStateOf(transport);

  let speed = checkSpeed(options.speed ?? 1);
  let index = 0;
  let playing = false;
  let finished = false;
  // Wall clock (performance.now) that corresponds to offset 0 at the current speed.
  let startWall = 0;
  // Position while paused.
  let pausedAt = 0;
  let cancelTimer: (() => void) | null = null;
  let emittedReadyState = 0;

  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));

  // A session's sink takes runs of events: they pass on, as they do live (open-stream.ts).
  const forward = withEventRuns((draft: RecordDraft): number => {
    if (draft.kind === 'state') emittedReadyState = draft.readyState;
    return sink(draft);
  }, sink.takeEvents);

  const feeder = createStoredRecordFeeder(header, forward, options.maxEventBytes);
  const freshDecoder = feeder.reset;

  /** Emits stored record i the way the live engine did. */
  function emit(i: number): void {
    feeder.feed(records.record(i));
  }

  function positionNow(): number {
    if (!playing) return pausedAt;
    if (speed === 0) return index > 0 ? records.offset(index - 1) : 0;
    return Math.min(durationMs, Math.max(0, (performance.now() - startWall) * speed));
  }

  function status(): ReplayStatus {
    return {
      playing,
      speed,
      positionMs: positionNow(),
      durationMs,
      index,
      total,
      servingUrl: null,
      warnings: [...records.warnings],
    };
  }

  function notify(): void {
    options.onStatus?.(status());
  }

  function stopTimer(): void {
    cancelTimer?.();
    cancelTimer = null;
  }

  function reachEnd(): void {
    stopTimer();
    playing = false;
    pausedAt = durationMs;
    if (emittedReadyState !== closed && !finished) {
      // A recording cut off while open: say the replay is over rather than stay OPEN forever.
      forward({
        kind: 'state',
        t: lastRecord()?.t ?? now(),
        connection: lastRecord()?.connection ?? 1,
        readyState: closed,
        reason: 'replay-ended',
        message: 'end of recording',
      });
    }
    resolveDone();
    notify();
  }

  function tick(): void {
    cancelTimer = null;
    if (!playing || finished) return;
    if (speed === 0) {
      const stop = Math.min(total, index + INSTANT_BATCH);
      while (index < stop && playing && !finished) emit(index++);
    } else {
      const elapsed = (performance.now() - startWall) * speed;
      // Everything due goes out in this tick: late timers never leave a backlog.
      while (index < total && records.offset(index) <= elapsed && playing && !finished) emit(index++);
    }
    if (!playing || finished) return;
    if (index >= total) {
      reachEnd();
      return;
    }
    if (speed === 0) cancelTimer = scheduleAt(0, tick);
    else cancelTimer = scheduleAt(startWall + records.offset(index) / speed, tick);
  }

  function play(): void {
    if (finished || playing) return;
    if (index >= total) {
      reachEnd();
      return;
    }
    playing = true;
    // Resume from where we paused (never before the next record's own offset at a step boundary).
    startWall = performance.now() - pausedAt / (speed || 1);
    stopTimer();
    cancelTimer = scheduleAt(0, tick);
    notify();
  }

  function pause(): void {
    if (!playing) return;
    pausedAt = positionNow();
    playing = false;
    stopTimer();
    notify();
  }

  function seek(to: { ms: number } | { index: number }): void {
    if (finished) return;
    let target: number;
    let targetMs: number;
    if ('index' in to) {
      target = Math.max(0, Math.min(total, Math.floor(to.index)));
      targetMs = target < total ? records.offset(target) : durationMs;
    } else {
      targetMs = Math.max(0, Math.min(durationMs, to.ms));
      target = records.indexAt(targetMs);
    }
    const wasPlaying = playing;
    stopTimer();
    playing = false;
    // Rebuild from the first record: the consumer's view, statistics and the decoder's state
    // (partial lines, lastEventId, retry) are then those of a fresh play to the target.
    options.onRewind?.();
    freshDecoder();
    index = 0;
    emittedReadyState = 0;
    while (index < target) emit(index++);
    pausedAt = targetMs;
    if (index >= total) reachEnd();
    else if (wasPlaying) play();
    else notify();
  }

  function step(): boolean {
    if (finished) return false;
    pause();
    if (index >= total) return false;
    emit(index++);
    pausedAt = records.offset(index - 1);
    if (index >= total) reachEnd();
    else notify();
    return true;
  }

  function setSpeed(next: number): void {
    const position = positionNow();
    speed = checkSpeed(next);
    if (playing) {
      stopTimer();
      startWall = performance.now() - position / (speed || 1);
      cancelTimer = scheduleAt(0, tick);
    }
    notify();
  }

  if (options.autoplay ?? true) queueMicrotask(play);

  return {
    transport,
    get readyState() {
      return emittedReadyState;
    },
    close() {
      if (finished) return;
      stopTimer();
      playing = false;
      if (emittedReadyState !== closed) {
        forward({
          kind: 'state',
          t: now(),
          connection: total > 0 ? records.record(Math.max(0, index - 1)).connection : 1,
          readyState: closed,
          reason: 'closed-by-user',
          message: 'replay closed',
        });
      }
      finished = true;
      resolveDone();
      notify();
    },
    done,
    play,
    pause,
    seek,
    step,
    setSpeed,
    status,
  };
}

export interface StreamingReplayOptions {
  /** 1 = the recorded gaps, 2 = twice as fast, 0 = no waiting. Default 1. */
  speed?: number;
  /** The decoder's event size limit; default the live engine's (16 MiB). */
  maxEventBytes?: number;
  /**
   * The consumer's pace (e.g. stdout): asked after each record; while it returns a promise the
   * replay waits, so a slow reader never makes records pile up in memory.
   */
  consumerReady?: () => Promise<void> | null;
}

/**
 * Plays a recording straight from its stream (a file read as it goes), from start to end, with
 * the same records as {@link createReplayer}: memory stays bounded by one read of the file,
 * whatever its size and whatever the consumer's pace. No seeking: for the CLI and `check`.
 * `done` rejects with the reader's error (e.g. a damaged line) after the records before it.
 */
export function createStreamingReplay(
  source: RecordingStream,
  sink: RecordSink,
  options: StreamingReplayOptions = {},
): StreamConnection {
  const transport = source.header.transport;
  const closed = closedStateOf(transport);
  const speed = checkSpeed(options.speed ?? 1);
  const stopSleeping = new AbortController();
  let readyState = 0;
  let finished = false;
  let last: StoredRecord | null = null;

  let resolveDone!: () => void;
  let rejectDone!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });

  // Protocols are decoded again on the way out, as openStream does live and createReplayer does.
  const decoding = withProtocolDecoding(sink, source.header.request);
  const forward: RecordSink = (draft) => {
    if (draft.kind === 'state') readyState = draft.readyState;
    return decoding(draft);
  };
  const feeder = createStoredRecordFeeder(source.header, forward, options.maxEventBytes);

  async function play(): Promise<void> {
    let pacer: ReturnType<typeof createPacer> | null = null;
    const startWall = performance.now();
    for (let batch = await source.next(); batch !== null; batch = await source.next()) {
      for (const record of batch) {
        if (finished) return;
        if (speed > 0) {
          // Over-long recorded gaps are shortened, as in the in-memory replayer (the reader warns).
          pacer ??= createPacer(record.t);
          const due = startWall + pacer.offset(record.t) / speed;
          if (due > performance.now()) await sleepUntil(due, stopSleeping.signal);
          if (finished) return;
        }
        feeder.feed(record);
        last = record;
        const busy = options.consumerReady?.();
        if (busy) await busy;
      }
      if (finished) return;
    }
    if (finished) return;
    if (readyState !== closed) {
      // A recording cut off while open: say the replay is over rather than stay OPEN forever.
      forward({
        kind: 'state',
        t: last?.t ?? now(),
        connection: last?.connection ?? 1,
        readyState: closed,
        reason: 'replay-ended',
        message: 'end of recording',
      });
    }
    finished = true;
    resolveDone();
  }

  queueMicrotask(() => {
    play().catch((err: unknown) => {
      if (finished) return;
      finished = true;
      void source.close();
      rejectDone(err);
    });
  });

  return {
    transport,
    get readyState() {
      return readyState;
    },
    close() {
      if (finished) return;
      finished = true;
      stopSleeping.abort();
      if (readyState !== closed) {
        forward({
          kind: 'state',
          t: now(),
          connection: last?.connection ?? 1,
          readyState: closed,
          reason: 'closed-by-user',
          message: 'replay closed',
        });
      }
      void source.close();
      resolveDone();
    },
    done,
  };
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`replay speed must be a number >= 0, got ${speed}`);
  return speed;
}

/**
 * Every record of a recording, stored and derived, numbered from 0, as an instant replay would
 * emit them (without a closing 'replay-ended' state). The derived view of a recording.
 */
export function deriveRecords(recording: Recording, sessionId = 'recording'): StreamRecord[] {
  const out: StreamRecord[] = [];
  const replayer = createReplayer(
    recording,
    createSequencedSink(sessionId, (r) => out.push(r)),
    { autoplay: false, speed: 0 },
  );
  while (replayer.status().index < recording.records.length) {
    replayer.step();
  }
  return out.filter((r) => !(r.kind === 'state' && r.reason === 'replay-ended'));
}
