/**
 * A layout that holds: the list/detail split and the list's columns resize by drag and by
 * keyboard (focusable separators with their value), and the sizes are remembered across a
 * reload; the list exposes its column headers and moves its selection with Home, End, PageUp
 * and PageDown. At 1280×800 and at 1024×700: the URL field has the top bar's room and nothing in
 * the bar is cut off; the data column keeps its share of a narrow list, its header over its rows;
 * the filter fields show their placeholders whole; a filter error does not move the list; the
 * bytes/s axis of the charts keeps its values clear of its label.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { forgetUiState, launchAppForFile, openSidePanel, reconnectTo } from './helpers';
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

/** The URL field's width, and any control of the top bar cut off or out of the window. */
const topBar = () =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.topbar')!;
    const cut = [...bar.querySelectorAll<HTMLElement>('button, select, input, .brand')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < 0 || r.right > window.innerWidth || el.scrollWidth > el.clientWidth + 1;
      })
      .map((el) => el.getAttribute('aria-label') ?? el.textContent);
    return {
      url: document.querySelector('#url-input')!.getBoundingClientRect().width,
      overflow: bar.scrollWidth - bar.clientWidth,
      cut,
    };
  });

/** In the page: how many px of an input's placeholder its field cuts off (0 or less: none). */
const placeholderOverflow = (input: HTMLInputElement) => {
  const style = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = getComputedStyle(input, '::placeholder').font || style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return ctx.measureText(input.placeholder).width - room;
};

/** Header cells and the cells of the first row drawn: [left, width] each, rounded. */
const columnEdges = () =>
  page.evaluate(() => {
    const edges = (cells: Element[]) =>
      cells.map((el) => {
        const r = el.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.width)];
      });
    const row = document.querySelector('.ev-row[aria-selected]');
    return {
      head: edges([...document.querySelectorAll('.ev-head > [role="columnheader"]')]),
      row: edges(row ? [...row.children] : []),
      list: document.querySelector('.ev-scroll')!.clientWidth,
    };
  });

/**
 * Whether every header cell starts where its row cell does, as wide (the data column's row
 * cells are narrower by the list's scrollbar, where it takes room).
 */
const aligned = ({ head, row }: { head: number[][]; row: number[][] }) =>
  head.length === row.length &&
  head.every(([left, w], i) => left === row[i]![0] && (i === head.length - 1 || w === row[i]![1]));

/**
 * Where the list is on screen: its header's bottom, and the first row below it with its top
 * (rows are drawn from that edge down, scrolled under the header when partly hidden).
 */
const listPlace = () =>
  page.evaluate(() => {
    const head = document.querySelector('.ev-head')!.getBoundingClientRect().bottom;
    const rows = [...document.querySelectorAll('.ev-row')]
      .map((r) => ({ index: Number(r.getAttribute('aria-rowindex')), top: r.getBoundingClientRect().top }))
      .filter((r) => r.top >= head - 0.5)
      .sort((a, b) => a.top - b.top);
    return { head: Math.round(head), firstRow: rows[0]?.index ?? -1, firstTop: Math.round(rows[0]?.top ?? -1) };
  });

