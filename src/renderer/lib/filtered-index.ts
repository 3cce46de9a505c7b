import type { StreamRecord } from '#shared/records';
import { recordType, type CompiledFilter } from './record-filter';

/** The read side of a record ring, as the index needs it. */
export interface RingLike {
  readonly length: number;
  readonly total: number;
  get(index: number): StreamRecord | undefined;
}

/**
 * The rows of a filtered list, kept incrementally: each update only tests records pushed since
 * the previous one, so a live list over 100k records costs O(new records) per batch. Rows are
 * stored as absolute push positions (0 = first record ever pushed), which stay valid while the
 * ring overwrites its oldest slots; rows that fell out of the ring are pruned from the front.
 */
export interface FilteredIndex {
  /**
   * Bring the index up to date with `ring` under `filter` (a new filter object recomputes all).
   * `upTo` (an absolute push position) stops there: a paused view keeps its end while its filter
   * can still change.
   */
  update(ring: RingLike, filter: CompiledFilter, upTo?: number): void;
  /** Number of matching rows. */
  readonly count: number;
  /** The record of row `row` (0 = oldest match), or undefined if it has left the ring. */
  rowRecord(ring: RingLike, row: number): StreamRecord | undefined;
  /**
   * The first row whose record's seq is at least `seq` (`count` when none is): the row of that
   * record when it is listed, else where it would be. Rows whose record already left the ring
   * count as older than any seq. O(log rows).
   */
  rowAtOrAfter(ring: RingLike, seq: number): number;
  /** Event types / frame kinds seen so far with their counts (for the type chips). */
  readonly typeCounts: ReadonlyMap<string, number>;
  /** Forget everything (after a clear). */
  reset(): void;
}

export function createFilteredIndex(): FilteredIndex {
  let rows = new Float64Array(1024);
  let head = 0;
  let tail = 0;
  let processed = 0;
  let filter: CompiledFilter | null = null;
  let typeCounts = new Map<string, number>();
  let typesProcessed = 0;

  const push = (abs: number) => {
    if (tail === rows.length) {
      // Compact first when most of the array is pruned space; grow otherwise.
      const live = tail - head;
      const next = live * 2 > rows.length ? new Float64Array(rows.length * 2) : new Float64Array(rows.length);
      next.set(rows.subarray(head, tail));
      rows = next;
      head = 0;
      tail = live;
    }
    rows[tail++] = abs;
  };

  return {
    update(ring, f, upTo = ring.total) {
      const first = ring.total - ring.length;
      const end = Math.min(upTo, ring.total);
      if (f !== filter) {
        filter = f;
        head = 0;
        tail = 0;
        processed = first;
      }
      if (processed < first) processed = first;
      // Type counts are independent of the filter: count every event/frame once.
      if (typesProcessed < first) typesProcessed = first;
      for (let abs = typesProcessed; abs < end; abs++) {
        const r = ring.get(abs - first);
        if (r && (r.kind === 'event' || r.kind === 'frame')) {
          const t = recordType(r);
          typeCounts.set(t, (typeCounts.get(t) ?? 0) + 1);
        }
      }
      typesProcessed = Math.max(typesProcessed, end);
      while (head < tail && rows[head]! < first) head++;
      for (let abs = processed; abs < end; abs++) {
        const r = ring.get(abs - first);
        if (r && f.test(r)) push(abs);
      }
      processed = Math.max(processed, end);
    },
    get count() {
      return tail - head;
    },
    rowRecord(ring, row) {
      if (row < 0 || row >= tail - head) return undefined;
      const first = ring.total - ring.length;
      return ring.get(rows[head + row]! - first);
    },
    rowAtOrAfter(ring, seq) {
      const first = ring.total - ring.length;
      let lo = 0;
      let hi = tail - head;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = ring.get(rows[head + mid]! - first);
        if (r !== undefined && r.seq >= seq) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    get typeCounts() {
      return typeCounts;
    },
    reset() {
      head = 0;
      tail = 0;
      processed = 0;
      typesProcessed = 0;
      typeCounts = new Map();
      filter = null;
    },
  };
}
