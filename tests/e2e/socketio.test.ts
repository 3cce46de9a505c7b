/**
 * Socket.IO in the app, against the demo server's Socket.IO endpoint: the Socket.IO request type
 * joins it (ticks keep coming past its pings), the list labels each packet and shows the event
 * name in the "id / event" column, and the composer emits an event whose acknowledgement comes
 * back with the same arguments.
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

const grid = () => page.getByRole('grid', { name: 'Events' });
const composer = () => page.getByRole('region', { name: 'Composer' });

describe('Socket.IO', () => {
  it('joins a Socket.IO server, names its events, and emits from the composer', { timeout: 90_000 }, async () => {
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl.replace(/\/$/, '')}/?interval=300&pingInterval=400&pingTimeout=20000`);
    await page.getByRole('button', { name: /Headers.*body/ }).click();
    await page.getByLabel('Socket.IO', { exact: true }).check();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('OPEN', { exact: true }).first().waitFor({ timeout: 20_000 });

    // Past several of the server's ping intervals, still joined and ticking.
    await until(
      'three ticks and two pongs',
      async () => {
        const badges = await grid().locator('.decoded-badge').allTextContents();
        return {
          ticks: badges.filter((b) => b === 'Socket.IO EVENT tick').length,
          pongs: badges.filter((b) => b === 'Socket.IO pong').length,
        };
      },
      (c) => c.ticks >= 3 && c.pongs >= 2,
      30_000,
    );
    // The list follows the tail; scrolled to the top it holds still and shows the handshake.
    await grid().evaluate((el) => (el.scrollTop = 0));
    await grid().getByRole('row').filter({ hasText: 'Socket.IO open' }).first().waitFor();
    // Polled: rows still arriving re-render the window while it is read.
    await expect
      .poll(async () => (await grid().locator('.decoded-badge').allTextContents()).slice(0, 4), { timeout: 10_000 })
      .toEqual([
        expect.stringMatching(/^Socket\.IO open sid=\S+ ping 400 ms$/),
        'Socket.IO CONNECT',
        'Socket.IO CONNECT',
        'Socket.IO BINARY_EVENT snapshot (1 attachments)',
      ]);
    const tickRow = grid().getByRole('row').filter({ hasText: 'Socket.IO EVENT tick' }).first();
    expect(await tickRow.locator('.c-id').innerText()).toBe('tick');
    // Back to the tail: the list follows new rows again.
    await grid().evaluate((el) => (el.scrollTop = el.scrollHeight));

    await page.getByRole('tab', { name: 'Send' }).click();
    expect(await composer().getByLabel('Event', { exact: true }).isChecked()).toBe(true);
    await composer().getByLabel('Event name').fill('hello');
    await composer().getByLabel('Arguments').fill('{"not": "an array"}');
    await composer().getByRole('alert').filter({ hasText: 'the arguments are a JSON array' }).waitFor();
    await composer().getByLabel('Arguments').fill('["from the app", 7]');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await grid()
      .getByRole('row')
      .filter({ hasText: 'Socket.IO ACK #0' })
      .filter({ hasText: '430["from the app",7]' })
      .first()
      .waitFor({ timeout: 15_000 });
    await grid().getByRole('row').filter({ hasText: 'Socket.IO EVENT hello #0' }).first().waitFor();
    await app.screenshot('socketio');
    expect(app.consoleErrors).toEqual([]);
  });
});
