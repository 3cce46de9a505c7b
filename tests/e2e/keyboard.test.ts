/**
 * Keyboard: Esc closes any popover (the shortcut sheet, a menu, Import curl, the kind toggles)
 * and gives the focus back where it was; the shortcut sheet's actions work from wherever they
 * make sense (Ctrl+K and Ctrl+L from the list, Ctrl+Enter from a text field, Space in the list).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { curlAction, launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const rowCount = async () => Number(await grid().getAttribute('aria-rowcount'));
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? el.textContent}`
      : '';
  });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('keyboard', () => {
  it('runs the shortcut sheet actions from the list and from text fields', { timeout: 60_000 }, async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/sse?interval=200&duration=120`);
    // Ctrl+Enter from the URL field connects.
    await page.getByLabel('URL', { exact: true }).press('Control+Enter');
    await until('rows', rowCount, (n) => n >= 3);
    // Space in the list pauses it.
    await grid().focus();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    // Ctrl+K from the list goes to the URL field.
    await page.keyboard.press('Control+k');
    expect(await focused()).toBe('input:URL');
    // Ctrl+L from the list clears the session.
    await grid().focus();
    await page.keyboard.press('Control+l');
    await until('cleared', rowCount, (n) => n < 3);
    await page.getByLabel('Filter data').focus();
    // Ctrl+Enter from the filter field disconnects.
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  });

  it('Esc closes the shortcut sheet, menus and popovers and gives the focus back', async () => {
    await grid().focus();
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    expect(await focused()).toBe('button:Close');
    await page.keyboard.press('Escape');
    await until(
      'sheet closed',
      () => sheet.count(),
      (n) => n === 0,
    );
    expect(await focused()).toBe('grid:Events');

    await curlAction(page, 'Import curl…');
    await page.getByRole('dialog', { name: 'Import curl' }).waitFor();
    // The popover took the focus (its text box).
    expect(await focused()).toBe('textarea:curl command');
    await page.keyboard.press('Escape');
    await until(
      'import closed',
      () => page.getByRole('dialog', { name: 'Import curl' }).count(),
      (n) => n === 0,
    );
    // Back on the menu button the import was chosen from.
    expect(await focused()).toBe('button:curl ▾');

    await page.getByRole('button', { name: /^Kinds / }).click();
    await page.getByRole('group', { name: 'Record kinds shown' }).getByRole('button').first().focus();
    await page.keyboard.press('Escape');
    await until(
      'kinds closed',
      () => page.getByRole('group', { name: 'Record kinds shown' }).count(),
      (n) => n === 0,
    );
    expect(await focused()).toMatch(/^button:Kinds /);

    const tab = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').first();
    await tab.focus();
    await page.keyboard.press('Shift+F10');
    await page.getByRole('menu', { name: 'Tab actions' }).waitFor();
    await page.keyboard.press('Escape');
    await until(
      'menu closed',
      () => page.getByRole('menu').count(),
      (n) => n === 0,
    );
    expect(await focused()).toMatch(/^tab:/);
    expect(app.consoleErrors).toEqual([]);
  });
});
