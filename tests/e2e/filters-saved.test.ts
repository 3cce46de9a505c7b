/**
 * Filtering you can see (issue 16, item 4): the JSON path box becomes a column of the list with
 * each event's value there (as text, read for the rows in view), and a session's filters are its
 * own, kept across a page reload and written into its recording, whose replay tab gets them back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reconnectTo } from './helpers';
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

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  for (let i = 0; i < 3 && (await toggle.textContent()) !== `Theme: ${theme}`; i++) await toggle.click();
  await until(
    `the ${theme} theme`,
    () => page.evaluate(() => document.documentElement.dataset.theme),
    (t) => t === theme,
  );
}

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

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
});
