/**
 * Garbage collection at moments the replay chooses. A collection that starts while a chunk is due
 * delays its write by its whole pause: a scavenge of the young generation takes 2–6 ms on a small
 * machine, the first ones after start-up the longest (they copy the start-up's live objects). On
 * its own schedule V8 collects when the young generation is full, i.e. at whatever allocation
 * fills it, often the write itself. So a replay collects where it has time to:
 *   - everything, before a client's clock starts (the start-up's objects leave the young
 *     generation: later scavenges copy little and are short);
 *   - the young generation, right after a write when the next one is a while away and the young
 *     generation is half full, so V8 seldom has to collect on its own mid-replay.
 *
 * V8's `gc()` is reachable only with --expose-gc; the flag, set at run time, installs it in
 * contexts created afterwards, hence the new context (it collects the whole isolate's heap).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The shortest wait before the next write in which a young-generation collection is started. */
export const MINOR_GC_MIN_IDLE_MS = 5;

/** Young-generation use, as a share of its capacity, above which the idle time is used to collect. */
export const MINOR_GC_FILL = 0.5;

/** V8's gc(): no argument collects everything, `{ type: 'minor' }` the young generation. */
type GcFunction = (options?: { type: 'minor' }) => void;

let gcFunction: GcFunction | null | undefined;

/** V8's gc(), or null where it cannot be had (a runtime that refuses the flag). */
function v8Gc(): GcFunction | null {
  if (gcFunction !== undefined) return gcFunction;
  const exposed = (globalThis as { gc?: GcFunction }).gc;
  if (typeof exposed === 'function') return (gcFunction = exposed);
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    gcFunction = typeof fn === 'function' ? (fn as GcFunction) : null;
  } catch {
    gcFunction = null;
  }
  return gcFunction;
}

/** Collects everything now (before a client's clock starts). Returns whether it could. */
export function collectAll(): boolean {
  const gc = v8Gc();
  if (!gc) return false;
  gc();
  return true;
}

/** How full the young generation is, 0–1. */
export function youngGenerationFill(): number {
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space') continue;
    const capacity = space.space_used_size + space.space_available_size;
    return capacity > 0 ? space.space_used_size / capacity : 0;
  }
  return 0;
}

/**
 * After a write: collects the young generation if the next write is at least
 * {@link MINOR_GC_MIN_IDLE_MS} away and it is at least {@link MINOR_GC_FILL} full. Returns whether
 * it collected.
 */
export function collectIfIdle(msUntilNextWrite: number): boolean {
  if (msUntilNextWrite < MINOR_GC_MIN_IDLE_MS) return false;
  if (youngGenerationFill() < MINOR_GC_FILL) return false;
  const gc = v8Gc();
  if (!gc) return false;
  gc({ type: 'minor' });
  return true;
}
