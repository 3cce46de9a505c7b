/**
 * Filtering you can see (issue 16, item 4): the JSON path box becomes a column of the list with
 * each event's value there (as text, read for the rows in view), and a session's filters are its
 * own, kept across a page reload and written into its recording, whose replay tab gets them back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { downloadText, launchAppForFile, openRecordingFile, reconnectTo } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;
const grid = () => page.getByRole('grid', { name: 'Events' });
const columns = () => page.getByRole('table', { name: 'Event list columns' });
const matchCount = async () => {
  const [shown, total] = (await page.getByTestId('match-count').innerText())
    .split('/')
    .map((s) => s.replace(/\D/g, ''));
  return { shown: Number(shown), total: Number(total) };
};

/** Each row in view as [value cell, data cell] text. */
const rowCells = () =>
  grid()
    .getByRole('row')
    .evaluateAll((rows) =>
      rows.map((r): [string | null, string] => [
        r.querySelector('.c-value')?.textContent ?? null,
        r.querySelector('.c-data')?.textContent ?? '',
      ]),
    );

/** What the filter bar of the session in view shows. */
const barState = async () => ({
  text: await page.getByLabel('Filter data').inputValue(),
  path: await page.getByLabel('JSON path', { exact: true }).inputValue(),
  column: await page.getByRole('checkbox', { name: 'JSON path as a column' }).isChecked(),
  header: await columns().getByRole('columnheader', { name: 'message' }).count(),
});

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  for (let i = 0; i < 3 && (await toggle.textContent()) !== `Theme: ${theme}`; i++) await toggle.click();
  await until(
    `the ${theme} theme`,
    () => page.evaluate(() => document.documentElement.dataset.theme),
    (t) => t === theme,
  );
}

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { ownBrowser: true },
);

describe('JSON path column and saved filters', () => {
  it('shows the JSON path value per event as a column that no longer filters', { timeout: 60_000 }, async () => {
    await reconnectTo(page, `${app.demoUrl}/sse?interval=100&statusInterval=350&duration=60`);
    await grid().getByText('SSE Message 12').waitFor({ timeout: 20_000 });
    // As a filter, the path keeps only the status events (the only ones with a "type").
    await page.getByLabel('JSON path', { exact: true }).fill('type');
    await until(
      'only status events',
      rowCells,
      (rows) => rows.length > 0 && rows.every(([, d]) => d.includes('"type":"status"')),
    );
    const filtered = await matchCount();
    const column = page.getByRole('checkbox', { name: 'JSON path as a column' });
    await column.check();
    // As a column it filters nothing: every event is listed, the value where it has one.
    await expect.poll(async () => (await matchCount()).shown, { timeout: 10_000 }).toBeGreaterThan(filtered.shown * 2);
    expect(await columns().getByRole('columnheader').last().innerText()).toBe('data');
    expect(await columns().getByRole('columnheader', { name: 'type' }).count()).toBe(2);
    const rows = await rowCells();
    expect(rows.some(([v]) => v === 'status')).toBe(true);
    expect(rows.some(([v]) => v === '')).toBe(true);
    for (const [value, data] of rows) expect(value).toBe(data.includes('"type":"status"') ? 'status' : '');

    // Another path: its header names it; each row's value is what its data holds there, as text.
    await page.getByLabel('JSON path', { exact: true }).fill('message');
    await columns().getByRole('columnheader', { name: 'message' }).waitFor();
    await until('values of message', rowCells, (r) => r.length > 5 && r.every(([v]) => v !== ''));
    for (const [value, data] of await rowCells()) expect(value).toBe((JSON.parse(data) as { message: string }).message);
    // Still one row per record, and the list still follows new ones.
    const before = (await matchCount()).shown;
    await expect.poll(async () => (await matchCount()).shown, { timeout: 10_000 }).toBeGreaterThan(before);

    for (const size of [
      { width: 1440, height: 900 },
      { width: 1024, height: 700 },
    ]) {
      await page.setViewportSize(size);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(theme);
        await app.screenshot(`filters-value-column-${theme}-${size.width}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(app.consoleErrors).toEqual([]);
  });

  it(
    "keeps each session's filters across a page reload and in its recording, restored by its replay",
    { timeout: 90_000 },
    async () => {
      await reconnectTo(page, `${app.demoUrl}/sse?interval=101&statusInterval=100000&duration=60`);
      await page.getByRole('button', { name: 'Record', exact: true }).click();
      await page.getByRole('menuitem', { name: 'Record from now' }).click();
      // Another session with filters of its own: the reload must not mix them up.
      await page.getByRole('button', { name: 'New session' }).click();
      await reconnectTo(page, `${app.demoUrl}/sse?interval=200&statusInterval=100000&duration=60`);
      await grid().getByText('SSE Message 3').waitFor({ timeout: 20_000 });
      await page.getByLabel('Filter data').fill('Message 2');
      const tabs = page.getByRole('tablist', { name: 'Session tabs' });
      // Tabs told apart by their tooltip's URL.
      const recorded = tabs.locator('[role="tab"][title*="interval=101"]');
      const other = tabs.locator('[role="tab"][title*="interval=200"]');
      await recorded.click();
      await page.getByLabel('Filter data').fill('Message 1');
      await page.getByRole('checkbox', { name: 'regex' }).check();
      await page.getByLabel('JSON path', { exact: true }).fill('message');
      await page.getByRole('checkbox', { name: 'JSON path as a column' }).check();
      await columns().getByRole('columnheader', { name: 'message' }).waitFor();
      // Sent to the back end once settled (the bar's debounce, then the sync's).
      await page.waitForTimeout(1000);

      await page.reload();
      await other.waitFor({ timeout: 15_000 });
      await recorded.click();
      await until('the first session filters back', barState, (s) => s.text === 'Message 1' && s.header === 1);
      expect(await barState()).toEqual({ text: 'Message 1', path: 'message', column: true, header: 1 });
      expect(await page.getByRole('checkbox', { name: 'regex' }).isChecked()).toBe(true);
      await other.click();
      await until('the second session filter', barState, (s) => s.text === 'Message 2');
      expect(await barState()).toEqual({ text: 'Message 2', path: '', column: false, header: 0 });

      // The recording ends with the filter the session had when it was saved.
      await recorded.click();
      const text = (await downloadText(page, () => page.getByRole('button', { name: 'Save', exact: true }).click()))
        .text;
      const end = JSON.parse(text.trimEnd().split('\n').at(-1)!) as { kind: string; filter?: unknown };
      expect(end).toMatchObject({
        kind: 'end',
        filter: { kinds: ['event'], types: [], text: 'Message 1', regex: true, jsonPath: 'message', pathColumn: true },
      });
      // Opening it gives its replay tab the same filters.
      await openRecordingFile(page, {
        name: 'filtered.ssrec',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(text),
      });
      expect(await barState()).toEqual({ text: 'Message 1', path: 'message', column: true, header: 1 });
      await page.getByLabel('Replay speed').selectOption('0');
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      // Regex "Message 1": SSE Message 1 and 10–19 of the recorded ~40, with their message column.
      await until('replayed rows, filtered', rowCells, (r) => r.length >= 5);
      for (const [value, data] of await rowCells()) {
        expect(data).toMatch(/Message 1/);
        expect(value).toBe((JSON.parse(data) as { message: string }).message);
      }
      await app.screenshot('filters-restored-replay');
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
