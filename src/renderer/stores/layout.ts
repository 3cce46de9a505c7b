import { create } from 'zustand';
import { loadJson, saveJson } from '../lib/storage';

/** The list's resizable columns, left to right (the data column takes what is left). */
export const LIST_COLUMNS = ['seq', 'time', 'delta', 'type', 'id', 'size'] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export const DEFAULT_COLUMN_WIDTHS: Record<ListColumn, number> = {
  seq: 64,
  time: 108,
  delta: 80,
  type: 160,
  id: 70,
  size: 72,
};
export const COLUMN_MIN = 36;
export const COLUMN_MAX = 600;
/**
 * Widths under which a column's usual content is cut (a 6-digit #, a whole time of day, a Δ like
 * "+20.5 ms", a type like "↓ in text", a size like "1.4 KiB"): a narrow list takes from the widths
 * above these first.
 */
export const COLUMN_SNUG: Record<ListColumn, number> = { seq: 56, time: 100, delta: 72, type: 80, id: 40, size: 60 };
/** The order in which columns go below their snug widths: the time of day keeps its digits longest. */
const GIVE_WAY: readonly ListColumn[] = ['id', 'delta', 'type', 'size', 'seq', 'time'];
/** The least the data column keeps of a narrow list (or 40 % of a list narrower than 500 px). */
export const DATA_MIN = 200;

/** The side panel's share of the list/detail split, in percent. */
export const DEFAULT_SIDE_PERCENT = 40;
export const SIDE_MIN = 20;
export const SIDE_MAX = 75;

interface Layout {
  columns: Record<ListColumn, number>;
  /** The columns the user has resized: in a narrow list they keep their width longest. */
  sized: ListColumn[];
  sidePercent: number;
}

interface LayoutState extends Layout {
  setColumn(column: ListColumn, width: number): void;
  setSidePercent(percent: number): void;
}

const KEY = 'streamscope.layout';

const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)));

function isLayout(v: unknown): v is Partial<Layout> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** What was stored, each value checked and clamped: a damaged entry falls back to its default. */
function load(): Layout {
  const stored = loadJson(KEY, isLayout, {});
  const columns = { ...DEFAULT_COLUMN_WIDTHS };
  const storedColumns: unknown = stored.columns;
  if (typeof storedColumns === 'object' && storedColumns !== null) {
    for (const c of LIST_COLUMNS) {
      const w: unknown = (storedColumns as Record<string, unknown>)[c];
      if (typeof w === 'number' && Number.isFinite(w)) columns[c] = clamp(w, COLUMN_MIN, COLUMN_MAX);
    }
  }
  const storedSized: unknown = stored.sized;
  const sized = Array.isArray(storedSized) ? LIST_COLUMNS.filter((c) => storedSized.includes(c)) : [];
  const side = stored.sidePercent;
  const sidePercent =
    typeof side === 'number' && Number.isFinite(side) ? clamp(side, SIDE_MIN, SIDE_MAX) : DEFAULT_SIDE_PERCENT;
  return { columns, sized, sidePercent };
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Sizes the user gave the list/detail split and the list's columns, kept between launches. */
export const useLayout = create<LayoutState>((set, get) => {
  // A drag changes a size on every pointer move: write once it settles, not per move.
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const { columns, sized, sidePercent } = get();
      saveJson(KEY, { columns, sized, sidePercent });
    }, 150);
  };
  return {
    ...load(),
    setColumn: (column, width) => {
      const sized = get().sized.includes(column) ? get().sized : [...get().sized, column];
      set({ columns: { ...get().columns, [column]: clamp(width, COLUMN_MIN, COLUMN_MAX) }, sized });
      save();
    },
    setSidePercent: (percent) => {
      set({ sidePercent: clamp(percent, SIDE_MIN, SIDE_MAX) });
      save();
    },
  };
});

/**
 * The widths the columns take in a list `width` px wide: the remembered ones while they leave the
 * data column DATA_MIN, else narrower, so the data column keeps a readable share. The columns at
 * their default widths give way before those the user sized (a width asked for is kept longest).
 * Within each of the two, every column above its snug width (COLUMN_SNUG) first gives up part of
 * what it has above it, in proportion to that; then they go below, one after another (GIVE_WAY),
 * down to COLUMN_MIN. The list's header and rows both use these pixel widths, so they stay
 * aligned whatever their own widths.
 * `width` 0 (not measured yet): the remembered widths.
 */
export function fitColumns(
  columns: Record<ListColumn, number>,
  sized: readonly ListColumn[],
  width: number,
): Record<ListColumn, number> {
  const total = LIST_COLUMNS.reduce((sum, c) => sum + columns[c], 0);
  let excess = total + Math.min(DATA_MIN, Math.round(width * 0.4)) - width;
  if (width <= 0 || excess <= 0) return columns;
  const fitted = { ...columns };
  /** Takes up to the excess from `group`, each column in proportion to what it has above `floor`. */
  const shrink = (group: readonly ListColumn[], floor: (c: ListColumn) => number) => {
    const room = group.map((c) => Math.max(0, fitted[c] - floor(c)));
    const available = room.reduce((a, b) => a + b, 0);
    if (available === 0 || excess <= 0) return;
    const take = Math.min(excess, available);
    group.forEach((c, i) => {
      fitted[c] -= (room[i]! * take) / available;
    });
    excess -= take;
  };
  const unsized = LIST_COLUMNS.filter((c) => !sized.includes(c));
  const userSized = LIST_COLUMNS.filter((c) => sized.includes(c));
  for (const group of [unsized, userSized]) {
    shrink(group, (c) => COLUMN_SNUG[c]);
    for (const c of GIVE_WAY) if (group.includes(c)) shrink([c], () => COLUMN_MIN);
  }
  // Whole pixels, rounded down: what the rounding frees goes to the data column.
  for (const c of LIST_COLUMNS) fitted[c] = Math.floor(fitted[c] + 1e-6);
  return fitted;
}

/**
 * The list's CSS grid columns for the given widths (fitColumns', which leave the data its share);
 * with a JSON-path value column (before the data), that column and the data share what the fixed
 * columns leave. Neither has a minimum: the list must never be wider than its pane.
 */
export function listTemplate(columns: Record<ListColumn, number>, valueColumn = false): string {
  const fixed = LIST_COLUMNS.map((c) => `${columns[c]}px`).join(' ');
  return valueColumn ? `${fixed} minmax(0, 1fr) minmax(0, 1fr)` : `${fixed} minmax(0, 1fr)`;
}
