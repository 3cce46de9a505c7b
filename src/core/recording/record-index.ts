/**
 * Random access to a recording's records, for the replayer (play, pause, seek, step). A recording
 * in memory is its own index. A recording file is read once to build a sparse index (where each
 * block of records starts in the file, and the pacing there); afterwards only the block being
 * played is held, read again from the file when needed. Memory is then a block (at most
 * {@link BLOCK_BYTES} plus its longest line) and a few numbers per block, whatever the file size.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Recording, RecordingHeader, StoredRecord } from '#shared/recording-format';
import type { ListFilterSpec } from '#shared/list-filter';
import { decodeLine } from './codec';
import { createPacer } from './precise-timer';
import { openRecordingFile, RecordingFormatError } from './reader';

export interface RecordIndex {
  readonly header: RecordingHeader;
  readonly warnings: readonly string[];
  /** The list filter of the recording's end line, if any. */
  readonly filter: ListFilterSpec | undefined;
  /** How many stored records. */
  readonly total: number;
  /** The last record's offset (ms from the first, over-long gaps shortened). */
  readonly durationMs: number;
  /** Stored record `i` (0 ≤ i < total). */
  record(i: number): StoredRecord;
  /** When record `i` plays: ms from the first record, never decreasing. */
  offset(i: number): number;
  /** The first record whose offset is ≥ `ms`; `total` when there is none. */
  indexAt(ms: number): number;
}

/** A recording in memory, indexed. */
export function memoryIndex(recording: Recording): RecordIndex {
  const { records } = recording;
  const pacer = createPacer(records[0]?.t ?? 0);
  const offsets = records.map((r) => pacer.offset(r.t));
  return {
    header: recording.header,
    warnings: recording.warnings,
    filter: recording.filter,
    total: records.length,
    durationMs: offsets.at(-1) ?? 0,
    record: (i) => records[i]!,
    offset: (i) => offsets[i]!,
    indexAt(ms) {
      const i = offsets.findIndex((o) => o >= ms);
      return i === -1 ? records.length : i;
    },
  };
}

/** A block ends after this many bytes of lines (or {@link BLOCK_RECORDS} records), whichever first. */
const BLOCK_BYTES = 1024 * 1024;
const BLOCK_RECORDS = 4096;

/** Where a block starts: its first record, its byte position, and the pacing up to it. */
interface BlockStart {
  first: number;
  position: number;
  /** The offset of the record before it (0 for the first block) and the latest time before it. */
  offsetBefore: number;
  latestTBefore: number;
  /** Its first record's offset (for seeking by time). */
  firstOffset: number;
}

/**
 * Indexes a recording file in one streaming pass. Rejects like openRecordingFile, or with
 * RecordingFormatError at the first damaged line.
 */
export async function fileIndex(path: string): Promise<RecordIndex> {
  const blocks: BlockStart[] = [];
  // Line positions come as records are decoded, in the same order as the records next() returns.
  let positions: number[] = [];
  const stream = await openRecordingFile(path, { onRecordPosition: (p) => positions.push(p) });
  let total = 0;
  let durationMs = 0;
  let pacer: ReturnType<typeof createPacer> | null = null;
  let fileEnd = 0;
  try {
    for (let batch = await stream.next(); batch !== null; batch = await stream.next()) {
      const at = positions;
      positions = [];
      batch.forEach((record, k) => {
        const position = at[k]!;
        pacer ??= createPacer(record.t);
        const offsetBefore = durationMs;
        const latestTBefore = pacer.latestT;
        const offset = pacer.offset(record.t);
        const current = blocks.at(-1);
        if (!current || total - current.first >= BLOCK_RECORDS || position - current.position >= BLOCK_BYTES) {
          blocks.push({ first: total, position, offsetBefore, latestTBefore, firstOffset: offset });
        }
        durationMs = offset;
        total++;
      });
    }
    fileEnd = statSync(path).size;
  } finally {
    await stream.close();
  }

  let cached: { block: number; records: StoredRecord[]; offsets: number[] } | null = null;

  function load(block: number): NonNullable<typeof cached> {
    if (cached?.block === block) return cached;
    const start = blocks[block]!;
    const end = blocks[block + 1]?.position ?? fileEnd;
    const count = (blocks[block + 1]?.first ?? total) - start.first;
    const bytes = readBlockBytes(path, start.position, end - start.position);
    const records: StoredRecord[] = [];
    let from = 0;
    while (records.length < count && from < bytes.length) {
      let nl = bytes.indexOf(0x0a, from);
      if (nl === -1) nl = bytes.length;
      const text = bytes.toString('utf8', from, nl).replace(/\r$/, '');
      from = nl + 1;
      if (text.trim() === '') continue;
      const decoded = decodeLine(text);
      if (decoded.kind === 'record') records.push(decoded.record);
    }
    if (records.length !== count) {
      throw new RecordingFormatError(0, 'the recording file changed after it was opened: open it again');
    }
    const pacing = createPacer(start.latestTBefore, start.offsetBefore);
    cached = { block, records, offsets: records.map((r) => pacing.offset(r.t)) };
    return cached;
  }

  /** The block holding record `i`. */
  function blockOf(i: number): number {
    let lo = 0;
    let hi = blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (blocks[mid]!.first <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function at(i: number): { records: StoredRecord[]; offsets: number[]; k: number } {
    if (!(i >= 0 && i < total)) throw new RangeError(`no record ${i} (the recording has ${total})`);
    const block = blockOf(i);
    const loaded = load(block);
    return { ...loaded, k: i - blocks[block]!.first };
  }

  return {
    header: stream.header,
    warnings: [...stream.warnings],
    filter: stream.filter,
    total,
    durationMs,
    record(i) {
      const { records, k } = at(i);
      return records[k]!;
    },
    offset(i) {
      const { offsets, k } = at(i);
      return offsets[k]!;
    },
    indexAt(ms) {
      // The last block that starts before `ms` holds the answer, or the answer is the next block's first.
      let block = -1;
      for (let lo = 0, hi = blocks.length - 1; lo <= hi;) {
        const mid = (lo + hi) >> 1;
        if (blocks[mid]!.firstOffset < ms) {
          block = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (block === -1) return 0;
      const { offsets } = load(block);
      const k = offsets.findIndex((o) => o >= ms);
      return k === -1 ? (blocks[block + 1]?.first ?? total) : blocks[block]!.first + k;
    },
  };
}

/** Reads `length` bytes at `position` (one block) synchronously: the replayer asks for records synchronously. */
function readBlockBytes(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const n = readSync(fd, buffer, filled, length - filled, position + filled);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}
