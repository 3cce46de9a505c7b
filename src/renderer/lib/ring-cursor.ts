import type { StreamRecord } from '#shared/records';

/** The part of the renderer's RecordRing a cursor reads (a plain object in tests). */
export interface ReadableRing {
  readonly capacity: number;
  readonly length: number;
  readonly total: number;
  get(index: number): StreamRecord | undefined;
}

/** Where a consumer stopped reading a ring: its `total` and `length` at that moment. */
export interface RingCursor {
  total: number;
  length: number;
}

export interface ReadOutcome {
  /** The ring was cleared or replaced since the last read: derived state must be rebuilt. */
  reset: boolean;
  /** Records pushed since the last read that the ring no longer holds (overwritten). */
  skipped: number;
  /** Records visited by this read. */
  visited: number;
  /** Records left for the next read because of `maxVisits` (catching up over several frames). */
  remaining: number;
}

export function createRingCursor(): RingCursor {
  return { total: 0, length: 0 };
}

/**
 * Visits only the records pushed since the previous read, so panels cost O(new records) per
 * frame instead of O(ring). When the ring was cleared (its length shrank below what the pushes
 * alone allow) or replaced (its total went backwards), `onReset` runs first and every retained
 * record is visited again. With `maxVisits`, only the oldest unread records up to that many are
 * visited and the rest stay unread (`remaining`), so a panel opened on a 100,000-record session
 * catches up over a few frames instead of freezing one.
 */
export function readNew(
  ring: ReadableRing,
  cursor: RingCursor,
  visit: (record: StreamRecord) => void,
  onReset?: () => void,
  maxVisits = Infinity,
): ReadOutcome {
  let fresh = ring.total - cursor.total;
  let reset = false;
  if (fresh < 0) {
    reset = true;
    fresh = ring.total;
  } else if (ring.length < Math.min(ring.capacity, cursor.length + fresh)) {
    reset = true;
  }
  let available: number;
  if (reset) {
    onReset?.();
    available = ring.length;
  } else {
    available = Math.min(fresh, ring.length);
  }
  const skipped = reset ? 0 : fresh - available;
  const visits = Math.min(available, Math.max(0, maxVisits));
  const remaining = available - visits;
  const from = ring.length - available;
  for (let i = from; i < from + visits; i++) {
    const record = ring.get(i);
    if (record) visit(record);
  }
  // Unread records count as not yet pushed, so the next read starts right after the last visit.
  cursor.total = ring.total - remaining;
  cursor.length = ring.length - remaining;
  return { reset, skipped, visited: visits, remaining };
}
