import { describe, expect, it } from 'vitest';
import { runBenchmarks } from '../../bench/index';

// The full benchmark is too noisy for CI; this runs every row at tiny sizes so a broken benchmark
// (or an engine regression that makes one throw) fails `npm test`. Budgets are not asserted here.
describe('benchmark smoke run', () => {
  it('produces every row with finite measurements', { timeout: 120_000 }, async () => {
    const rows = await runBenchmarks({ quick: true, only: new Set(['1', '2', '6', '7']) });
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['1-100', '1-1024', '1-16384', '2', '3', '4a', '6a', '6b', '7']));
    for (const row of rows) {
      for (const [key, value] of Object.entries(row.data)) expect(Number.isFinite(value), `${row.id}.${key}`).toBe(true);
    }
    // Recording during ingest must stay byte-exact even at smoke sizes.
    expect(rows.find((r) => r.id === '3')!.data.byteExact).toBe(1);
  });
});