describe('layout', () => {
  it('gives the URL field the room of the top bar at 1280×800 and 1024×700, with nothing cut off', async () => {
    const url = page.getByLabel('URL', { exact: true });
    const at1280 = await topBar();
    expect(at1280.url).toBeGreaterThanOrEqual(400);
    expect(await url.evaluate(placeholderOverflow)).toBeLessThanOrEqual(0);
    expect(at1280.overflow).toBe(0);
    expect(at1280.cut).toEqual([]);
    // The secondary actions sit in menus, reachable from the keyboard.
    const curl = page.getByRole('button', { name: 'curl ▾' });
    await curl.focus();
    await page.keyboard.press('Enter');
    const curlMenu = page.getByRole('menu', { name: 'curl' });
    expect(await curlMenu.getByRole('menuitem').allTextContents()).toEqual(['Import curl…', 'Copy as curl']);
    await page.keyboard.press('Escape');
    await until(
      'curl menu closed',
      () => curlMenu.count(),
      (n) => n === 0,
    );
    const environment = page.getByRole('button', { name: 'Environment: No environment' });
    await environment.focus();
    await page.keyboard.press('Enter');
    const envMenu = page.getByRole('menu', { name: 'Environment' });
    expect(await envMenu.getByRole('menuitemradio', { checked: true }).textContent()).toBe('No environment');
    expect(await envMenu.getByRole('menuitem').allTextContents()).toEqual(['Variables…']);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const variables = page.getByRole('dialog', { name: 'Environment variables' });
    await variables.waitFor();
    await variables.getByRole('button', { name: 'Close' }).click();
    await until(
      'variables closed',
      () => variables.count(),
      (n) => n === 0,
    );
    expect(await environment.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      const at1024 = await until('the bar laid out at 1024', topBar, (t) => t.url < at1280.url);
      expect(at1024.url).toBeGreaterThanOrEqual(300);
      expect(await url.evaluate(placeholderOverflow)).toBeLessThanOrEqual(0);
      expect(at1024.overflow).toBe(0);
      expect(at1024.cut).toEqual([]);
      await app.screenshot('layout-topbar-1024');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

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

  it('shows a filter error without moving the list: the rows stay where they were under the header', async () => {
    // Following the newest rows, as a list is while a stream runs.
    await grid().focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(200);
    const before = await listPlace();
    expect(before.firstRow).toBeGreaterThan(1);

    await page.getByRole('checkbox', { name: 'regex' }).check();
    await page.getByLabel('Filter data').fill('((');
    await page.getByRole('alert').filter({ hasText: 'Invalid regex' }).waitFor();
    await page.waitForTimeout(200);
    expect(await listPlace()).toEqual(before);
    await app.screenshot('layout-filter-error');

    await page.getByLabel('Filter data').fill('');
    await page.getByRole('checkbox', { name: 'regex' }).uncheck();
    await page.getByRole('alert').filter({ hasText: 'Invalid regex' }).waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'JSON path' }).fill('[[bad');
    await page.getByRole('alert').filter({ hasText: 'Invalid JSON path' }).waitFor();
    await page.waitForTimeout(200);
    expect(await listPlace()).toEqual(before);
    await page.getByRole('textbox', { name: 'JSON path' }).fill('');
    await page.getByRole('alert').filter({ hasText: 'Invalid JSON path' }).waitFor({ state: 'detached' });
  });

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

  it(
    'at 1024×700 with the detail pane open, the data column keeps its share, its header cells over its row cells',
    { timeout: 60_000 },
    async () => {
      // The layout of a first launch: the widths and the split of the tests above forgotten.
      await forgetUiState(page, 'streamscope.layout');
      await page.setViewportSize({ width: 1024, height: 700 });
      try {
        await page.reload();
        await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').first().click();
        await grid().locator('[role="row"]').first().click();
        await page.getByRole('tabpanel', { name: 'Detail' }).waitFor();
        const fitted = await until(
          'the columns fitted',
          columnEdges,
          (e) => e.row.length === 7 && e.list > 0 && e.list < 700,
        );
        expect(fitted.head[6]![1]).toBeGreaterThanOrEqual(Math.min(200, fitted.list * 0.4));
        expect(aligned(fitted)).toBe(true);
        // Every column still shows its usual content whole (the time of day in full).
        const time = await grid()
          .locator('[aria-selected="true"] .c-time')
          .evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(time).toBeLessThanOrEqual(0);
        await app.screenshot('layout-1024-detail');

        // A column still resizes from where it is drawn, the others giving way, the rows following.
        const before = await width('.ev-head .c-type');
        expect(Number(await typeSeparator().getAttribute('aria-valuenow'))).toBe(before);
        await typeSeparator().focus();
        await page.keyboard.press('ArrowRight');
        await until(
          'type column 10 px wider',
          () => width('.ev-head .c-type'),
          (w) => w === before + 10,
        );
        const resized = await columnEdges();
        expect(aligned(resized)).toBe(true);
        expect(resized.head[6]![1]!).toBeGreaterThanOrEqual(Math.min(200, resized.list * 0.4));
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    },
  );

  it('at 1024×700 the filter fields show their placeholders whole, their titles say the rest', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      await page.getByRole('checkbox', { name: 'regex' }).waitFor();
      const fields = [page.getByLabel('Filter data'), page.getByRole('textbox', { name: 'JSON path' })];
      for (const regex of [false, true]) {
        await page.getByRole('checkbox', { name: 'regex' }).setChecked(regex);
        for (const field of fields) {
          const name = await field.getAttribute('aria-label');
          expect(await field.getAttribute('placeholder'), name!).not.toBe('');
          expect(await field.evaluate(placeholderOverflow), name!).toBeLessThanOrEqual(0);
        }
      }
      expect(await fields[0]!.getAttribute('title')).toContain('case-insensitive');
      expect(await fields[1]!.getAttribute('title')).toContain('choices[0].delta.content');
      await page.getByRole('checkbox', { name: 'regex' }).uncheck();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it(
    'at 1024×700 the bytes/s axis keeps its values clear of its label, inside the chart',
    { timeout: 60_000 },
    async () => {
      await page.setViewportSize({ width: 1024, height: 700 });
      try {
        // Megabytes a second: values of 7 digits and more on the bytes/s axis.
        await page.getByLabel('Reconnect').selectOption('off');
        await reconnectTo(page, `${app.demoUrl}/scenarios/big-event?size=2000000&count=3`);
        await page
          .getByRole('tablist', { name: 'Session tabs' })
          .getByRole('tab', { selected: true })
          .getByText('CLOSED', { exact: true })
          .waitFor({ timeout: 20_000 });
        await openSidePanel(page, 'Charts');
        const chart = page.getByTestId('rate-chart');
        await chart.scrollIntoViewIfNeeded();
        // Ink over the plot's height in the bytes axis's area, in its last two columns (the label's
        // band begins right after them: uPlot draws the label beyond the axis's width), and in the
        // canvas's last column.
        const ink = () =>
          chart.evaluate((box) => {
            const canvas = box.querySelector('canvas')!;
            const axis = box.querySelectorAll<HTMLElement>('.u-axis')[2]!.getBoundingClientRect();
            const c = canvas.getBoundingClientRect();
            const scale = canvas.width / c.width;
            const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
            const inkIn = (fromX: number, toX: number) => {
              let n = 0;
              for (let y = Math.round((axis.top - c.top) * scale); y < Math.round((axis.bottom - c.top) * scale); y++)
                for (let x = Math.max(0, fromX); x <= Math.min(width - 1, toX); x++)
                  if (data[(y * width + x) * 4 + 3]! > 60) n++;
              return n;
            };
            const boundary = Math.round((axis.right - c.left) * scale);
            return {
              values: inkIn(Math.round((axis.left - c.left) * scale), boundary - 3),
              boundary: inkIn(boundary - 2, boundary - 1),
              edge: inkIn(width - 1, width - 1),
              labelInside: axis.right + 18 <= c.right + 0.5,
            };
          });
        const drawn = await until('the bytes axis drawn with values', ink, (i) => i.values > 20, 15_000);
        expect(drawn.boundary).toBe(0);
        expect(drawn.edge).toBe(0);
        expect(drawn.labelInside).toBe(true);
        await app.screenshot('layout-1024-charts');
      } finally {
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
