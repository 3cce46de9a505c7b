/**
 * Stream data is text, never markup: a server that sends HTML and script in every field must see
 * it shown literally in the list, the detail pane and the JSON tree, with nothing executed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;
let page: Page;
let server: Server;
let url = '';

const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
    });
    res.write(`event: <b>typed</b>\nid: <i>7</i>\ndata: ${PAYLOAD}\n\n`);
    res.write(`data: ${JSON.stringify({ html: PAYLOAD, '<u>key</u>': 1 })}\n\n`);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('hostile stream data', () => {
  it('is shown as literal text everywhere and never runs', async () => {
    await page.getByLabel('URL', { exact: true }).fill(url);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const grid = page.getByRole('grid', { name: 'Events' });
    await grid.getByText(PAYLOAD, { exact: true }).waitFor({ timeout: 15_000 });
    expect(await grid.getByText('<b>typed</b>', { exact: true }).count()).toBe(1);
    expect(await grid.getByText('<i>7</i>', { exact: true }).count()).toBe(1);

    await grid.getByText(PAYLOAD, { exact: true }).click();
    const detail = page.getByLabel('Detail', { exact: true });
    expect(await detail.getByText(PAYLOAD, { exact: true }).count()).toBeGreaterThan(0);

    // The JSON event: its tree shows keys and values as text too.
    await grid.getByText(/"html":/).click();
    await detail.getByText('"<u>key</u>"', { exact: false }).first().waitFor();

    // Nothing the server sent became an element or ran.
    expect(await page.locator('#root img, #root script, #root b, #root i, #root u').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await app.screenshot('hostile-data');
  });
});
