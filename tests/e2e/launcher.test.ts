/**
 * First launch and app-wide UI (items 1 and 12): the launcher offers the demo in one click (SSE,
 * WebSocket, compare) and lists its scenarios; type chips; theme toggle; the shortcut list.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const tabs = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('launcher', () => {
  it('offers the demo and its scenario list on first launch', async () => {
    await page.getByRole('button', { name: 'Demo: SSE stream' }).waitFor({ timeout: 15_000 });
    const scenarios = page.getByRole('list', { name: 'Demo scenarios' });
    await scenarios.getByRole('button', { name: 'typed-events' }).waitFor();
    expect(await scenarios.getByRole('listitem').count()).toBeGreaterThan(10);
    await app.screenshot('launcher-first-launch');
  });

  it('one click opens the demo SSE stream', async () => {
    await page.getByRole('button', { name: 'Demo: SSE stream' }).click();
    await page.getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });
    await grid().getByText('SSE connection established').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('one click opens the demo WebSocket: frames are listed with their direction', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Demo: WebSocket' }).click();
    const tab = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });
    await tab.getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await tab.locator('.tab-kind').textContent()).toBe('WS');
    await grid()
      .getByText('SSE connection established')
      .or(grid().getByText(/connection established/))
      .first()
      .waitFor({ timeout: 15_000 });
    const types = await grid().getByRole('row').locator('.c-type').allTextContents();
    // Direction as an arrow and a label: "↓ in text", "↑ out text".
    expect(types.every((t) => /^(↓ in|↑ out) /.test(t))).toBe(true);
    expect(await page.getByRole('tab', { name: 'Send' }).count()).toBe(1);
    await app.screenshot('launcher-websocket');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('a scenario opens in a new tab; its event-type chips narrow the list', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page
      .getByRole('list', { name: 'Demo scenarios' })
      .getByRole('button', { name: 'anthropic-messages', exact: true })
      .click();
    const chips = page.getByRole('group', { name: 'Event types' });
    await chips.getByRole('button', { name: /^content_block_delta/ }).waitFor({ timeout: 20_000 });
    await page.getByText('CLOSED', { exact: true }).last().waitFor({ timeout: 20_000 });
    await chips.getByRole('button', { name: /^content_block_delta/ }).click();
    const types = await grid().getByRole('row').locator('.c-type').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['content_block_delta']));
    await app.screenshot('launcher-scenario-chips');
  });

  it('the compare demo opens an SSE and a WebSocket session and shows the compare view', async () => {
    const before = await tabs().count();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Demo: SSE vs WebSocket' }).click();
    const compareTab = page.getByRole('tab', { name: 'SSE vs WS' });
    await compareTab.waitFor({ timeout: 15_000 });
    expect(await compareTab.getAttribute('aria-selected')).toBe('true');
    expect(await tabs().count()).toBe(before + 3);
    expect(await tabs().locator('.tab-kind').allTextContents()).toContain('WS');
    await page.waitForTimeout(1500);
    await app.screenshot('launcher-compare');
  });

  it('switches themes with CSS variables and shows the shortcut list with ?', async () => {
    const theme = page.getByRole('button', { name: /^Theme:/ });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await theme.click(); // system → light
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await bg();
    await theme.click(); // light → dark
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await bg()).not.toBe(light);
    await tabs().first().click();
    await app.screenshot('theme-dark');
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Ctrl+Enter');
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    await theme.click(); // dark → system
    expect(app.consoleErrors).toEqual([]);
  });
});
