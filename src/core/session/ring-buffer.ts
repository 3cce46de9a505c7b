/**
 * A bounded buffer of one session's records, addressed by seq. Pushing is O(1) and allocates
 * nothing once the buffer has grown to its capacity; the oldest record is overwritten. The ring
 * is the authority on what a consumer can still get: `firstSeq` says where retained history
 * starts, so a consumer behind it knows exactly how many records it missed.
 *
 * Most SSE events are kept compact (see compact-events.ts): the slot holds the chunk record they
 * came in and the plain record is built again when it is read, so readers see no difference.
 */
import type { ChunkRecord, StreamRecord } from '#shared/records';
import { createCompactColumns } from './compact-events';
import type { EventRun } from '../stream';

export interface RingBuffer {
  readonly capacity: number;
  /** Records retained. */
  readonly size: number;
  /** seq of the oldest retained record (= nextSeq when empty). */
  readonly firstSeq: number;
  /** seq the next record will get: every record ever pushed has a smaller seq. */
  readonly nextSeq: number;
  /** seq before which records were removed on purpose by clear() (not "skipped"). */
  readonly clearedSeq: number;
  /** Appends a record whose seq must equal nextSeq. */
  push(record: StreamRecord): void;
  /** Appends the events of `run` (seq nextSeq on), kept compact: see EventRun. */
  pushRunEvents(run: EventRun): void;
  /** The retained record with this seq, or undefined. */
  get(seq: number): StreamRecord | undefined;
  /** Retained records with seq >= fromSeq, oldest first, at most `limit`. */
  slice(fromSeq: number, limit: number): StreamRecord[];
  /** Drops every retained record; seq numbering continues. */
  clear(): void;
  /** True when the retained record `seq` is kept compact (tests and the memory benchmark). */
  isCompact(seq: number): boolean;
  /**
   * The `lastEventId` of the retained record `seq` when it is a compact event, else undefined:
   * what a reader following event IDs needs from it, without building the record.
   */
  compactLastEventId(seq: number): string | undefined;
}

export function createRingBuffer(capacity: number): RingBuffer {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
  // Grows up to `capacity` and then stays put: a session that sees ten records costs ten slots.
  // A slot whose record has another seq than its own is a compact event's chunk record.
  const slots: Array<StreamRecord | undefined> = [];
  const compact = createCompactColumns(capacity);

  function at(seq: number): StreamRecord {
    const index = seq % capacity;
    const record = slots[index]!;
    return record.seq === seq ? record : compact.read(record as ChunkRecord, seq, index);
  }

  let firstSeq = 0;
  let nextSeq = 0;
  let clearedSeq = 0;

  // Getters over the closure's counters, as in the renderer's record ring and sample window: the
  // same pattern over other state (seq numbers here, slot counts there), so each stays its own.
  return {
    capacity,
    get size() {
      return nextSeq - firstSeq;
    },
    get firstSeq() {
      return firstSeq;
    },
    get nextSeq() {
      return nextSeq;
    },
    get clearedSeq() {
      return clearedSeq;
    },
    push(record) {
      if (record.seq !== nextSeq) throw new RangeError(`ring buffer expected seq ${nextSeq}, got ${record.seq}`);
      const index = nextSeq % capacity;
      const chunk = compact.take(record, index);
      if (chunk === null) compact.forget(index);
      const kept = chunk ?? record;
      if (index === slots.length) slots.push(kept);
      else slots[index] = kept;
      nextSeq++;
      if (nextSeq - firstSeq > capacity) firstSeq = nextSeq - capacity;
    },
    pushRunEvents(run) {
      const chunk = run.chunk;
      for (let i = 0; i < run.count;) {
        const index = nextSeq % capacity;
        // Up to the end of the slots: then the ring wraps to slot 0.
        const count = Math.min(run.count - i, capacity - index);
        compact.keepRunEvents(run, i, count, index);
        for (let k = index; k < index + count; k++) {
          if (k === slots.length) slots.push(chunk);
          else slots[k] = chunk;
        }
        nextSeq += count;
        i += count;
      }
      if (nextSeq - firstSeq > capacity) firstSeq = nextSeq - capacity;
    },
    get(seq) {
      if (seq < firstSeq || seq >= nextSeq) return undefined;
      return at(seq);
    },
    slice(fromSeq, limit) {
      const start = Math.max(fromSeq, firstSeq);
      const end = Math.min(nextSeq, start + Math.max(0, limit));
      const out: StreamRecord[] = [];
      for (let seq = start; seq < end; seq++) out.push(at(seq));
      return out;
    },
    clear() {
      // Let the records be collected; keep the array's length so indexes stay valid.
      slots.fill(undefined);
      firstSeq = nextSeq;
      clearedSeq = nextSeq;
    },
    isCompact(seq) {
      return seq >= firstSeq && seq < nextSeq && slots[seq % capacity]!.seq !== seq;
    },
    compactLastEventId(seq) {
      if (seq < firstSeq || seq >= nextSeq) return undefined;
      const index = seq % capacity;
      const kept = slots[index]!;
      return kept.seq === seq ? undefined : compact.lastEventIdOf(kept as ChunkRecord, index);
    },
  };
}
