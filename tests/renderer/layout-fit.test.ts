/**
 * The event list's columns in a narrow list: the data column keeps its share, the other columns
 * give way (default-width ones before those the user sized, the time of day last).
 */
import { describe, expect, it } from 'vitest';
import {
  COLUMN_MIN,
  COLUMN_SNUG,
  DATA_MIN,
  DEFAULT_COLUMN_WIDTHS,
  fitColumns,
  LIST_COLUMNS,
  type ListColumn,
} from '../../src/renderer/stores/layout';

const sum = (w: Record<ListColumn, number>) => LIST_COLUMNS.reduce((a, c) => a + w[c], 0);

describe('fitColumns', () => {
  it('keeps the remembered widths while they leave the data column its share, and before the list is measured', () => {
    expect(fitColumns(DEFAULT_COLUMN_WIDTHS, [], 1000)).toEqual(DEFAULT_COLUMN_WIDTHS);
    expect(fitColumns(DEFAULT_COLUMN_WIDTHS, [], sum(DEFAULT_COLUMN_WIDTHS) + DATA_MIN)).toEqual(DEFAULT_COLUMN_WIDTHS);
    expect(fitColumns(DEFAULT_COLUMN_WIDTHS, [], 0)).toEqual(DEFAULT_COLUMN_WIDTHS);
  });

  it('leaves the data column DATA_MIN of a list at 1024 px with the side panel open, every column still snug', () => {
    // The list pane's width at 1024×700 with the side panel at its default 40 %.
    const fitted = fitColumns(DEFAULT_COLUMN_WIDTHS, [], 609);
    expect(609 - sum(fitted)).toBeGreaterThanOrEqual(DATA_MIN);
    expect(609 - sum(fitted)).toBeLessThan(DATA_MIN + LIST_COLUMNS.length);
    for (const c of LIST_COLUMNS) {
      expect(fitted[c], c).toBeGreaterThanOrEqual(COLUMN_SNUG[c]);
      expect(fitted[c], c).toBeLessThanOrEqual(DEFAULT_COLUMN_WIDTHS[c]);
      expect(Number.isInteger(fitted[c]), c).toBe(true);
    }
  });

  it('keeps a column the user sized at its width while the others can give way', () => {
    const columns = { ...DEFAULT_COLUMN_WIDTHS, type: 240 };
    const fitted = fitColumns(columns, ['type'], 763);
    expect(fitted.type).toBe(240);
    expect(763 - sum(fitted)).toBeGreaterThanOrEqual(DATA_MIN);
    // Not sized by the user, the same width gives way like the others.
    expect(fitColumns(columns, [], 763).type).toBeLessThan(240);
  });

  it('below the snug widths, cuts the columns one after another, the time of day last', () => {
    // 400 px: the data keeps 40 % (160 px), the columns share 240.
    const fitted = fitColumns(DEFAULT_COLUMN_WIDTHS, [], 400);
    expect(sum(fitted)).toBe(240);
    expect(fitted.id).toBe(COLUMN_MIN);
    expect(fitted.delta).toBe(COLUMN_MIN);
    expect(fitted.time).toBeGreaterThan(COLUMN_MIN);
    // Narrower still: every column at its least, the list as narrow as it gets.
    const least = fitColumns(DEFAULT_COLUMN_WIDTHS, [], 200);
    for (const c of LIST_COLUMNS) expect(least[c], c).toBe(COLUMN_MIN);
  });
});
