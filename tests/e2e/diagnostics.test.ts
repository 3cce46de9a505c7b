/**
 * The Diagnostics panel end to end: the session's diagnostic records (from src/core/diagnostics,
 * run by the session) appear with counts by severity; an item selects the record it points at
 * and previews it; a clean stream shows none.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { connectNewSession, disconnectIfLive, launchAppForFile } from './helpers';

let app: App;
let page: Page;

const panel = () => page.getByRole('region', { name: 'Diagnostics' });
const count = (severity: string) => panel().getByTestId(`diag-count-${severity}`);

async function connect(url: string): Promise<void> {
  await disconnectIfLive(page);
  await page.getByLabel('URL', { exact: true }).fill(url);
  await page.getByLabel('Reconnect').selectOption('off');
  await connectNewSession(page);
  await page.getByRole('tab', { name: 'Diagnostics' }).click();
}

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('diagnostics panel', () => {
  it(
    'counts an ignored retry line and selects and previews the chunk that carried it',
    { timeout: 45_000 },
    async () => {
      await connect(`${app.demoUrl}/scenarios/retry?ms=1500`);
      const item = panel().locator('li[data-rule="retry-not-digits"]');
      await item.waitFor({ timeout: 20_000 });
      expect(await count('warning').innerText()).toBe('1 warning');
      expect(await count('error').innerText()).toBe('0 errors');
      expect(await item.innerText()).toContain('retry field "soon" is not all ASCII digits');
      expect(await item.getByRole('link', { name: 'why?' }).getAttribute('href')).toMatch(
        /^https:\/\/html\.spec\.whatwg\.org\//,
      );

      await item.locator('.diag-main').click();
      const pressed = item.locator('.diag-ref[aria-pressed="true"]');
      await pressed.waitFor();
      expect(await pressed.getAttribute('aria-label')).toMatch(/^Select #\d+ chunk/);
      const preview = item.getByLabel('Referenced record');
      expect(await preview.innerText()).toContain('retry: soon\\n');
      await app.screenshot('diagnostics-retry');

      // The selection is the session's: the Detail tab shows the same record.
      await item.getByRole('button', { name: 'Open in Detail' }).click();
      expect(await page.getByRole('tab', { name: 'Detail' }).getAttribute('aria-selected')).toBe('true');
      expect(app.consoleErrors).toEqual([]);
    },
  );

  it('shows a wrong Content-Type as an error pointing at the response', { timeout: 45_000 }, async () => {
    await connect(`${app.demoUrl}/scenarios/wrong-content-type`);
    const item = panel().locator('li[data-rule="content-type"]');
    await item.waitFor({ timeout: 20_000 });
    expect(await count('error').innerText()).toBe('1 error');
    await item.locator('.diag-main').click();
    const preview = item.getByLabel('Referenced record');
    await preview.waitFor();
    expect(await preview.innerText()).toContain('content-type: text/plain');
    // The severity chip filters the list.
    await count('warning').click();
    await expect.poll(() => panel().locator('li[data-rule]').count()).toBe(0);
    await count('warning').click();
    expect(await panel().locator('li[data-rule]').count()).toBe(1);
    await app.screenshot('diagnostics-content-type');
  });

  it('a clean stream (the demo /sse) has no diagnostics', { timeout: 45_000 }, async () => {
    await connect(`${app.demoUrl}/sse?interval=50&statusInterval=120&duration=2`);
    await expect
      .poll(() => page.getByRole('grid', { name: 'Events' }).getByRole('row').count(), { timeout: 20_000 })
      .toBeGreaterThan(10);
    expect(await panel().getByText('No diagnostics so far').isVisible()).toBe(true);
    for (const severity of ['error', 'warning', 'info']) expect(await count(severity).innerText()).toMatch(/^0 /);
  });
});
