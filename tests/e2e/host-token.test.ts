/**
 * The host token in a real browser: it leaves the address bar once the page has loaded, it is
 * never a cookie (cookies reach every local port), the cookie the page does get cannot open the
 * API socket, and a reload still works.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;

launchAppForFile((launched) => {
  app = launched;
});

function handshake(url: string, origin: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('the host token in the browser', () => {
  it('leaves the address bar, is never the cookie, and survives a reload', async () => {
    const { page } = app;
    await page.getByLabel('URL', { exact: true }).waitFor();
    expect(page.url()).toBe(`${app.origin}/`);

    const cookies = await app.context.cookies(app.origin);
    expect(cookies.map((c) => c.name)).toEqual([`streamscope_${new URL(app.origin).port}`]);
    const assetKey = cookies[0]!.value;
    expect(assetKey).not.toBe(app.token);
    expect(cookies[0]!.httpOnly).toBe(true);
    const socket = `${app.origin.replace('http', 'ws')}/api?token=`;
    expect(await handshake(socket + encodeURIComponent(assetKey), app.origin)).toBe(401);
    expect(await handshake(socket + encodeURIComponent(app.token), app.origin)).toBe('open');

    // A reload has no token in its URL: the page comes by the asset key, the socket by the tab's copy.
    await page.reload();
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/sse?interval=50&statusInterval=200&duration=30`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('grid', { name: 'Events' }).getByText('SSE Message 2').first().waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${app.origin}/`);
    expect(app.consoleErrors).toEqual([]);
  });
});
