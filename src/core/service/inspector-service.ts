/**
 * The back end of InspectorApi as plain async functions returning Result: Electron main and the
 * browser host both call this object and only validate input and adapt the transport. Arguments
 * are assumed valid here (src/shared/validate.ts ran first); everything that can still go wrong
 * (unknown session, wrong session kind, disk errors, bad recordings) comes back as a Result.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Batch, DemoMetrics, InspectorApi, ScenarioInfo, SessionInfo } from '#shared/api';
import type { StreamRecord } from '#shared/records';
import { RECORDING_EXTENSION, type Recording, type StoredRecord } from '#shared/recording-format';
import { requestTransport, type StreamRequest } from '#shared/request';
import { isPlainHttpRequest, sentHeaders } from '#shared/sent-headers';
import { hideValues, hideValuesInRecord } from '#shared/redact';
import { fail, ok, type Result } from '#shared/result';
import { openStream } from '../open-stream';
import type { WsStreamConnection } from '../stream';
import {
  createHeader,
  createRecorder,
  createReplayer,
  exportHar,
  isStored,
  loadAnyRecording,
  memoryIndex,
  openReplayFile,
  diskPreparer,
  recordingSource,
  startReplayServer,
  type RecordIndex,
  type Recorder,
  type ReplaySource,
  type Replayer,
  type ReplayServer,
} from '../recording';
import { createSessionManager, type SessionManager, type SessionManagerOptions } from '../session/manager';
import type { Session } from '../session/session';
import { advanceResumePoint, type ResumePoint } from '../session/resume-point';
import type { BatchSubscriberOptions } from '../session/batcher';
import { createSettingsStore } from './settings-store';
import { isUiStateKey } from '#shared/ui-state';
import { createWatchArea, type WatchArea } from './watch-area';
import { createProxyArea } from './proxy-area';
import { errorMessage } from '#shared/error-message';
import { makeDirectory } from '../make-directory';

/** The embedded demo server, as far as the UI needs it. */
export interface DemoHandle {
  readonly url: string;
  scenarios(): ScenarioInfo[];
  metrics(): DemoMetrics;
}

/** File dialogs: only the Electron host has them. */
export interface ServiceDialogs {
  /** Asks where to save a recording; null when cancelled. */
  saveRecording(defaultName: string): Promise<string | null>;
  /** Asks where to save a HAR file; null when cancelled. */
  saveHar(defaultName: string): Promise<string | null>;
  /** Asks for a recording to open; null when cancelled. The file is read by the service, as it plays. */
  openRecording(): Promise<{ name: string; path: string } | null>;
}

export interface ServiceContext {
  demo: DemoHandle | null;
  /** Where recordings are written while recording (created on demand). */
  recordingsDir: string;
  /** The settings JSON file; null keeps settings in memory. */
  settingsPath: string | null;
  dialogs?: ServiceDialogs;
  sessions?: SessionManagerOptions;
}

type WithoutSubscribe<G> = Omit<G, 'subscribe'>;

/** InspectorApi's request/response methods, plus push subscription with back-pressure and shutdown. */
export type InspectorService = {
  [G in keyof InspectorApi]: G extends 'sessions'
    ? WithoutSubscribe<InspectorApi[G]>
    : G extends 'watch'
      ? WatchArea
      : InspectorApi[G];
} & {
  subscribe(listener: (batch: Batch) => void, options?: BatchSubscriberOptions): () => void;
  /** The session manager (tests, the CLI). */
  readonly manager: SessionManager;
  /** Closes every session, recorder and replay server. */
  close(): Promise<void>;
};

interface ReplayEntry {
  /** The opened recording: in memory, or a file read as it plays. */
  index: RecordIndex;
  source: ReplaySource;
  replayer: Replayer;
  server: ReplayServer | null;
}

interface RecordingEntry {
  recorder: Recorder;
}

/**
 * Where a recording of `s` picks the stream up when it does not start at the stream's first
 * record: the state now, or (with the buffered records) the state before the first of them that
 * a recording stores (events whose chunks already left the buffer moved it on). Null when the
 * recording starts at the beginning.
 */
