/**
 * One session: the sink an engine (SSE, WebSocket, replay) writes to, the ring buffer that keeps
 * its records, its live statistics and an optional recorder. Engines call `sink` synchronously as
 * things happen; the session numbers the record, keeps it, counts it and tells its owner that
 * something changed (the batcher then flushes at most every few tens of ms).
 */
import type { ProxiedRequest, ReplayStatus, SessionInfo, SessionSource } from '#shared/api';
import type { StreamRecord, Transport } from '#shared/records';
import type { StreamRequest } from '#shared/request';
import type { ListFilterSpec } from '#shared/list-filter';
import { DEFAULT_CAPACITY } from '#shared/validate';
import { lastEventIdOfRun, type EventRun, type RecordSink } from '../stream';
import { isStored } from '../recording/codec';
import { now as wallClockNow } from '../clock';
import { createStatsTracker, type StatsTracker } from '../stats/session-stats';
import { createRingBuffer, type RingBuffer } from './ring-buffer';
import { createDiagnostics, type Diagnostics, type DiagnosticsOptions } from '../diagnostics';
import { advanceResumePoint, copyResumePoint, createResumePoint, type ResumePoint } from './resume-point';

/**
 * Receives every record of a recording session that a recording stores (see isStored in
 * src/core/recording): events and the other records derived from chunks on load are not passed.
 */
export type RecordHook = (record: StreamRecord) => void;

/** What drives the session: a live connection or a replayer. */
export interface SessionDriver {
  /** Stops producing records; idempotent. */
  close(): void;
  /** Replay sessions: the replayer's status. */
  replayStatus?(): ReplayStatus;
}

export interface SessionOptions {
  id: string;
  transport: Transport;
  source: SessionSource;
  title: string;
  request: StreamRequest;
  /** Ring buffer capacity in records; default 100,000. */
  capacity?: number;
  /** JSON path of the send timestamp for latency; default auto-detect. */
  latencyPath?: string;
  /** Called after every record and every other change (cheap: the batcher only sets a flag). */
  onChange?: (session: Session) => void;
  /** Wall clock, injectable for tests. */
  now?: () => number;
  /** Diagnostic rules watching the session (src/core/diagnostics); `false` turns them off. */
  diagnostics?: DiagnosticsOptions | false;
  /** A request through an Intercept proxy: shown with the upstream's status once it is known. */
  proxy?: Omit<ProxiedRequest, 'status'>;
  /** The list filter to start with (a replay: its recording's). */
  filter?: ListFilterSpec;
}

export interface Session {
  readonly id: string;
  readonly transport: Transport;
  readonly source: SessionSource;
  readonly title: string;
  readonly request: StreamRequest;
  /**
   * Give this to the engine: assigns sessionId and seq, keeps and counts the record, returns seq.
   * It takes runs of events too (see EventRun), unless a diagnostic rule could report on them.
   */
  readonly sink: RecordSink;
  readonly ring: RingBuffer;
  readonly stats: StatsTracker;
  /** Latest readyState seen in a state record. */
  readonly readyState: number;
  /** Bumped on every change; consumers compare it to know whether to resend the info. */
  readonly version: number;
  /** True once the driver was closed or the stream reached its final state. */
  readonly closed: boolean;
  readonly recording: boolean;
  driver: SessionDriver | null;
  /**
   * Where the stream stands: `now` (after the newest record) or `buffer` (just before the oldest
   * record the ring still holds). A recording starting there carries it. A copy.
   */
  resumePoint(at: 'now' | 'buffer'): ResumePoint;
  /** The list filter the UI last set (or the recording's), or null. */
  readonly filter: ListFilterSpec | null;
  setFilter(filter: ListFilterSpec): void;
  /** Starts (hook) or stops (null) copying records to a recorder. */
  setRecordHook(hook: RecordHook | null): void;
  /** A snapshot for the UI. */
  info(): SessionInfo;
  /** Marks the session changed without a record (stats tick, replay status). */
  touch(): void;
  /** Empties the ring buffer and the statistics; the stream goes on. */
  clear(): void;
  /**
   * Empties the ring buffer, statistics and diagnostics and forgets the readyState: the session is
   * as if just created (a replay that seeks emits its records again from the first).
   */
  rewind(): void;
  /** Closes the driver; the session and its records stay. */
  close(): void;
  /** Lets the idle rules notice a silence while it lasts (live sessions, about once a second). */
  checkIdle(now: number): void;
}

/** Final readyState per transport: SSE CLOSED = 2, WebSocket CLOSED = 3. */
function closedState(transport: Transport): number {
  return transport === 'ws' ? 3 : 2;
}

