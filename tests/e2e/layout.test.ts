/**
 * A layout that holds: the list/detail split and the list's columns resize by drag and by
 * keyboard (focusable separators with their value), and the sizes are remembered across a
 * reload; the list exposes its column headers and moves its selection with Home, End, PageUp
 * and PageDown.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const rowCount = async () => Number(await grid().getAttribute('aria-rowcount'));
const selectedIndex = async () =>
  Number((await grid().locator('[role="row"][aria-selected="true"]').getAttribute('aria-rowindex')) ?? -1);
const typeSeparator = () => page.getByRole('separator', { name: 'Resize the type column' });
const splitSeparator = () => page.getByRole('separator', { name: 'Resize the list and the side panel' });
const width = (selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Math.round(el.getBoundingClientRect().width));

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('layout', () => {
  it(
    'exposes the column headers and moves the selection with Home, End, PageUp and PageDown',
    { timeout: 60_000 },
    async () => {
      await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/typed-events?count=120&interval=2`);
      await page.getByLabel('Reconnect').selectOption('off');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page
        .getByRole('tablist', { name: 'Session tabs' })
        .getByText('CLOSED', { exact: true })
        .waitFor({ timeout: 20_000 });
      const total = await until('all rows', rowCount, (n) => n >= 120);

      const headers = await page
        .getByRole('table', { name: 'Event list columns' })
        .getByRole('columnheader')
        .allTextContents();
      expect(headers).toEqual(['#', 'time', 'Δ', 'type', 'id', 'size', 'data']);
      await grid().focus();
      await page.keyboard.press('Home');
      await until('first row selected', selectedIndex, (i) => i === 1);
      await page.keyboard.press('PageDown');
      const page1 = await until('a page down', selectedIndex, (i) => i > 2);
      await page.keyboard.press('PageDown');
      await until('another page down', selectedIndex, (i) => i === 2 * page1 - 1);
      await page.keyboard.press('PageUp');
      await until('a page up', selectedIndex, (i) => i === page1);
      await page.keyboard.press('End');
      await until('last row selected', selectedIndex, (i) => i === total);
    },
  );

  it('resizes a column by keyboard and by drag', async () => {
    const before = await width('.ev-head .c-type');
    expect(Number(await typeSeparator().getAttribute('aria-valuenow'))).toBe(before);
    await typeSeparator().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await until(
      'type column 20 px wider',
      () => width('.ev-head .c-type'),
      (w) => w === before + 20,
    );
    expect(Number(await typeSeparator().getAttribute('aria-valuenow'))).toBe(before + 20);
    // Rows follow the header.
    expect(await width('.ev-row .c-type')).toBe(before + 20);

    const box = (await typeSeparator().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await until(
      'type column 60 px wider still',
      () => width('.ev-head .c-type'),
      (w) => w === before + 80,
    );
  });

  it(
    'resizes the list/detail split by keyboard and by drag, and remembers the sizes',
    { timeout: 60_000 },
    async () => {
      const list = () => width('.list-pane');
      const start = Number(await splitSeparator().getAttribute('aria-valuenow'));
      const listBefore = await list();
      await splitSeparator().focus();
      await page.keyboard.press('Shift+ArrowLeft');
      await until(
        'split value 8 lower',
        async () => Number(await splitSeparator().getAttribute('aria-valuenow')),
        (v) => v === start - 8,
      );
      const listNarrower = await until('the list narrower', list, (w) => w < listBefore - 40);

      const box = (await splitSeparator().boundingBox())!;
      await page.mouse.move(box.x + 2, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(box.x + 2 + 120, box.y + 200, { steps: 4 });
      await page.mouse.up();
      await until('the list wider after the drag', list, (w) => w > listNarrower + 100);
      const split = Number(await splitSeparator().getAttribute('aria-valuenow'));
      const typeWidth = await width('.ev-head .c-type');
      // Sizes are saved a moment after the last change: reload only once they are.
      const saved = () => page.evaluate(() => localStorage.getItem('streamscope.layout') ?? '');
      let last = '';
      await until(
        'the sizes saved and settled',
        async () => {
          await page.waitForTimeout(300);
          const [before, now] = [last, await saved()];
          last = now;
          return now !== '' && now === before;
        },
        (settled) => settled,
      );

      await page.reload();
      await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').first().click();
      await splitSeparator().waitFor();
      expect(Number(await splitSeparator().getAttribute('aria-valuenow'))).toBe(split);
      expect(await width('.ev-head .c-type')).toBe(typeWidth);
      await app.screenshot('layout-resized');
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
