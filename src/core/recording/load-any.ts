/**
 * "Open file": whatever the user picked — a Streamscope recording, a HAR file or a raw SSE body —
 * becomes a Recording. The format is sniffed from the content, not the file name.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { RECORDING_FORMAT, type Recording } from '#shared/recording-format';
import { jsonBoundsProblem } from '#shared/json-bounds';
import { LIMITS } from '#shared/validate';
import { HAR_BOUNDS, importHar } from './har';
import { importRawSse } from './raw-sse';
import {
  openRecordingFile,
  parseRecordingText,
  readRecordingFile,
  RecordingFormatError,
  streamOfRecording,
  type ReadOptions,
  type RecordingStream,
} from './reader';
import { fileIndex, memoryIndex, type RecordIndex } from './record-index';
import { fileSource, recordingSource, type ReplaySource } from './replay-source';

export type SniffedFormat = 'recording' | 'har' | 'raw-sse';

/** A line an event stream would have: a known field (with or without a value) or a comment. */
const SSE_LINE = /(?:^|[\r\n])\uFEFF?(?:(?:data|event|id|retry)(?::|\r|\n|$)|:)/;

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).trim();
}

/** Which reader a file's beginning asks for. `start` is its first few KiB (or all of it). */
export function sniffFormat(start: string): SniffedFormat {
  const trimmed = start.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed.startsWith('{')) return 'raw-sse';
  // A recording's header is a single line naming the format; a HAR is one JSON document.
  if (firstLine(trimmed).includes(`"${RECORDING_FORMAT}"`)) return 'recording';
  return 'har';
}

/**
 * An empty file (0 bytes: a recording whose writer never ran, a download that failed) said as
 * such: "not a recording, a HAR file or an SSE body" sends the user looking for what is in it.
 */
function emptyFile(): RecordingFormatError {
  return new RecordingFormatError(0, 'the file is empty (0 bytes)');
}

/**
 * Loads a recording, HAR or raw SSE body from memory. Throws RecordingFormatError with a
 * one-line message (line-numbered for recordings) when the content cannot be read.
 */
export function loadAnyRecording(name: string, content: string | Uint8Array): Recording {
  if (content.length === 0) throw emptyFile();
  const text = typeof content === 'string' ? content : new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
  switch (sniffFormat(text.slice(0, 64 * 1024))) {
    case 'recording':
      return parseRecordingText(text);
    case 'har': {
      const tooBig = jsonBoundsProblem(text, HAR_BOUNDS);
      if (tooBig !== null) throw new RecordingFormatError(0, `not a HAR file this reader accepts (${tooBig})`);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new RecordingFormatError(
          0,
          `neither a recording nor a HAR file (invalid JSON: ${(err as Error).message})`,
        );
      }
      return importHar(name, json);
    }
    case 'raw-sse':
      // Anything that is not JSON lands here: refuse what does not look like an event stream at
      // all, rather than "replay" a stream with nothing in it.
      if (!SSE_LINE.test(text.slice(0, 64 * 1024))) {
        throw new RecordingFormatError(
          0,
          `not a recording, a HAR file or an SSE body (no data:, event:, id:, retry: or comment line)`,
        );
      }
      // Raw bodies are imported byte-exact: from the bytes when we have them.
      return importRawSse(name, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
}

/**
 * Loads any supported file from disk. Recordings stream (any size, with progress); HAR files and
 * raw bodies are read whole.
 */
export async function loadRecordingFile(path: string, options: ReadOptions = {}): Promise<Recording> {
  if ((await sniffFile(path)) === 'recording') return readRecordingFile(path, options);
  return loadAnyRecording(basename(path), await readFile(path));
}

/**
 * Opens any supported file for playing from start to end. A recording streams from disk (memory
 * bounded however large it is); a HAR file or raw body is one document and is read whole.
 */
export async function openRecordingSource(path: string): Promise<RecordingStream> {
  if ((await sniffFile(path)) === 'recording') return openRecordingFile(path);
  return streamOfRecording(loadAnyRecording(basename(path), await readFile(path)));
}

/**
 * Opens any supported file for serving (`replay --serve`): a recording is read again by each
 * client as it plays (memory bounded however large it is); a HAR file or raw body is read whole.
 */
export async function openServedSource(path: string): Promise<ReplaySource> {
  if ((await sniffFile(path)) === 'recording') return fileSource(path);
  return recordingSource(loadAnyRecording(basename(path), await readFile(path)));
}

/** A file the app's replay tab plays: random access for seeking, and the same file for serving. */
export interface ReplayFile {
  index: RecordIndex;
  source: ReplaySource;
}

/**
 * Opens any supported file for the app's replay tab. A recording is indexed in one pass and then
 * read block by block as it plays (memory flat for a file of any size); a HAR file or raw body is
 * one document, read whole, up to `maxWholeBytes`.
 */
export async function openReplayFile(path: string, maxWholeBytes = LIMITS.openTextChars): Promise<ReplayFile> {
  if ((await sniffFile(path)) === 'recording') {
    const index = await fileIndex(path);
    return { index, source: await fileSource(path) };
  }
  const size = (await stat(path)).size;
  if (size > maxWholeBytes) {
    throw new RecordingFormatError(
      0,
      `a HAR file or raw body is read whole, and this one is larger than ${maxWholeBytes} bytes`,
    );
  }
  const recording = loadAnyRecording(basename(path), await readFile(path));
  return { index: memoryIndex(recording), source: recordingSource(recording) };
}

async function sniffFile(path: string): Promise<SniffedFormat> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead === 0) throw emptyFile();
    return sniffFormat(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}
