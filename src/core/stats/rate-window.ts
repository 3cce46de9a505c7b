/**
 * Counts per second over a sliding window, in fixed slots: adding is O(1) and allocation-free,
 * and a quiet stream's rate decays to 0 as its slots age out.
 */
export interface RateWindow {
  /** Adds `amount` (events, bytes) at time `t` (ms). */
  add(t: number, amount?: number): void;
  /** Per-second rate over the window ending at `t`. */
  rate(t: number): number;
  reset(): void;
}

export interface RateWindowOptions {
  /** Window length in ms. Default 5000. */
  windowMs?: number;
  /** Slot length in ms. Default 250. */
  slotMs?: number;
}

export function createRateWindow(options: RateWindowOptions = {}): RateWindow {
  const slotMs = options.slotMs ?? 250;
  const slots = Math.max(1, Math.round((options.windowMs ?? 5000) / slotMs));
  const amounts = new Float64Array(slots);
  // The absolute slot number each cell currently holds; a stale cell counts as empty.
  const stamps = new Float64Array(slots).fill(-1);
  let firstSlot = -1;

  return {
    add(t, amount = 1) {
      const slot = Math.floor(t / slotMs);
      if (firstSlot < 0) firstSlot = slot;
      const cell = slot % slots;
      if (stamps[cell] !== slot) {
        stamps[cell] = slot;
        amounts[cell] = 0;
      }
      amounts[cell]! += amount;
    },
    rate(t) {
      if (firstSlot < 0) return 0;
      const current = Math.floor(t / slotMs);
      let total = 0;
      for (let i = 0; i < slots; i++) {
        const s = stamps[i]!;
        if (s > current - slots && s <= current) total += amounts[i]!;
      }
      // A young session is measured over the time it has existed, not the full window.
      const coveredSlots = Math.min(slots, current - firstSlot + 1);
      const seconds = Math.max(coveredSlots * slotMs, slotMs) / 1000;
      return total / seconds;
    },
    reset() {
      amounts.fill(0);
      stamps.fill(-1);
      firstSlot = -1;
    },
  };
}
