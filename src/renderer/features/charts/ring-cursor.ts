import type { StreamRecord } from '../../../shared/records';

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
}

export function createRingCursor(): RingCursor {
  return { total: 0, length: 0 };
}

/**
 * Visits only the records pushed since the previous read, so panels cost O(new records) per
 * frame instead of O(ring). When the ring was cleared (its length shrank below what the pushes
 * alone allow) or replaced (its total went backwards), `onReset` runs first and every retained
 * record is visited again.
 */
export function readNew(
  ring: ReadableRing,
  cursor: RingCursor,
  visit: (record: StreamRecord) => void,
  onReset?: () => void,
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
  for (let i = ring.length - available; i < ring.length; i++) {
    const record = ring.get(i);
    if (record) visit(record);
  }
  cursor.total = ring.total;
  cursor.length = ring.length;
  return { reset, skipped, visited: available };
}
