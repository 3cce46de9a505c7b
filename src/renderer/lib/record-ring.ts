import type { StreamRecord } from '#shared/records';

/**
 * A fixed-capacity ring of records kept outside React state: pushing never allocates beyond the
 * record itself, and views read it by index after a version bump.
 */
export interface RecordRing {
  readonly capacity: number;
  /** Records currently held (≤ capacity). */
  readonly length: number;
  /** How many records were pushed in total (including overwritten ones). */
  readonly total: number;
  /** Records pushed since the last clear that were overwritten (evicted from the buffer). */
  readonly evicted: number;
  /** Oldest first: get(0) is the oldest retained record. */
  get(index: number): StreamRecord | undefined;
  push(record: StreamRecord): void;
  clear(): void;
  /** Index of the retained record with this seq, or -1. */
  indexOfSeq(seq: number): number;
}

export function createRecordRing(capacity: number): RecordRing {
  const slots = new Array<StreamRecord | undefined>(capacity);
  let start = 0;
  let length = 0;
  let total = 0;
  let evicted = 0;
  return {
    capacity,
    get length() {
      return length;
    },
    get total() {
      return total;
    },
    get evicted() {
      return evicted;
    },
    get(index) {
      if (index < 0 || index >= length) return undefined;
      return slots[(start + index) % capacity];
    },
    push(record) {
      total++;
      if (length < capacity) {
        slots[(start + length) % capacity] = record;
        length++;
      } else {
        slots[start] = record;
        start = (start + 1) % capacity;
        evicted++;
      }
    },
    clear() {
      slots.fill(undefined);
      start = 0;
      length = 0;
      evicted = 0;
    },
    indexOfSeq(seq) {
      // seq is monotonic within a session, so binary search works.
      let lo = 0;
      let hi = length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = slots[(start + mid) % capacity]!.seq;
        if (s === seq) return mid;
        if (s < seq) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };
}
