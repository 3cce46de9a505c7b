/**
 * Reading a recording (or HAR, or raw SSE body) named on the command line, the same way for every
 * command that reads one (`replay`, `check`): a file that cannot be read is one line on stderr and
 * exit 1, whether that shows at once or only as it is read; what did not stop loading (a cut-off
 * file, synthetic timings) is a warning on stderr.
 */
import { loadRecordingFile, openRecordingSource } from '../core/recording/load-any';
import { RecordingFormatError, type RecordingStream } from '../core/recording/reader';
import type { Recording } from '../shared/recording-format';
import { printError } from './output';

/** Says why `file` cannot be read (exit 1 follows). */
export function printUnreadable(file: string, err: unknown): void {
  if (err instanceof RecordingFormatError) printError(`${file}: ${err.message}`);
  else printError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) printError(`warning: ${warning}`);
}

/** The whole recording (for --serve), or null once the reason it cannot be read is printed. */
export async function loadRecordingInput(file: string): Promise<Recording | null> {
  try {
    const recording = await loadRecordingFile(file);
    printWarnings(recording.warnings);
    return recording;
  } catch (err) {
    printUnreadable(file, err);
    return null;
  }
}

/**
 * The recording as a stream read at its consumer's pace, or null once the reason it cannot be
 * read is printed. Its warnings grow as it is read (a cut-off file is known at its end): the
 * caller prints them with printWarnings.
 */
export async function openRecordingInput(file: string): Promise<RecordingStream | null> {
  try {
    return await openRecordingSource(file);
  } catch (err) {
    printUnreadable(file, err);
    return null;
  }
}
