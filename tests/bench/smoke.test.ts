import { describe, expect, it } from 'vitest';
import { runAloneAmong } from '../support/exclusive';
import { runBenchmarks } from '../../bench/index';

// The full benchmark is too noisy for CI; this runs every row at tiny sizes so a broken benchmark
// (or an engine regression that makes one throw) fails `npm test`. Budgets are not asserted here.
describe('benchmark smoke run', () => {
  // Its figures are timing budgets: never measured while another such file loads the cores.
  runAloneAmong('timing-budgets');
  it('produces every row with finite measurements', { timeout: 180_000 }, async () => {
    // Needs the built app (npm test builds first): the UI rows drive `streamscope ui` in Chromium.
    const rows = await runBenchmarks({ quick: true, only: null });
    const ids = rows.map((r) => r.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        '1-100',
        '1-1024',
        '1-16384',
        '2',
        '2b',
        '3',
        '4a',
        '4b',
        '5-1.0k',
        '5-heap',
        '6a',
        '6b',
        '7',
        '11a',
        '11b',
        '11c',
        '12a',
        '12b',
        '12c',
        '13',
      ]),
    );
    for (const row of rows) {
      for (const [key, value] of Object.entries(row.data)) {
        // 4b's steady-state figures start after the first second, which a 1 s smoke run never reaches.
        if (key.startsWith('steady')) continue;
        expect(Number.isFinite(value), `${row.id}.${key}`).toBe(true);
      }
    }
    // Recording during ingest must stay byte-exact even at smoke sizes.
    expect(rows.find((r) => r.id === '3')!.data.byteExact).toBe(1);
  });
});
