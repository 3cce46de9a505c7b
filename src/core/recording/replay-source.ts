/**
 * What the replay server serves from: a recording in memory or a recording file read again for
 * each client. Serving never needs the whole recording at once: one pass builds a small plan per
 * connection (head, ending, how many payload records), and each client then reads the records of
 * its own connection as it plays them, at its own pace.
 */
import type { Recording, RecordingHeader, StoredRecord } from '#shared/recording-format';
import { openRecordingFile, streamOfRecording, type RecordingStream } from './reader';

export interface ReplaySource {
  readonly header: RecordingHeader;
  /** Problems that did not stop reading (a cut-off file...), as of the last complete pass. */
  readonly warnings: readonly string[];
  /** A fresh pass over every record, in file order. */
  open(): Promise<RecordingStream>;
}

export function recordingSource(recording: Recording): ReplaySource {
  return {
    header: recording.header,
    warnings: recording.warnings,
    open: () => Promise.resolve(streamOfRecording(recording)),
  };
}

/**
 * A recording file, read again from the start by each pass. Its header is read first, so a file
 * that is not a recording fails here, with the reader's one-line error.
 */
export async function fileSource(path: string): Promise<ReplaySource> {
  const first = await openRecordingFile(path);
  await first.close();
  let warnings: readonly string[] = [];
  return {
    header: first.header,
    get warnings() {
      return warnings;
    },
    async open() {
      const stream = await openRecordingFile(path);
      return {
        header: stream.header,
        get warnings() {
          return stream.warnings;
        },
        get filter() {
          return stream.filter;
        },
        async next() {
          const batch = await stream.next();
          // A pass that reached the end knows every warning the file has.
          if (batch === null) warnings = [...stream.warnings];
          return batch;
        },
        close: () => stream.close(),
      };
    },
  };
}

/** Reads every record once, in order (the planning pass). */
export async function forEachRecord(source: ReplaySource, visit: (record: StoredRecord) => void): Promise<void> {
  const stream = await source.open();
  try {
    for (let batch = await stream.next(); batch !== null; batch = await stream.next()) {
      for (const record of batch) visit(record);
    }
  } finally {
    await stream.close();
  }
}

/**
 * The records of one connection, in order, read as the consumer asks for them. Stops reading (and
 * releases the file) when the consumer stops or `signal` aborts.
 */
export async function* recordsOfConnection(
  source: ReplaySource,
  connection: number,
  signal: AbortSignal,
): AsyncGenerator<StoredRecord> {
  const stream = await source.open();
  try {
    for (let batch = await stream.next(); batch !== null && !signal.aborted; batch = await stream.next()) {
      for (const record of batch) {
        if (record.connection === connection) yield record;
        if (signal.aborted) return;
      }
    }
  } finally {
    await stream.close();
  }
}

/**
 * The first `count` items of a connection after its response, read from the source as the
 * consumer asks: `walkerFor(response)` turns each later record into an item, or null for none.
 * Both replay servers serve this way (chunks of an HTTP body, frames of a WebSocket).
 */
export async function* itemsAfterResponse<T>(
  source: ReplaySource,
  connection: number,
  count: number,
  signal: AbortSignal,
  walkerFor: (response: Extract<StoredRecord, { kind: 'response' }>) => (record: StoredRecord) => T | null,
): AsyncGenerator<T> {
  if (count === 0) return;
  let walk: ((record: StoredRecord) => T | null) | null = null;
  let served = 0;
  for await (const r of recordsOfConnection(source, connection, signal)) {
    if (!walk) {
      if (r.kind === 'response') walk = walkerFor(r);
      continue;
    }
    const item = walk(r);
    if (item === null) continue;
    yield item;
    if (++served === count) return;
  }
}
