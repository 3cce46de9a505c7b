/**
 * The live list end to end (items 2 and 3 of the UI issue): connect to the demo's /sse, watch the
 * status pill and the Events grid fill, then filter (text, regex with an invalid pattern, JSON
 * path, kinds), pause, stick-to-bottom, clear and disconnect.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const shownRows = async () => Number(await grid().getAttribute('aria-rowcount'));

async function connect(path: string): Promise<void> {
  await page.getByLabel('URL', { exact: true }).fill(app.demoUrl.replace(/\/$/, '') + path);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Scrolls the Events grid to its top (following stops) or bottom (following resumes). */
async function scrollGrid(to: 'top' | 'bottom'): Promise<void> {
  await grid().evaluate((el, top) => {
    el.scrollTop = top ? 0 : el.scrollHeight;
    el.dispatchEvent(new Event('scroll'));
  }, to === 'top');
}

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('live event list', () => {
  // The file's first page loads and connects: on a loaded machine that alone can take 15 s.
  it(
    'connects to the demo stream: status pill goes OPEN and rows stream into the Events grid',
    { timeout: 45_000 },
    async () => {
      await connect('/sse?interval=50&statusInterval=120&duration=6');
      await page.getByText('OPEN', { exact: true }).waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Disconnect', exact: true }).waitFor();
      await until('10 rows', shownRows, (n) => n >= 10);
      // The list follows the newest rows and renders only those in view: bring the top into view
      // to read rows 1 and 2. Once the rows overflow the view, that stops following (while they
      // all fit, the top is the bottom and the list keeps following).
      await until(
        'rows beyond the view',
        () => grid().evaluate((el) => el.scrollHeight - el.clientHeight),
        (overflow) => overflow > 48,
      );
      await scrollGrid('top');
      const first = grid().locator('[role="row"][aria-rowindex="1"]');
      await first.waitFor();
      const cells = await first.getByRole('gridcell').allTextContents();
      expect(cells[0]).toMatch(/^\d+$/);
      expect(cells[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
      expect(cells[3]).toBe('message');
      expect(cells[6]).toContain('SSE connection established');
      // Δ since the previous row is shown from the second row on.
      const second = await grid().locator('[role="row"][aria-rowindex="2"]').getByRole('gridcell').allTextContents();
      expect(second[2]).toMatch(/^\+[\d.]+ (ms|s)$/);
      await scrollGrid('bottom');
      await app.screenshot('events-live');
    },
  );

  it('filters by text, by regex (an invalid one shows an inline error), and by JSON path, with a match count', async () => {
    const filter = page.getByLabel('Filter data');
    const dataCells = () => grid().getByRole('row').locator('.c-data').allTextContents();
    await filter.fill('"type":"status"');
    // The filter applies after a short debounce: wait until every visible row is a status message.
    await until('status rows only', dataCells, (t) => t.length > 0 && t.every((x) => x.includes('"type":"status"')));
    // The match count and the grid agree (read together: status messages keep arriving).
    const [count, rowcount] = await page.evaluate(() => [
      document.querySelector('[data-testid="match-count"]')?.textContent ?? '',
      document.querySelector('[role="grid"][aria-label="Events"]')?.getAttribute('aria-rowcount') ?? '',
    ]);
    expect(count).toMatch(new RegExp(`^${Number(rowcount).toLocaleString('en-US')} shown / [\\d,]+ records`));

    await page.getByRole('checkbox', { name: 'regex' }).check();
    await filter.fill('SSE Message (');
    await page.getByText(/Invalid regex/).waitFor();
    expect(await grid().isVisible()).toBe(true);
    await filter.fill('SSE Message \\d+"');
    await until('regex rows', dataCells, (t) => t.length > 0 && t.every((x) => /SSE Message \d+"/.test(x)));
    await filter.fill('');
    await page.getByRole('checkbox', { name: 'regex' }).uncheck();

    await page.getByRole('textbox', { name: 'JSON path' }).fill('type');
    await until('JSON path rows', dataCells, (t) => t.length > 0 && t.every((x) => x.includes('"type":"status"')));
    const byPath = await shownRows();
    await app.screenshot('events-filtered');
    await page.getByRole('textbox', { name: 'JSON path' }).fill('choices[0');
    await page.getByText(/Invalid JSON path/).waitFor();
    await page.getByRole('textbox', { name: 'JSON path' }).fill('');
    await until('unfiltered', shownRows, (n) => n > byPath);
  });

  it('pause freezes the view while records keep arriving; resume catches up', async () => {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const frozen = await shownRows();
    const totalText = async () => (await page.getByTestId('match-count').textContent()) ?? '';
    await new Promise((r) => setTimeout(r, 800));
    expect(await shownRows()).toBe(frozen);
    expect(await totalText()).toContain('paused');
    // Filtering still works on the frozen view and does not let new rows in.
    await page.getByLabel('Filter data').fill('SSE Message');
    await until('filtered frozen view', shownRows, (n) => n < frozen && n > 0);
    await page.getByLabel('Filter data').fill('');
    await until('unfiltered frozen view', shownRows, (n) => n === frozen);
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await until('rows after resume', shownRows, (n) => n > frozen);
    // Space on the focused list toggles pause too.
    await grid().focus();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  });

  it('follows new rows only while scrolled to the bottom', async () => {
    const scroller = grid();
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event('scroll'));
    });
    const before = await shownRows();
    await until('more rows', shownRows, (n) => n > before + 3);
    expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    });
    const at = await shownRows();
    await until('more rows', shownRows, (n) => n > at + 3);
    // The page renders new rows and the list's offset in an animation frame: wait for the state.
    await until(
      'the list at the bottom',
      () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight),
      (gap) => gap < 30,
    );
  });

  it('lists other record kinds when toggled: state records only', async () => {
    const types = () => grid().getByRole('row').locator('.c-type').allTextContents();
    // The kind toggles fold behind one button so the filter bar stays one row.
    await page.getByRole('button', { name: /^Kinds \d+\/\d+/ }).click();
    await page.getByRole('button', { name: 'state', exact: true }).click();
    await page.getByRole('button', { name: 'events', exact: true }).click();
    // Read together: the list and its count move on while the stream reconnects (a loaded machine
    // saw a state record arrive between two separate reads).
    const listed = async () => ({ types: await types(), count: await shownRows() });
    await until(
      'state rows only, all of them listed',
      listed,
      (l) => l.types.length >= 2 && l.types.every((x) => x === 'state') && l.types.length === l.count,
    );
    await page.getByRole('button', { name: 'events', exact: true }).click();
    await page.getByRole('button', { name: 'state', exact: true }).click();
    await until('events again', types, (t) => t.includes('message'));
    // Esc folds the toggles away again and gives the focus back to the button that opened them.
    await page.keyboard.press('Escape');
    await until(
      'toggles folded',
      () => page.getByRole('group', { name: 'Record kinds shown' }).count(),
      (n) => n === 0,
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Kinds \d+\/\d+/);
  });

  it('Ctrl+L clears the list; Disconnect closes the session and the pill says CLOSED', async () => {
    await grid().click();
    await page.keyboard.press('Control+l');
    await until('cleared', shownRows, (n) => n < 5);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await page.getByText('CLOSED', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
    await app.screenshot('events-closed');
  }, 45_000);
});
