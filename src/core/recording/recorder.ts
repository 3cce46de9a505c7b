/**
 * Streams a session to a recording file as its records arrive. Lines are gathered for at most
 * `flushIntervalMs` (or `flushBytes`) and then handed to the OS, so a crash loses at most that
 * much, and a session of any length never sits in memory. Disk trouble never reaches the engine:
 * it becomes one `recording-io` error record through `onError`, and recording stops.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ErrorRecord, RecordDraft, StreamRecord, Transport } from '#shared/records';
import type { StreamRequest } from '#shared/request';
import type { ListFilterSpec } from '#shared/list-filter';
import { RECORDING_FORMAT, RECORDING_VERSION } from '#shared/recording-format';
import type {
  RecordingEndLine,
  RecordingHeader,
  RecordingResume,
  RecordingSource,
  StoredRecord,
} from '#shared/recording-format';
import { APP_VERSION } from '#shared/version';
import { now } from '../clock';
import { encodeEnd, encodeHeader, encodeRecord, isStored } from './codec';
import { redactRecordUrls, redactRequest, redactResponseHeaders } from '#shared/redact';
import { socketIoAuthRedactor } from '../socketio/redact';

/** What a recording is of; the recorder fills in the rest of the header. */
export interface RecordingSubject {
  transport: Transport;
  request: StreamRequest;
  source?: RecordingSource;
  /** Recording starts mid-stream: the state it picks the stream up in. */
  resume?: RecordingResume;
}

export interface RecorderOptions {
  /** Replace secret header values with "[redacted]". Default true. */
  redact?: boolean;
  /**
   * Called once, on the first disk error (open, write or close), with an error record
   * (code `recording-io`, not fatal) to put into the live session. Recording stops after it.
   */
  onError?: (record: Omit<ErrorRecord, 'sessionId' | 'seq'>) => void;
  /** Longest time a record waits in memory before it is written. Default 100 ms. */
  flushIntervalMs?: number;
  /** Write as soon as this many characters are waiting. Default 64 KiB. */
  flushBytes?: number;
  /** The header's `created` time. Default: now. */
  created?: Date;
}

export interface Recorder {
  readonly path: string;
  /** Append a record. Kinds that are derived on load (events, comments...) are skipped. */
  write(record: RecordDraft | StreamRecord): void;
  /**
   * Write what is pending and the end line (with the session's list filter, when given), and
   * close the file. Never rejects.
   */
  close(filter?: ListFilterSpec | null): Promise<void>;
  /** The disk error that stopped recording, or null. */
  readonly error: Error | null;
  /** Record lines accepted so far. */
  readonly records: number;
  /** Chunk payload bytes recorded so far. */
  readonly bytes: number;
}

/** Builds the header line's object for a subject. */
export function createHeader(subject: RecordingSubject, redact: boolean, created = new Date()): RecordingHeader {
  const header: RecordingHeader = {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    app: APP_VERSION,
    created: created.toISOString(),
    transport: subject.transport,
    request: redact ? redactRequest(subject.request) : { ...subject.request },
    redacted: redact,
  };
  if (subject.source) header.source = subject.source;
  if (subject.resume) header.resume = { ...subject.resume };
  return header;
}

/** A stored record as it goes to disk: secrets (headers, URL credentials) redacted when asked. */
export function prepareForDisk(record: StoredRecord, redact: boolean): StoredRecord {
  if (!redact) return record;
  const r = redactRecordUrls(record);
  return r.kind === 'response' ? { ...r, headers: redactResponseHeaders(r.headers) } : r;
}

/**
 * prepareForDisk for the records of one request's session: with redaction on, also what the
 * request itself put on the wire as a secret (a Socket.IO CONNECT packet's auth payload).
 */
export function diskPreparer(request: StreamRequest, redact: boolean): (record: StoredRecord) => StoredRecord {
  const hideAuth = redact ? socketIoAuthRedactor(request) : null;
  if (hideAuth === null) return (record) => prepareForDisk(record, redact);
  return (record) => hideAuth(prepareForDisk(record, redact));
}

/**
 * Starts a recording at `path` (created or truncated). Returns at once; open errors arrive
 * through `options.onError` like any other disk error.
 */
export function createRecorder(path: string, subject: RecordingSubject, options: RecorderOptions = {}): Recorder {
  const redact = options.redact ?? true;
  const prepare = diskPreparer(subject.request, redact);
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const flushBytes = options.flushBytes ?? 64 * 1024;

  let pending: string[] = [];
  let pendingLength = 0;
  let timer: NodeJS.Timeout | null = null;
  let error: Error | null = null;
  let closing: Promise<void> | null = null;
  let records = 0;
  let bytes = 0;
  let lastConnection = 1;

  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  stream.on('error', fail);
  // A file that never opened was never recorded to: "stopped" would say it had been.
  let opened = false;
  stream.once('open', () => {
    opened = true;
  });

  function fail(err: Error): void {
    if (error) return;
    error = err;
    pending = [];
    pendingLength = 0;
    if (timer) clearTimeout(timer);
    timer = null;
    stream.destroy();
    options.onError?.({
      kind: 'error',
      t: now(),
      connection: lastConnection,
      code: 'recording-io',
      message: opened ? `recording to ${path} stopped: ${err.message}` : `cannot record to ${path}: ${err.message}`,
      fatal: false,
    });
  }

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (error || pendingLength === 0) return;
    const text = pending.join('');
    pending = [];
    pendingLength = 0;
    stream.write(text);
  }

  function append(line: string): void {
    pending.push(line, '\n');
    pendingLength += line.length + 1;
    if (pendingLength >= flushBytes) flush();
    else if (!timer) {
      timer = setTimeout(flush, flushIntervalMs);
      // A pending flush must not keep a finished program alive; close() flushes anyway.
      timer.unref();
    }
  }

  append(encodeHeader(createHeader(subject, redact, options.created)));
  // The header goes out at once so even a recording killed in its first 100 ms is recognisable.
  flush();

  return {
    path,
    write(record) {
      if (error || closing) return;
      if (!isStored(record)) return;
      lastConnection = record.connection;
      records++;
      if (record.kind === 'chunk') bytes += record.bytes.byteLength;
      append(encodeRecord(prepare(record)));
    },
    close(filter) {
      if (closing) return closing;
      closing = new Promise<void>((resolve) => {
        if (error) {
          resolve();
          return;
        }
        const end: RecordingEndLine = { kind: 'end', t: now(), records };
        if (filter) end.filter = filter;
        append(encodeEnd(end));
        flush();
        stream.once('close', () => resolve());
        stream.end();
      });
      return closing;
    },
    // Getters over the closure's state, the way every factory here exposes it (session.ts, the
    // renderer's models): read-only from outside and live on each read; no logic to share.
    get error() {
      return error;
    },
    get records() {
      return records;
    },
    get bytes() {
      return bytes;
    },
  };
}
