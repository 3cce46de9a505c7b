/**
 * Reads a recording line by line from a file stream (or from text already in memory), so a file
 * of any size loads without ever being one string. Damage is reported with its line number; a
 * file cut off mid-line (crash, kill -9) loads up to its last complete line, with a warning.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Recording, RecordingHeader, StoredRecord } from '../../shared/recording-format';
import { decodeHeader, decodeLine, LineError } from './codec';

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

/** Builds a Recording from lines as they come; shared by the file and the text readers. */
function createLineSink(options: ReadOptions) {
  let header: RecordingHeader | null = null;
  const records: StoredRecord[] = [];
  const warnings: string[] = [];
  let lineNo = 0;
  let count = 0;
  let ended = false;

  function line(text: string, terminated: boolean): void {
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
        if (decoded.end.records !== count) {
          warnings.push(`line ${lineNo}: end line counts ${decoded.end.records} records but the file holds ${count}`);
        }
        return;
      }
      count++;
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
        `the recording has no end line: it was cut off (crash or kill); loaded ${count} records up to line ${lineNo}`,
      );
    }
    return { header, records, warnings };
  }

  return { line, finish };
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

/**
 * Reads a recording file as a stream. Rejects with {@link RecordingFormatError} (line-numbered)
 * for a damaged file, or with the file system's error for a missing or unreadable one.
 */
export async function readRecordingFile(path: string, options: ReadOptions = {}): Promise<Recording> {
  const totalBytes = (await stat(path)).size;
  const sink = createLineSink(options);
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  // Pieces of the line being assembled: lines can be many MB (a large chunk in base64).
  let partial: Buffer[] = [];
  let bytesRead = 0;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      bytesRead += piece.length;
      let start = 0;
      for (let nl = piece.indexOf(0x0a); nl !== -1; nl = piece.indexOf(0x0a, start)) {
        partial.push(piece.subarray(start, nl));
        sink.line(Buffer.concat(partial).toString('utf8'), true);
        partial = [];
        start = nl + 1;
      }
      if (start < piece.length) partial.push(piece.subarray(start));
      options.onProgress?.({ bytesRead, totalBytes });
    }
    if (partial.length) sink.line(Buffer.concat(partial).toString('utf8'), false);
  } finally {
    stream.destroy();
  }
  return sink.finish();
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
    return Promise.reject(err);
  }
}
