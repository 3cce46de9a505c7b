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

/** The side panel's share of the list/detail split, in percent. */
export const DEFAULT_SIDE_PERCENT = 40;
export const SIDE_MIN = 20;
export const SIDE_MAX = 75;

interface Layout {
  columns: Record<ListColumn, number>;
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
  const side = stored.sidePercent;
  const sidePercent =
    typeof side === 'number' && Number.isFinite(side) ? clamp(side, SIDE_MIN, SIDE_MAX) : DEFAULT_SIDE_PERCENT;
  return { columns, sidePercent };
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Sizes the user gave the list/detail split and the list's columns, kept between launches. */
export const useLayout = create<LayoutState>((set, get) => {
  // A drag changes a size on every pointer move: write once it settles, not per move.
  const save = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => saveJson(KEY, { columns: get().columns, sidePercent: get().sidePercent }), 150);
  };
  return {
    ...load(),
    setColumn: (column, width) => {
      set({ columns: { ...get().columns, [column]: clamp(width, COLUMN_MIN, COLUMN_MAX) } });
      save();
    },
    setSidePercent: (percent) => {
      set({ sidePercent: clamp(percent, SIDE_MIN, SIDE_MAX) });
      save();
    },
  };
});

/**
 * The list's CSS grid columns for the current widths; with a JSON-path value column (before the
 * data), that column and the data share what the fixed columns leave. Neither has a minimum: the
 * list must never be wider than its pane.
 */
export function listTemplate(columns: Record<ListColumn, number>, valueColumn = false): string {
  const fixed = LIST_COLUMNS.map((c) => `${columns[c]}px`).join(' ');
  return valueColumn ? `${fixed} minmax(0, 1fr) minmax(0, 1fr)` : `${fixed} minmax(0, 1fr)`;
}
