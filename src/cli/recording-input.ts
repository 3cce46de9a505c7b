/**
 * Reading a recording (or HAR, or raw SSE body) named on the command line, the same way for every
 * command that reads one (`replay`, `check`): a file that cannot be read is one line on stderr and
 * exit 1, whether that shows at once or only as it is read; what did not stop loading (a cut-off
 * file, synthetic timings) is a warning on stderr.
 */
import { openRecordingSource, openServedSource } from '../core/recording/load-any';
import { RecordingFormatError, type RecordingStream } from '../core/recording/reader';
import type { ReplaySource } from '../core/recording/replay-source';
import { printError } from './output';

/** Says why `file` cannot be read (exit 1 follows). */
export function printUnreadable(file: string, err: unknown): void {
  if (err instanceof RecordingFormatError) printError(`${file}: ${err.message}`);
  else printError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
}

export function printWarnings(warnings: readonly string[]): void {
  for (const warning of warnings) printError(`warning: ${warning}`);
}

/** The recording as a source to serve (read again by each client), or null once the reason it cannot be read is printed. */
export function openServedInput(file: string): Promise<ReplaySource | null> {
  return openOrSayWhy(file, openServedSource);
}

/**
 * The recording as a stream read at its consumer's pace, or null once the reason it cannot be
 * read is printed. Its warnings grow as it is read (a cut-off file is known at its end): the
 * caller prints them with printWarnings.
 */
export function openRecordingInput(file: string): Promise<RecordingStream | null> {
  return openOrSayWhy(file, openRecordingSource);
}

async function openOrSayWhy<T>(file: string, open: (file: string) => Promise<T>): Promise<T | null> {
  try {
    return await open(file);
  } catch (err) {
    printUnreadable(file, err);
    return null;
  }
}