function recordingStart(s: Session, buffered: readonly StreamRecord[]): ResumePoint | null {
  if (buffered.length === 0) return s.ring.nextSeq === 0 ? null : s.resumePoint('now');
  if (s.ring.firstSeq === 0) return null;
  const point = s.resumePoint('buffer');
  for (const r of buffered) {
    if (isStored(r)) break;
    advanceResumePoint(point, r);
  }
  return point;
}

/** A copy-safe file name for a session's recording. */
function recordingFileName(session: Session): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${session.id}-${stamp}${RECORDING_EXTENSION}`;
}

export function createInspectorService(context: ServiceContext): InspectorService {
  const manager = createSessionManager(context.sessions);
  const settings = createSettingsStore(context.settingsPath);
  const recorders = new Map<string, RecordingEntry>();
  /** The finished (or current) recording file of each session. */
  const recordingFiles = new Map<string, string>();
  const replays = new Map<string, ReplayEntry>();
  /** Values of secret variables in a session's request, hidden from its recording and HAR. */
  const secretsOf = new Map<string, readonly string[]>();
  const proxies = createProxyArea(manager, () => settings.get().defaultCapacity);

  function session(id: string): Result<Session> {
    const s = manager.get(id);
    return s ? ok(s) : fail('not-found', `no session "${id}"`);
  }

  function replay(id: string): Result<ReplayEntry> {
    if (!manager.get(id)) return fail('not-found', `no session "${id}"`);
    const r = replays.get(id);
    return r ? ok(r) : fail('unsupported', `session "${id}" is not a replay`);
  }

  /** One playback control (play, pause, seek, step, speed) on a replay session. */
  function controlReplay(id: string, control: (replayer: Replayer) => void): Result<void> {
    const r = replay(id);
    if (!r.ok) return r;
    control(r.value.replayer);
    return ok(undefined);
  }

  async function startRecording(s: Session, includeBuffered: boolean): Promise<Result<void>> {
    if (recorders.has(s.id)) return ok(undefined);
    // The buffer as it was when the user asked: records that arrive while the folder is made must
    // not push its oldest ones out of the recording (they come after it, from the ring).
    const held = includeBuffered ? s.ring.slice(s.ring.firstSeq, s.ring.size) : [];
    const heldUpTo = s.ring.nextSeq;
    try {
      await makeDirectory(context.recordingsDir);
    } catch (err) {
      return fail('io', `cannot create the recordings folder: ${errorMessage(err)}`.split('\n')[0]!);
    }
    const path = join(context.recordingsDir, recordingFileName(s));
    const secrets = secretsOf.get(s.id) ?? [];
    const hide = (r: StreamRecord): StreamRecord => hideValuesInRecord(r, secrets);
    const since = Math.max(heldUpTo, s.ring.firstSeq);
    const buffered = includeBuffered ? [...held, ...s.ring.slice(since, s.ring.nextSeq - since)] : [];
    const point = recordingStart(s, buffered);
    const recorder = createRecorder(
      path,
      {
        transport: s.transport,
        request: hideValues(s.request, secrets),
        ...(point && s.transport === 'sse'
          ? { resume: { connection: point.connection, lastEventId: point.lastEventId, retryMs: point.retryMs } }
          : {}),
      },
      {
        redact: settings.get().redactSecrets,
        // A disk error shows up in the session itself, then recording stops.
        onError: (draft) => {
          s.sink(draft);
          void stopRecording(s.id);
        },
      },
    );
    // Started mid-stream: the open connection's head (its response) first, then what the buffer
    // holds when asked for, then everything that comes.
    const firstBuffered = buffered[0]?.seq ?? Infinity;
    for (const r of point?.head ?? []) if (r.seq < firstBuffered) recorder.write(hide(r));
    for (const r of buffered) recorder.write(hide(r));
    recorders.set(s.id, { recorder });
    recordingFiles.set(s.id, path);
    s.setRecordHook((record) => recorder.write(hide(record)));
    return ok(undefined);
  }

  async function stopRecording(id: string): Promise<void> {
    const entry = recorders.get(id);
    if (!entry) return;
    recorders.delete(id);
    const s = manager.get(id);
    s?.setRecordHook(null);
    // The list filter the session has now goes into the end line: opening the file restores it.
    await entry.recorder.close(s?.filter);
  }

  async function closeReplay(id: string): Promise<void> {
    const r = replays.get(id);
    if (!r) return;
    replays.delete(id);
    r.replayer.close();
    if (r.server) await r.server.close();
  }

  /** Text the page sent: a Streamscope recording, a HAR file or a raw SSE body, sniffed from the content. */
  function openRecordingText(name: string, text: string): Result<SessionInfo> {
    let recording: Recording;
    try {
      recording = loadAnyRecording(name, text);
    } catch (err) {
      return unreadable(name, err);
    }
    return openRecording(name, memoryIndex(recording), recordingSource(recording));
  }

  /**
   * A file picked in the open dialog. A recording is indexed in one pass and then read as it
   * plays (memory flat for any size); a HAR file or raw body is one document, read whole.
   */
  async function openRecordingPath(name: string, path: string): Promise<Result<SessionInfo>> {
    try {
      const opened = await openReplayFile(path);
      return openRecording(name, opened.index, opened.source);
    } catch (err) {
      return unreadable(name, err);
    }
  }

  function unreadable(name: string, err: unknown): Result<never> {
    return fail('format', `${name}: ${errorMessage(err)}`.split('\n')[0]!);
  }

  function openRecording(name: string, recording: RecordIndex, source: ReplaySource): Result<SessionInfo> {
    const s = manager.create({
      transport: recording.header.transport,
      source: 'replay',
      title: name,
      request: recording.header.request,
      capacity: settings.get().defaultCapacity,
      // A raw .sse body has a made-up response head: rules about headers would only mislead.
      diagnostics: { skipHeaderRules: recording.header.source?.kind === 'raw-sse' },
      ...(recording.filter ? { filter: recording.filter } : {}),
    });
    const replayer = createReplayer(recording, s.sink, {
      speed: 1,
      autoplay: false,
      onStatus: () => s.touch(),
      // A seek rebuilds the session from the recording's first record (forward or back).
      onRewind: () => s.rewind(),
    });
    const entry: ReplayEntry = { index: recording, source, replayer, server: null };
    replays.set(s.id, entry);
    s.driver = {
      close: () => replayer.close(),
      replayStatus: () => ({ ...replayer.status(), servingUrl: entry.server?.url ?? null }),
    };
    return ok(s.info());
  }

  /**
   * A live session's request with the headers the engine added (the HAR says what was sent). A
   * proxied request is already what went upstream; a replay's is its recording's.
   */
  function asSent(s: Session): StreamRequest {
    if (s.info().proxy !== undefined || !isPlainHttpRequest(s.request)) return s.request;
    return { ...s.request, headers: sentHeaders(s.request) };
  }

  /**
   * What a session holds, as a HAR document: a replay exports its whole recording, a live session
   * what its ring buffer still has (said in the log's comment when older records are gone).
   * Secrets are redacted as in recordings.
   */
  function sessionHar(s: Session): string {
    const redact = settings.get().redactSecrets;
    const opened = replays.get(s.id)?.index;
    let records: StoredRecord[];
    let comment: string | null = null;
    if (opened) {
      // A HAR is one document: the whole recording goes into it.
      records = Array.from({ length: opened.total }, (_, i) => opened.record(i));
    } else {
      records = [];
      for (const r of s.ring.slice(s.ring.firstSeq, s.ring.size)) {
        const { sessionId: _id, seq: _seq, ...draft } = r;
        if (isStored(draft)) records.push(draft);
      }
      if (s.ring.firstSeq > s.info().clearedSeq)
        comment = `the session's first ${s.ring.firstSeq - s.info().clearedSeq} records had left its ring buffer and are not included`;
    }
    const secrets = secretsOf.get(s.id) ?? [];
    const request = hideValues(opened?.header.request ?? asSent(s), secrets);
    const prepare = diskPreparer(request, redact);
    const recording: Recording = {
      header: createHeader({ transport: s.transport, request }, redact),
      records: records.map((r) => prepare(hideValuesInRecord(r, secrets))),
      warnings: [],
    };
    const har = exportHar(recording) as { log: Record<string, unknown> };
    if (comment) har.log.comment = comment;
    return JSON.stringify(har, null, 2) + '\n';
  }

  const service: InspectorService = {
    manager,
    sessions: {
      async open(options) {
        const transport = requestTransport(options.request);
        if (!transport) return fail('invalid-argument', `unsupported URL scheme: ${options.request.url.slice(0, 80)}`);
        const s = manager.create({
          transport,
          source: 'live',
          title: options.request.url,
          request: options.request,
          capacity: options.capacity ?? settings.get().defaultCapacity,
          latencyPath: options.latencyPath,
        });
        if (options.secrets?.length) secretsOf.set(s.id, options.secrets);
        if (options.record) {
          const r = await startRecording(s, false);
          if (!r.ok) return r;
        }
        // The engine emits its first records synchronously into the session. A host never reached
        // fails at once (with a Retry in the UI), as on the command line, unless the user chose
        // to keep retrying (reconnect on), as EventSource does.
        s.driver = openStream(
          { request: options.request, failIfUnreachable: options.request.reconnect !== true },
          s.sink,
        );
        return ok(s.info());
      },
      async close(id) {
        const s = session(id);
        if (!s.ok) return s;
        s.value.close();
        await stopRecording(id);
        return ok(undefined);
      },
      async remove(id) {
        if (!manager.get(id)) return fail('not-found', `no session "${id}"`);
        await stopRecording(id);
        await closeReplay(id);
        manager.remove(id);
        recordingFiles.delete(id);
        secretsOf.delete(id);
        return ok(undefined);
      },
      async list() {
        return ok(manager.list().map((s) => s.info()));
      },
      async clear(id) {
        const s = session(id);
        if (!s.ok) return s;
        s.value.clear();
        return ok(undefined);
      },
      async records(id, fromSeq, limit) {
        const s = session(id);
        if (!s.ok) return s;
        return ok<StreamRecord[]>(s.value.ring.slice(fromSeq, limit));
      },
      async setFilter(id, filter) {
        const s = session(id);
        if (!s.ok) return s;
        s.value.setFilter(filter);
        return ok(undefined);
      },
      async send(id, message) {
        const s = session(id);
        if (!s.ok) return s;
        const driver = s.value.driver;
        if (s.value.transport !== 'ws' || s.value.source !== 'live' || !driver || !('send' in driver)) {
          return fail('unsupported', `session "${id}" is not a live WebSocket`);
        }
        try {
          (driver as WsStreamConnection).send(message);
          return ok(undefined);
        } catch (err) {
          return fail('invalid-argument', errorMessage(err));
        }
      },
    },
    recording: {
      async start(id, options) {
        const s = session(id);
        if (!s.ok) return s;
        if (s.value.source !== 'live') return fail('unsupported', 'only live sessions can be recorded');
        return startRecording(s.value, options?.includeBuffered === true);
      },
      async stop(id) {
        const s = session(id);
        if (!s.ok) return s;
        await stopRecording(id);
        return ok(undefined);
      },
      async save(id, path) {
        const s = session(id);
        if (!s.ok) return s;
        // The renderer never picks a file system path: a compromised page must not write files.
        if (path !== undefined)
          return fail('invalid-argument', 'recording.save: the file is chosen in the save dialog, not by the page');
        const file = recordingFiles.get(id);
        if (!file) return fail('not-found', `session "${id}" has no recording; start recording first`);
        // A recording is saved complete: saving ends it (with its end line).
        await stopRecording(id);
        try {
          if (context.dialogs) {
            const target = await context.dialogs.saveRecording(`${s.value.id}${RECORDING_EXTENSION}`);
            if (target === null) return ok({ path: null, text: null });
            await copyFile(file, target);
            return ok({ path: target, text: null });
          }
          return ok({ path: null, text: await readFile(file, 'utf8') });
        } catch (err) {
          return fail('io', `saving the recording failed: ${errorMessage(err)}`);
        }
      },
      async exportHar(id) {
        const s = session(id);
        if (!s.ok) return s;
        try {
          const text = sessionHar(s.value);
          if (context.dialogs) {
            const target = await context.dialogs.saveHar(`${s.value.id}.har`);
            if (target === null) return ok({ path: null, text: null });
            await writeFile(target, text);
            return ok({ path: target, text: null });
          }
          return ok({ path: null, text });
        } catch (err) {
          return fail('io', `exporting the HAR failed: ${errorMessage(err)}`);
        }
      },
    },
    replay: {
      async openText(name, text) {
        return openRecordingText(name, text);
      },
      async openDialog() {
        if (!context.dialogs)
          return fail('unsupported', 'no file dialog in the browser; use a file input and replay.openText');
        const picked = await context.dialogs.openRecording();
        if (!picked) return ok(null);
        return openRecordingPath(picked.name, picked.path);
      },
      async play(id) {
        return controlReplay(id, (replayer) => replayer.play());
      },
      async pause(id) {
        return controlReplay(id, (replayer) => replayer.pause());
      },
      async seek(id, to) {
        return controlReplay(id, (replayer) => replayer.seek(to));
      },
      async step(id) {
        return controlReplay(id, (replayer) => replayer.step());
      },
      async setSpeed(id, speed) {
        return controlReplay(id, (replayer) => replayer.setSpeed(speed));
      },
      async serve(id) {
        const r = replay(id);
        if (!r.ok) return r;
        if (!r.value.server) {
          try {
            r.value.server = await startReplayServer(r.value.source, {
              port: 0,
              speed: r.value.replayer.status().speed,
            });
          } catch (err) {
            return fail('io', `could not serve the recording: ${errorMessage(err)}`);
          }
          manager.get(id)?.touch();
        }
        return ok({ url: r.value.server.url });
      },
      async unserve(id) {
        const r = replay(id);
        if (!r.ok) return r;
        const server = r.value.server;
        r.value.server = null;
        if (server) await server.close();
        manager.get(id)?.touch();
        return ok(undefined);
      },
    },
    demo: {
      async info() {
        return context.demo ? ok({ baseUrl: context.demo.url }) : fail('unsupported', 'the demo server is not running');
      },
      async scenarios() {
        return context.demo ? ok(context.demo.scenarios()) : fail('unsupported', 'the demo server is not running');
      },
      async metrics() {
        return context.demo ? ok(context.demo.metrics()) : fail('unsupported', 'the demo server is not running');
      },
    },
    // Sessions it opens go through `sessions.open`, so they are like any live session.
    watch: createWatchArea((options) => service.sessions.open(options)),
    settings: {
      async get() {
        return ok(settings.get());
      },
      async set(patch) {
        try {
          return ok(await settings.set(patch));
        } catch (err) {
          return fail('io', `saving settings failed: ${errorMessage(err)}`);
        }
      },
      async uiState() {
        return ok(settings.uiState());
      },
      async putUiState(key, json) {
        // validate.ts checked the key and that the text is JSON; a direct caller gets the same answer.
        if (!isUiStateKey(key)) return fail('invalid-argument', `"${key.slice(0, 64)}" is not a key the app keeps`);
        try {
          await settings.putUiState(key, JSON.parse(json));
          return ok(undefined);
        } catch (err) {
          return fail('io', `saving settings failed: ${errorMessage(err)}`.split('\n')[0]!);
        }
      },
    },
    proxy: proxies.api,
    subscribe(listener, options) {
      return manager.subscribe(listener, options);
    },
    async close() {
      await proxies.closeAll();
      await Promise.all([...recorders.keys()].map((id) => stopRecording(id)));
      await Promise.all([...replays.keys()].map((id) => closeReplay(id)));
      await service.watch.close();
      manager.close();
    },
  };
  return service;
}
