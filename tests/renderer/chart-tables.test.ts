import { describe, expect, it } from 'vitest';
import { binRange, chartTables, MAX_BIN_ROWS, tablesKey } from '../../src/renderer/features/charts/chart-tables';
import { binOf, HISTOGRAM_BINS } from '../../src/renderer/features/charts/histogram';

const P = { count: 1234, mean: 12.34, p50: 10, p95: 150.4, p99: 250 };

describe('chart tables (the charts text alternative)', () => {
  it('lists latency percentiles with their sample count', () => {
    const t = chartTables(P, null, null, new Float64Array(HISTOGRAM_BINS));
    expect(t.latency).toEqual([
      ['p50', '10.0 ms'],
      ['p95', '150 ms'],
      ['p99', '250 ms'],
      ['mean', '12.3 ms'],
      ['samples', '1,234'],
    ]);
    expect(t.rates).toEqual([]);
    expect(t.interArrival).toEqual([]);
  });

  it('gives the newest windowed rates and their recent range', () => {
    const rates = { eventsPerSec: 2.5, bytesPerSec: 2048, min: 2.4, max: 2.6, seconds: 12.2, atClose: false };
    expect(chartTables(null, rates, null, []).rates).toEqual([
      ['events/s (last 5 s)', '2.50'],
      ['bytes/s (last 5 s)', '2.0 KiB/s'],
      ['lowest events/s (12 s)', '2.40'],
      ['highest events/s (12 s)', '2.60'],
    ]);
    // An ended session's newest rates are of the window before it closed, not of now.
    expect(chartTables(null, { ...rates, atClose: true }, null, []).rates.slice(0, 2)).toEqual([
      ['events/s (last 5 s before close)', '2.50'],
      ['bytes/s (last 5 s before close)', '2.0 KiB/s'],
    ]);
  });

  it('keeps the busiest histogram bins, in bin order, after the gap percentiles', () => {
    const counts = new Float64Array(HISTOGRAM_BINS);
    // Twelve non-empty bins; the four smallest counts must be left out.
    for (let i = 1; i <= 12; i++) counts[i] = i;
    const t = chartTables(null, null, { ...P, count: 78 }, counts);
    expect(t.interArrival.slice(0, 5).map(([l]) => l)).toEqual(['p50', 'p95', 'p99', 'mean', 'gaps']);
    const bins = t.interArrival.slice(5);
    expect(bins).toHaveLength(MAX_BIN_ROWS);
    expect(bins.map(([, v]) => v)).toEqual(['5', '6', '7', '8', '9', '10', '11', '12']);
    expect(bins[0]![0]).toBe(`gaps ${binRange(5)}`);
  });

  it('names bin spans in words, open at both ends', () => {
    expect(binRange(0)).toBe('under 10µs');
    expect(binRange(binOf(1))).toBe('1ms–1.8ms');
    expect(binRange(HISTOGRAM_BINS - 1)).toMatch(/^\S+s and more$/);
  });

  it('keys equal figures equally, so an unchanged table does not re-render', () => {
    const a = chartTables(P, null, P, [0, 3]);
    const b = chartTables({ ...P }, null, { ...P }, [0, 3]);
    expect(tablesKey(a)).toBe(tablesKey(b));
    expect(tablesKey(a)).not.toBe(tablesKey(chartTables({ ...P, p99: 251 }, null, P, [0, 3])));
  });
});
