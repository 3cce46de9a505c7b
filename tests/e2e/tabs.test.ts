/**
 * Sessions as tabs (item 2): two live sessions at once, each tab with its own status pill,
 * switching keeps each session's list, closing a tab forgets its session.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const tabs = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');
const grid = () => page.getByRole('grid', { name: 'Events' });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('session tabs', () => {
  it('runs two sessions side by side, each tab with its own status pill', async () => {
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/sse?interval=50&statusInterval=1000&duration=20`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await tabs().nth(0).getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/typed-events?count=3&interval=30`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    // The second tab appears once the back end answers: wait for it before counting.
    await tabs().nth(1).getByText('CLOSED', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await tabs().count()).toBe(2);
    // The first session is still open and still streaming in the background.
    expect(await tabs().nth(0).getByText('OPEN', { exact: true }).count()).toBe(1);
    expect(Number(await grid().getAttribute('aria-rowcount'))).toBe(3);
    expect(await tabs().nth(1).getAttribute('aria-selected')).toBe('true');
    await app.screenshot('tabs-two-sessions');

    await tabs().nth(0).click();
    await until(
      'first tab selected',
      () => tabs().nth(0).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    await until(
      'first session rows',
      async () => Number(await grid().getAttribute('aria-rowcount')),
      (n) => n > 3,
    );
    expect(
      await grid()
        .getByText(/SSE Message \d+/)
        .count(),
    ).toBeGreaterThan(0);
    // The request bar follows the tab: Disconnect closes this session only.
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await tabs().nth(0).getByText('CLOSED', { exact: true }).waitFor({ timeout: 10_000 });
  });

  it('closing a tab removes its session and selects another', async () => {
    const firstTitle = await tabs().nth(0).getAttribute('title');
    await tabs().nth(0).locator('.tab-close').click();
    await until(
      'one tab left',
      () => tabs().count(),
      (n) => n === 1,
    );
    expect(await tabs().nth(0).getAttribute('title')).not.toBe(firstTitle);
    expect(await tabs().nth(0).getAttribute('aria-selected')).toBe('true');
    await tabs().nth(0).locator('.tab-close').click();
    await until(
      'no tabs',
      () => tabs().count(),
      (n) => n === 0,
    );
    // With no session left the launcher says what to do next.
    await page.getByRole('button', { name: 'Demo: SSE stream' }).waitFor();
    expect(app.consoleErrors).toEqual([]);
  });

  it('Enter on an edited URL opens it in a new tab and leaves the running stream alone', async () => {
    const url = page.getByLabel('URL', { exact: true });
    const first = `${app.demoUrl}/sse?interval=50&statusInterval=1000&duration=20`;
    await url.fill(first);
    await url.press('Enter');
    await tabs().nth(0).getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });
    const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
    const connect = page.getByRole('button', { name: 'Connect', exact: true });
    await disconnect.waitFor();

    // Editing the bar makes it a new request: its button connects, it no longer disconnects.
    await url.fill(`${app.demoUrl}/sse?interval=50&statusInterval=1000&duration=21`);
    await connect.waitFor();
    await url.fill(first);
    await disconnect.waitFor();

    await url.fill(`${app.demoUrl}/scenarios/typed-events?count=3&interval=30`);
    await url.press('Enter');
    await until(
      'a second tab, selected',
      async () => [await tabs().count(), await tabs().nth(1).getAttribute('aria-selected')],
      ([n, selected]) => n === 2 && selected === 'true',
    );
    await grid().getByText('notification').first().waitFor({ timeout: 15_000 });
    // The first stream was not touched.
    expect(await tabs().nth(0).getByText('OPEN', { exact: true }).count()).toBe(1);

    // Ctrl+Enter with the bar showing the selected live session's request still disconnects it.
    await tabs().nth(0).click();
    await disconnect.waitFor();
    await page.keyboard.press('Control+Enter');
    await tabs().nth(0).getByText('CLOSED', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await tabs().count()).toBe(2);
    expect(app.consoleErrors).toEqual([]);
  });
});
