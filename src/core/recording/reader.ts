/**
 * Reads a recording line by line from a file stream (or from text already in memory), so a file
 * of any size loads without ever being one string. Damage is reported with its line number; a
 * file cut off mid-line (crash, kill -9) loads up to its last complete line, with a warning.
 */
import { open } from 'node:fs/promises';
import type { Recording, RecordingHeader, StoredRecord } from '#shared/recording-format';
import type { ListFilterSpec } from '#shared/list-filter';
import { decodeHeader, decodeLine, LineError } from './codec';
import { createPacer, shortenedGapsWarning } from './precise-timer';

/** A recording that cannot be read: `line` is 1-based (0 when the file itself failed). */
export class RecordingFormatError extends Error {
  override name = 'RecordingFormatError';
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `line ${line}: ${detail}` : detail);
  }
}

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface ReadOptions {
  /** Called as the file is read (at most once per chunk of the underlying stream). */
  onProgress?: (progress: ReadProgress) => void;
  /**
   * Receive records one at a time instead of collecting them: the returned recording's
   * `records` stays empty, so memory stays flat however large the file is.
   */
  onRecord?: (record: StoredRecord) => void;
}

export interface OpenOptions extends Pick<ReadOptions, 'onProgress'> {
  /** Called with the byte position of each record's line in the file, in order, as it is read. */
  onRecordPosition?: (position: number) => void;
}

/** Builds a Recording from lines as they come; shared by the file and the text readers. */
function createLineSink(options: ReadOptions & Pick<OpenOptions, 'onRecordPosition'>) {
  let header: RecordingHeader | null = null;
  const records: StoredRecord[] = [];
  const warnings: string[] = [];
  let lineNo = 0;
  let count = 0;
  let ended = false;
  let pacer: ReturnType<typeof createPacer> | null = null;
  let gapWarned = false;
  let filter: ListFilterSpec | undefined;

  function line(text: string, terminated: boolean, position = -1): void {
    lineNo++;
    // A trailing "\r" (a file edited on Windows) is harmless; blank lines are skipped.
    const body = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (body.trim() === '') return;
    try {
      if (header === null) {
        header = decodeHeader(body);
        return;
      }
      if (ended) throw new LineError('content after the end line');
      const decoded = decodeLine(body);
      if (decoded.kind === 'end') {
        ended = true;
        if (decoded.problem) warnings.push(`line ${lineNo}: ${decoded.problem}`);
        filter = decoded.end.filter;
        if (decoded.end.records !== count) {
          warnings.push(`line ${lineNo}: end line counts ${decoded.end.records} records but the file holds ${count}`);
        }
        return;
      }
      count++;
      pacer ??= createPacer(decoded.record.t);
      pacer.offset(decoded.record.t);
      // Said at once (a streaming replay prints warnings as they come), and once.
      if (pacer.shortened === 1 && !gapWarned) {
        gapWarned = true;
        warnings.push(shortenedGapsWarning(`the first before line ${lineNo}`));
      }
      options.onRecordPosition?.(position);
      if (options.onRecord) options.onRecord(decoded.record);
      else records.push(decoded.record);
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      // A last line without its newline is what a killed recorder leaves behind.
      if (!terminated && header !== null && err.message === 'invalid JSON') {
        warnings.push(`line ${lineNo}: incomplete last line ignored (the recording was cut off)`);
        return;
      }
      throw new RecordingFormatError(lineNo, err.message);
    }
  }

  function finish(): Recording {
    if (header === null) throw new RecordingFormatError(0, 'empty file: not a Streamscope recording');
    if (!ended) {
      warnings.push(
        `the recording has no end line: it was cut off (crash or kill); loaded ${count} record${count === 1 ? '' : 's'} up to line ${lineNo}`,
      );
    }
    return filter ? { header, records, warnings, filter } : { header, records, warnings };
  }

  return {
    line,
    finish,
    get header() {
      return header;
    },
    get filter() {
      return filter;
    },
    warnings,
  };
}

/** Parses a recording held in memory. Throws {@link RecordingFormatError}. */
export function parseRecordingText(text: string, options: ReadOptions = {}): Recording {
  const sink = createLineSink(options);
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) {
      sink.line(text.slice(start), false);
      break;
    }
    sink.line(text.slice(start, nl), true);
    start = nl + 1;
  }
  options.onProgress?.({ bytesRead: text.length, totalBytes: text.length });
  return sink.finish();
}

/** A recording read as it is played: the header at once, then the records batch by batch. */
export interface RecordingStream {
  readonly header: RecordingHeader;
  /** Problems that did not stop reading (a cut-off file...): complete once next() returned null. */
  readonly warnings: readonly string[];
  /** The end line's list filter: known once next() returned null. */
  readonly filter: ListFilterSpec | undefined;
  /**
   * The next records in file order (one read's worth), or null after the last. Rejects with
   * {@link RecordingFormatError} at a damaged line: the records before it have been returned.
   */
  next(): Promise<StoredRecord[] | null>;
  /** Releases the file; next() returns null afterwards. */
  close(): Promise<void>;
}

