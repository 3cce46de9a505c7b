/**
 * The launcher's demo buttons open the demo as documented (a message every 2 s, a status every
 * 5 s), the faster pace is one click away, and scenario descriptions show `code` as code.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const urlField = () => page.getByLabel('URL', { exact: true });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('launcher demo', () => {
  it('scenario descriptions render backtick spans as code, not literally', async () => {
    const list = page.getByRole('list', { name: 'Demo scenarios' });
    const heartbeat = list
      .getByRole('listitem')
      .filter({ has: page.getByRole('button', { name: 'heartbeat', exact: true }) });
    await heartbeat.waitFor({ timeout: 15_000 });
    expect(await heartbeat.locator('code').allTextContents()).toContain(': heartbeat n');
    const all = await list.innerText();
    expect(all).not.toContain('`');
    await app.screenshot('launcher-code-spans');
  });

  it('"Demo: SSE stream" opens the classic demo: a message every 2 s', async () => {
    await page.getByRole('button', { name: 'Demo: SSE stream' }).click();
    await grid().getByText('SSE Message 2').waitFor({ timeout: 15_000 });
    expect(await urlField().inputValue()).toBe(`${app.demoUrl}/sse`);
    const times = await page.evaluate(() =>
      [...document.querySelectorAll('[role="grid"][aria-label="Events"] [role="row"]')].map(
        (row) => JSON.parse(row.querySelector('.c-data')?.textContent ?? '{}') as { message?: string; sentAt?: number },
      ),
    );
    const sent = (n: number) => times.find((m) => m.message === `SSE Message ${n}`)?.sentAt ?? NaN;
    expect(sent(2) - sent(1)).toBeGreaterThanOrEqual(1900);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('the faster variant is one click away on the launcher', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'SSE, faster' }).click();
    await until(
      'fast URL',
      () => urlField().inputValue(),
      (v) => v.endsWith('/sse?interval=500&statusInterval=2000'),
    );
    await grid().getByText('SSE Message 3').waitFor({ timeout: 5000 });
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    expect(app.consoleErrors).toEqual([]);
  });
});
