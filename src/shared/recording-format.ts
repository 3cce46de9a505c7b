/**
 * The Streamscope recording file format (docs/recording-format.md): NDJSON, UTF-8, one JSON
 * object per line, lines ended by "\n". Line 1 is a {@link RecordingHeader}; every further line is
 * one {@link RecordingLine}: a record as the engine produced it, minus `sessionId` and `seq`
 * (given again on load), with raw bytes as base64. A recorder that closes cleanly ends the file
 * with an {@link RecordingEndLine}. Parsed records (events, comments, retry, diagnostics) are never
 * stored: they are derived on load by running the chunks through the SSE decoder, so the file's
 * bytes stay the single truth.
 */
import type {
  ChunkRecord,
  ErrorRecord,
  FrameRecord,
  RecordDraft,
  ResponseRecord,
  StateRecord,
  Transport,
} from './records';
import type { StreamRequest } from './request';
import type { ListFilterSpec } from './list-filter';

/** Value of the header's `format` field. */
export const RECORDING_FORMAT = 'streamscope-recording';

/**
 * The one file extension recordings are saved with (CLI examples, the app's save dialog and
 * download names). Loaders sniff the content, so a file of any name still opens.
 */
export const RECORDING_EXTENSION = '.ssrec';

/**
 * The format's major version. A reader refuses files with a greater major version; fields and
 * record kinds are only ever added with a new major version, so a v1 reader reads every v1 file.
 */
export const RECORDING_VERSION = 1;

/** What replaces a secret header value unless the user opts out of redaction. */
export const REDACTED = '[redacted]';

/** Where a recording came from. */
export type RecordingSource =
  { kind: 'live' } | { kind: 'raw-sse'; name: string } | { kind: 'har'; name: string; entry: number };

/**
 * Where a recording started mid-stream picks the stream up: the SSE state a faithful replay needs
 * that no stored record carries (it came from bytes before the recording's first chunk).
 */
export interface RecordingResume {
  /** The connection the first recorded chunk belongs to. */
  connection: number;
  /** The last event ID at that point ("" when none). */
  lastEventId: string;
  /** The reconnection time a `retry:` field had set by then, in ms; null when none had. */
  retryMs: number | null;
}

/** Line 1 of a recording. */
export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  /** Major format version; see {@link RECORDING_VERSION}. */
  version: number;
  /** Streamscope version that wrote the file. */
  app: string;
  /** When the recording started, ISO-8601 (UTC). */
  created: string;
  transport: Transport;
  /** The request as sent, with secret header values replaced by {@link REDACTED} when `redacted`. */
  request: StreamRequest;
  /** True when secret header values (request and response) were replaced by "[redacted]". */
  redacted: boolean;
  /** Absent means a live recording. */
  source?: RecordingSource;
  /** Present when recording started mid-stream (see {@link RecordingResume}). */
  resume?: RecordingResume;
}

/** The record kinds a recording stores; everything else is derived on load. */
export type StoredKind = 'state' | 'response' | 'chunk' | 'error' | 'frame';

/** A stored record in memory: the engine's draft, bytes as bytes. */
export type StoredRecord = Extract<RecordDraft, { kind: StoredKind }>;

type Line<R> = Omit<R, 'sessionId' | 'seq'>;

/** A chunk on disk: `data` is the base64 of the bytes exactly as one network read delivered them. */
export type ChunkLine = Omit<Line<ChunkRecord>, 'bytes'> & { data: string };
/** A frame on disk: binary/ping/pong payloads only as base64 in `data` (no `bytes`). */
export type FrameLine = Omit<Line<FrameRecord>, 'bytes'>;

/** One record line as written to disk. */
export type RecordingLine = Line<StateRecord> | Line<ResponseRecord> | ChunkLine | Line<ErrorRecord> | FrameLine;

/** The last line of a recording whose recorder closed cleanly. */
export interface RecordingEndLine {
  kind: 'end';
  t: number;
  /** How many record lines precede this one (header and end line not counted). */
  records: number;
  /**
   * The app's list filter for the session when its recording ended; opening the recording in the
   * app restores it. Optional: files without it (older ones, the CLI's) are as valid.
   */
  filter?: ListFilterSpec;
}

/** A recording in memory. */
export interface Recording {
  header: RecordingHeader;
  /** Stored records in file order. */
  records: StoredRecord[];
  /** Problems that did not stop loading (cut-off file, import approximations). */
  warnings: string[];
  /** The list filter from the end line, if it has a valid one. */
  filter?: ListFilterSpec;
}