/** Bytes per read: lines are assembled from reads of this size, never from the whole file. */
const READ_BYTES = 1024 * 1024;

/**
 * Opens a recording file for streaming: memory stays bounded by one read plus the longest line,
 * however large the file. Rejects like {@link readRecordingFile} when the header cannot be read.
 */
export async function openRecordingFile(path: string, options: OpenOptions = {}): Promise<RecordingStream> {
  const handle = await open(path, 'r');
  let batch: StoredRecord[] = [];
  const sink = createLineSink({
    onRecord: (record) => batch.push(record),
    ...(options.onRecordPosition ? { onRecordPosition: options.onRecordPosition } : {}),
  });
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  let totalBytes = 0;
  let bytesRead = 0;
  // Pieces of the line being assembled (copies: the read buffer is reused). Lines can be many
  // MB (a large chunk in base64).
  let partial: Buffer[] = [];
  /** Where the line being assembled starts in the file. */
  let partialAt = 0;
  let eof = false;
  let closed = false;
  let failure: Error | null = null;

  /** Reads once and feeds the complete lines to the sink; false at the end of the file. */
  async function readSome(): Promise<boolean> {
    const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, null);
    if (n === 0) return false;
    const pieceAt = bytesRead;
    bytesRead += n;
    const piece = buffer.subarray(0, n);
    let start = 0;
    for (let nl = piece.indexOf(0x0a); nl !== -1; nl = piece.indexOf(0x0a, start)) {
      if (partial.length === 0) sink.line(piece.toString('utf8', start, nl), true, pieceAt + start);
      else {
        partial.push(piece.subarray(start, nl));
        sink.line(Buffer.concat(partial).toString('utf8'), true, partialAt);
        partial = [];
      }
      start = nl + 1;
    }
    if (start < n) {
      if (partial.length === 0) partialAt = pieceAt + start;
      partial.push(Buffer.from(piece.subarray(start)));
    }
    options.onProgress?.({ bytesRead, totalBytes });
    return true;
  }

  async function next(): Promise<StoredRecord[] | null> {
    if (failure !== null) throw failure;
    if (closed) return null;
    try {
      while (batch.length === 0 && !eof) {
        if (!(await readSome())) {
          eof = true;
          if (partial.length) sink.line(Buffer.concat(partial).toString('utf8'), false, partialAt);
          partial = [];
          sink.finish();
        }
      }
    } catch (err) {
      await close();
      // The records before the damaged line come first; the error with the next call.
      if (batch.length === 0) throw err;
      failure = err instanceof Error ? err : new Error(String(err));
    }
    if (batch.length === 0) {
      await close();
      return null;
    }
    const out = batch;
    batch = [];
    return out;
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await handle.close();
  }

  try {
    totalBytes = (await handle.stat()).size;
    while (sink.header === null && !eof) {
      if (!(await readSome())) {
        eof = true;
        if (partial.length) sink.line(Buffer.concat(partial).toString('utf8'), false);
        partial = [];
        sink.finish();
      }
    }
  } catch (err) {
    await close();
    throw err;
  }
  const header = sink.header;
  if (header === null) throw new RecordingFormatError(0, 'empty file: not a Streamscope recording');
  return {
    header,
    warnings: sink.warnings,
    get filter() {
      return sink.filter;
    },
    next,
    close,
  };
}

/** A recording already in memory, as a stream (imports, tests). */
export function streamOfRecording(recording: Recording, batchSize = 2000): RecordingStream {
  let index = 0;
  return {
    header: recording.header,
    warnings: recording.warnings,
    filter: recording.filter,
    next() {
      if (index >= recording.records.length) return Promise.resolve(null);
      const out = recording.records.slice(index, index + batchSize);
      index += out.length;
      return Promise.resolve(out);
    },
    close() {
      index = recording.records.length;
      return Promise.resolve();
    },
  };
}

/**
 * Reads a recording file as a stream. Rejects with {@link RecordingFormatError} (line-numbered)
 * for a damaged file, or with the file system's error for a missing or unreadable one.
 */
export async function readRecordingFile(path: string, options: ReadOptions = {}): Promise<Recording> {
  const stream = await openRecordingFile(path, options.onProgress ? { onProgress: options.onProgress } : {});
  const records: StoredRecord[] = [];
  for (let batch = await stream.next(); batch !== null; batch = await stream.next()) {
    if (options.onRecord) for (const record of batch) options.onRecord(record);
    else for (const record of batch) records.push(record);
  }
  const recording: Recording = { header: stream.header, records, warnings: [...stream.warnings] };
  if (stream.filter) recording.filter = stream.filter;
  return recording;
}

/** Reads a recording from a file path or from its text. */
export function readRecording(
  source: { path: string } | { text: string },
  options: ReadOptions = {},
): Promise<Recording> {
  if ('path' in source) return readRecordingFile(source.path, options);
  try {
    return Promise.resolve(parseRecordingText(source.text, options));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
