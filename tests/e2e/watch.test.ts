/**
 * The Watch view: a watch config opened from the launcher lists its streams with their health,
 * updates them live, opens a live session on a click, and stops.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

const table = () => page.getByRole('region', { name: 'Watch' }).getByRole('table');
const row = (name: string) =>
  table()
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name }) });

describe('watch view', () => {
  it('lists the streams of a config with their health, and opens one as a live session', async () => {
    const config = [
      'streams:',
      '  - name: classic',
      `    url: ${app.demoUrl}/sse?interval=200`,
      '    expect: ["count(type=message) >= 1"]',
      '    expectWindow: 1',
      '  - name: failing',
      `    url: ${app.demoUrl}/scenarios/status-500`,
    ].join('\n');
    await page.getByRole('button', { name: 'Watch streams…' }).waitFor({ timeout: 15_000 });
    await page
      .getByLabel('Watch config file')
      .first()
      .setInputFiles({ name: 'team.yaml', mimeType: 'application/yaml', buffer: Buffer.from(config) });
    await page.getByRole('heading', { name: 'Watching team.yaml' }).waitFor({ timeout: 10_000 });
    await row('classic').getByText('open', { exact: true }).waitFor({ timeout: 10_000 });
    await row('failing').getByText('http-status', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await row('failing').locator('.watch-health').textContent()).not.toBe('open');
    // The counts move while the view is open (polled, not per event).
    const events = async () =>
      Number((await row('classic').locator('td.num').first().textContent())!.replace(/\D/g, ''));
    const first = await events();
    await until('more events', events, (n) => n > first, 10_000);
    await row('classic').getByText('1 of 1 hold').waitFor({ timeout: 10_000 });
    await app.screenshot('watch-view');

    await row('classic').getByRole('button', { name: 'classic' }).click();
    await page
      .getByRole('grid', { name: 'Events' })
      .getByText('SSE connection established')
      .waitFor({ timeout: 10_000 });
    // Back to the Watch view from the top bar, then stop.
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.getByRole('button', { name: 'Stop watching' }).click();
    await page.getByRole('button', { name: 'Watch', exact: true }).waitFor({ state: 'detached' });
    expect(app.consoleErrors).toEqual([]);
  });

  it('a bad config is one line in the notice, and nothing starts', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Watch streams…' }).waitFor();
    await page
      .getByLabel('Watch config file')
      .first()
      .setInputFiles({
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from('{"streams":[{"name":"x","url":"ftp://h/"}]}'),
      });
    await page
      .getByText('Watch failed: stream "x": url: expected an http(s):// or ws(s):// URL')
      .waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Watch', exact: true }).count()).toBe(0);
  });
});