export function createSession(options: SessionOptions): Session {
  const now = options.now ?? wallClockNow;
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  const ring = createRingBuffer(capacity);
  const startedAt = now();
  const newStats = () => createStatsTracker({ startedAt, latencyPath: options.latencyPath });
  let stats = newStats();
  let readyState = 0;
  let version = 0;
  let closed = false;
  let hook: RecordHook | null = null;
  let status: number | null = null;
  let diagnostics: Diagnostics | null = null;
  // The stream's state after the newest record, and before the oldest one the ring still holds.
  let current = createResumePoint(options.request.lastEventId ?? '');
  let beforeRing = copyResumePoint(current);
  let filter: ListFilterSpec | null = options.filter ?? null;
  // Findings go into the session like any record; the rules skip diagnostic records they see.
  const newDiagnostics = (): Diagnostics | null =>
    options.diagnostics === false ? null : createDiagnostics((draft) => void session.sink(draft), options.diagnostics);

  function sinkRecord(draft: Parameters<RecordSink>[0]): number {
    // The sink owns the draft (see RecordSink): giving it its identity in place avoids copying
    // every record, which on a firehose was the engine's largest cost after GC.
    const record = draft as StreamRecord;
    record.sessionId = options.id;
    record.seq = ring.nextSeq;
    if (ring.size === capacity) passBeforeRing(1);
    ring.push(record);
    advanceResumePoint(current, record);
    stats.observe(record);
    if (record.kind === 'response' && status === null) status = record.status;
    if (record.kind === 'state') {
      readyState = record.readyState;
      if (record.readyState === closedState(options.transport)) closed = true;
    }
    if (hook !== null && isStored(record)) hook(record);
    version++;
    options.onChange?.(session);
    if (diagnostics && record.kind !== 'diagnostic') {
      diagnostics.observe(record);
      if (closed) {
        diagnostics.finish();
        diagnostics = null;
      }
    }
    return record.seq;
  }

  /**
   * The `count` oldest records leave the ring: the resume point before it moves past them. A
   * compact event moves it only by its last event ID, so of a row of them only the last one's is
   * read (building each record to throw it away cost as much as keeping it).
   */
  function passBeforeRing(count: number): void {
    let lastCompact = -1;
    const end = ring.firstSeq + count;
    for (let seq = ring.firstSeq; seq < end; seq++) {
      if (ring.isCompact(seq)) {
        lastCompact = seq;
        continue;
      }
      if (lastCompact >= 0) beforeRing.lastEventId = ring.compactLastEventId(lastCompact)!;
      lastCompact = -1;
      advanceResumePoint(beforeRing, ring.get(seq)!);
    }
    if (lastCompact >= 0) beforeRing.lastEventId = ring.compactLastEventId(lastCompact)!;
  }

  /** The events of one read at once: what sinkRecord does for each, once per run where it can. */
  function takeEvents(run: EventRun): boolean {
    // A finding must sit between the events it is about, as it does when they come one by one.
    if (diagnostics !== null && !diagnostics.acceptsEvents(run)) return false;
    const count = run.count;
    if (count === 0) return true;
    const firstSeq = ring.nextSeq;
    const leaving = ring.size + count - capacity;
    if (leaving > 0) {
      const fromRing = Math.min(leaving, ring.size);
      passBeforeRing(fromRing);
      // A run longer than the ring pushes out its own first events too.
      if (leaving > fromRing) beforeRing.lastEventId = lastEventIdOfRun(run, leaving - fromRing - 1);
    }
    ring.pushRunEvents(run);
    current.lastEventId = lastEventIdOfRun(run, count - 1);
    stats.observeEvents(run);
    version++;
    options.onChange?.(session);
    diagnostics?.observeEvents(run, firstSeq);
    return true;
  }
  const sink: RecordSink = Object.assign(sinkRecord, { takeEvents });

  const session: Session = {
    id: options.id,
    transport: options.transport,
    source: options.source,
    title: options.title,
    request: options.request,
    ring,
    get stats() {
      return stats;
    },
    driver: null,
    // Read-only views of the closure's state, the factory pattern of recorder.ts and the
    // renderer's models alike: each getter names its own field, nothing to share between them.
    get readyState() {
      return readyState;
    },
    get version() {
      return version;
    },
    get closed() {
      return closed;
    },
    get recording() {
      return hook !== null;
    },
    sink,
    resumePoint(at) {
      return copyResumePoint(at === 'now' ? current : beforeRing);
    },
    get filter() {
      return filter;
    },
    setFilter(next) {
      filter = next;
      version++;
      options.onChange?.(session);
    },
    setRecordHook(next) {
      hook = next;
      version++;
      options.onChange?.(session);
    },
    info() {
      const info: SessionInfo = {
        id: options.id,
        transport: options.transport,
        source: options.source,
        title: options.title,
        request: options.request,
        readyState,
        capacity,
        clearedSeq: ring.clearedSeq,
        buffered: ring.size,
        recording: hook !== null,
        stats: stats.snapshot(now()),
      };
      const replay = session.driver?.replayStatus?.();
      if (replay) info.replay = replay;
      if (options.proxy) info.proxy = { ...options.proxy, status };
      if (filter) info.filter = filter;
      return info;
    },
    touch() {
      version++;
      options.onChange?.(session);
    },
    clear() {
      ring.clear();
      beforeRing = copyResumePoint(current);
      stats.reset();
      if (!closed) diagnostics = newDiagnostics();
      version++;
      options.onChange?.(session);
    },
    rewind() {
      ring.clear();
      current = createResumePoint(options.request.lastEventId ?? '');
      beforeRing = copyResumePoint(current);
      stats = newStats();
      readyState = 0;
      closed = false;
      diagnostics?.finish();
      diagnostics = newDiagnostics();
      version++;
      options.onChange?.(session);
    },
    checkIdle(at) {
      diagnostics?.tick(at);
    },
    close() {
      if (session.driver) session.driver.close();
      diagnostics?.finish();
      diagnostics = null;
      closed = true;
      version++;
      options.onChange?.(session);
    },
  };
  diagnostics = newDiagnostics();
  return session;
}
