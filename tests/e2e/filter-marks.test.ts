/**
 * Filtering you can see (issue 16, item 4): the text filter's matches are marked in the rows and
 * in the detail pane, as <mark> elements around text nodes (plain text and regular expressions).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reconnectTo } from './helpers';

let app: App;
let page: Page;
const grid = () => page.getByRole('grid', { name: 'Events' });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('filter marks', () => {
  it('marks plain and regex matches in the list and in the detail', { timeout: 45_000 }, async () => {
    await reconnectTo(page, `${app.demoUrl}/sse?interval=100&statusInterval=100000&duration=30`);
    await grid().getByText('SSE Message 12').waitFor({ timeout: 20_000 });
    await page.getByLabel('Filter data').fill('message 1');
    // Case-insensitive: the mark keeps the data's own case.
    const marks = grid().locator('.c-data mark.filter-match');
    await expect.poll(() => marks.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(new Set(await marks.allInnerTexts())).toEqual(new Set(['Message 1']));
    const row = grid().getByRole('row').filter({ hasText: '"SSE Message 12"' });
    expect(await row.locator('.c-data').innerText()).toContain('{"message":"SSE Message 12"');
    await row.click();
    await page.getByRole('tab', { name: 'Detail' }).click();
    const value = page.locator('.record-detail [data-path="message"] .jt-val');
    await expect.poll(() => value.locator('mark').innerText()).toBe('Message 1');
    expect(await value.innerText()).toBe('"SSE Message 12"');
    await app.screenshot('filter-marks-plain');

    await page.getByRole('checkbox', { name: 'regex' }).check();
    await page.getByLabel('Filter data').fill('Message \\d+');
    await expect.poll(() => value.locator('mark').innerText(), { timeout: 10_000 }).toBe('Message 12');
    const rowMarks = await grid().locator('.c-data mark.filter-match').allInnerTexts();
    expect(rowMarks.length).toBeGreaterThan(3);
    expect(rowMarks.every((m) => /^Message \d+$/.test(m))).toBe(true);
    await app.screenshot('filter-marks-regex');
    expect(app.consoleErrors).toEqual([]);
  });
});
