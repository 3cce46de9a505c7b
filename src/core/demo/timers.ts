/**
 * Timers owned by one connection. Every timer a route starts goes through here, so closing the
 * connection (client gone, duration over, server closing) clears all of them at once and no
 * stray timer keeps the process alive.
 */
export interface ConnectionTimers {
  after(ms: number, fn: () => void): void;
  every(ms: number, fn: () => void): void;
  /** Clear every pending timer; later calls to after/every are ignored. */
  clear(): void;
  /** How many timers are pending (for tests and metrics). */
  readonly pending: number;
}

export function createConnectionTimers(): ConnectionTimers {
  const timeouts = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  let cleared = false;
  return {
    after(ms, fn) {
      if (cleared) return;
      const handle = setTimeout(() => {
        timeouts.delete(handle);
        fn();
      }, ms);
      timeouts.add(handle);
    },
    every(ms, fn) {
      if (cleared) return;
      intervals.add(setInterval(fn, ms));
    },
    clear() {
      cleared = true;
      for (const h of timeouts) clearTimeout(h);
      for (const h of intervals) clearInterval(h);
      timeouts.clear();
      intervals.clear();
    },
    get pending() {
      return timeouts.size + intervals.size;
    },
  };
}
