/**
 * Intercept in the real UI (Chromium through the browser host): the launcher starts a proxy for
 * the embedded demo server, shows its port and the line to paste; requests made through it by a
 * client outside the app (this test) open session tabs live with method, path and status, each
 * scrolled into view while the launcher shows; an error answer shows as one (banner, timeline and
 * list agree); Stop says how many requests were still open. A proxy outlives a reload of the page,
 * which then shows it as the back end knows it (upstream, address, counts).
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reloadWithTabs } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

const tabs = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');

/** A GET through the proxy that the test reads to its end. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('Intercept', () => {
  it('starts a proxy, opens a tab per request live with method, path and status, and stop counts the open ones', async () => {
    await page.getByRole('button', { name: 'Intercept your app…' }).click({ timeout: 15_000 });
    await page.getByLabel('Upstream URL').fill(app.demoUrl);
    await page.getByRole('button', { name: 'Start proxy' }).click();
    const proxyUrl = (await page.getByLabel('Proxy URL', { exact: true }).textContent({ timeout: 10_000 }))!;
    expect(proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(proxyUrl).port;
    await page.getByText(`port ${port}`).waitFor();
    expect(await page.getByText(`OPENAI_BASE_URL=${proxyUrl}`).count()).toBe(1);

    // A stream that stays open, seen live while it streams.
    const open = http.get(`${proxyUrl}/sse?interval=200&statusInterval=100000&duration=60`, (res) => res.resume());
    open.on('error', () => {});
    const liveTab = tabs().filter({ hasText: 'GET /sse?interval=200' });
    await liveTab.waitFor({ timeout: 15_000 });
    await liveTab.getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await liveTab.locator('.tab-http-status').textContent()).toBe('200');
    expect(await liveTab.locator('.tab-kind').textContent()).toBe('PROXY');

    // Two that end: an SSE scenario and a 404.
    const typed = await get(`${proxyUrl}/scenarios/typed-events`);
    expect(typed.body).toContain('event: notification');
    const missing = await get(`${proxyUrl}/no-such-route`);
    expect(missing.status).toBe(404);
    await tabs()
      .filter({ hasText: 'GET /no-such-route' })
      .locator('.tab-http-status')
      .getByText('404')
      .waitFor({ timeout: 15_000 });
    await page.getByText('3 requests so far, 1 open').waitFor({ timeout: 15_000 });
    await app.screenshot('intercept-running');

    // The proxied session has the usual views: its events are listed.
    await tabs().filter({ hasText: 'GET /scenarios/typed-events' }).click();
    const grid = page.getByRole('grid', { name: 'Events' });
    // Following, the list renders the rows in view only: from the top, it renders them all.
    await grid.focus();
    await page.keyboard.press('Home');
    await until(
      'the proxied events',
      () => grid.getByRole('row').locator('.c-type').allTextContents(),
      (types) => types.filter((t) => t === 'notification').length === 5,
    );
    await app.screenshot('intercept-session');

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Stop proxy' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Proxy stopped. 1 request was still open and has been closed.' })
      .waitFor({ timeout: 10_000 });
    await liveTab.getByText('CLOSED', { exact: true }).waitFor({ timeout: 10_000 });
    await app.screenshot('intercept-stopped');
  });

  it('a new proxy tab is scrolled into view, and an error answer reads as one: banner, no OPEN, the list agrees', async () => {
    await page.getByLabel('Upstream URL').fill(app.demoUrl);
    await page.getByRole('button', { name: 'Start proxy' }).click();
    const proxyUrl = (await page.getByLabel('Proxy URL', { exact: true }).textContent({ timeout: 10_000 }))!;
    const strip = page.getByRole('tablist', { name: 'Session tabs' });
    // Enough tabs to overflow the strip; each request's tab must be in view when it opens.
    for (let i = 1; i <= 8; i++) {
      const res = await get(`${proxyUrl}/scenarios/status-500?n=${i}`);
      expect(res).toEqual({ status: 500, body: 'internal server error (a demo failure)\n' });
      const tab = tabs().filter({ hasText: `GET /scenarios/status-500?n=${i}` });
      await tab.waitFor({ timeout: 15_000 });
      await until(
        `tab ${i} in view`,
        async () => [await strip.boundingBox(), await tab.boundingBox()] as const,
        ([list, box]) => !!list && !!box && box.x >= list.x - 1 && box.x + box.width <= list.x + list.width + 1,
      );
    }
    expect(await page.getByRole('button', { name: 'Scroll tabs left' }).isVisible()).toBe(true);
    await app.screenshot('intercept-new-tab-in-view');

    await tabs().filter({ hasText: 'GET /scenarios/status-500?n=8' }).click();
    const banner = page.getByRole('alert');
    await banner.getByText('HTTP 500 Internal Server Error from the upstream').waitFor({ timeout: 10_000 });
    expect(await banner.getByLabel('Response body').textContent()).toBe('internal server error (a demo failure)\n');
    await page.getByText(/^No events: the stream closed\. See the error above/).waitFor();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const transitions = page.getByRole('region', { name: 'Timeline' }).getByRole('table', { name: 'Transitions' });
    await transitions.getByText('HTTP 500 Internal Server Error from the upstream').waitFor({ timeout: 10_000 });
    const states = await transitions.locator('td.state').allInnerTexts();
    expect(states.map((t) => t.trim())).toEqual(['CONNECTING', 'CLOSED']);
    await app.screenshot('intercept-500');

    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Stop proxy' }).click();
    await page.getByRole('status').filter({ hasText: 'Proxy stopped.' }).waitFor({ timeout: 10_000 });
  });

  it(
    'after a reload, each proxy still running shows as the back end knows it: upstream, address, counts',
    { timeout: 90_000 },
    async () => {
      const upstreamField = page.getByLabel('Upstream URL');
      if (!(await upstreamField.isVisible())) await page.getByRole('button', { name: 'Intercept your app…' }).click();
      await upstreamField.fill(app.demoUrl);
      await page.getByRole('button', { name: 'Start proxy' }).click();
      const proxyUrl = (await page.getByLabel('Proxy URL', { exact: true }).textContent({ timeout: 10_000 }))!;
      const port = new URL(proxyUrl).port;
      // The field is for the next proxy: the running one's upstream is in its own block.
      expect(await upstreamField.inputValue()).toBe('');

      // A client of the proxy that goes on across the reload: one request ended, one whose tab the
      // user closes (the proxy still counts it), one still streaming.
      expect((await get(`${proxyUrl}/scenarios/typed-events?n=kept`)).status).toBe(200);
      expect((await get(`${proxyUrl}/scenarios/typed-events?n=closed`)).status).toBe(200);
      const closedTab = tabs().filter({ hasText: 'GET /scenarios/typed-events?n=closed' });
      await closedTab.waitFor({ timeout: 15_000 });
      await closedTab.click();
      await closedTab.press('Delete');
      await closedTab.waitFor({ state: 'detached', timeout: 10_000 });
      const streaming = http.get(`${proxyUrl}/sse?interval=200&statusInterval=100000&duration=60&n=across`, (res) =>
        res.resume(),
      );
      streaming.on('error', () => {});
      await tabs().filter({ hasText: 'n=across' }).getByText('OPEN', { exact: true }).waitFor({ timeout: 15_000 });

      await reloadWithTabs(page);
      await page.getByRole('button', { name: 'New session' }).click();
      const proxy = page.getByRole('group', { name: `Proxy on port ${port}` });
      await proxy.waitFor({ timeout: 10_000 });
      expect(await proxy.getByLabel('Upstream', { exact: true }).textContent()).toBe(app.demoUrl);
      expect(await proxy.getByLabel('Proxy URL', { exact: true }).textContent()).toBe(proxyUrl);
      await proxy.getByText('3 requests so far, 1 open').waitFor({ timeout: 10_000 });
      await proxy.getByText('Running: listening on port').waitFor({ timeout: 5_000 });
      expect(await upstreamField.inputValue()).toBe('');

      // Still running and still counting: the stream ends, another request comes.
      streaming.destroy();
      await proxy.getByText('3 requests so far, 0 open').waitFor({ timeout: 15_000 });
      expect((await get(`${proxyUrl}/scenarios/typed-events?n=after`)).status).toBe(200);
      await proxy.getByText('4 requests so far, 0 open').waitFor({ timeout: 15_000 });
      await proxy.getByRole('button', { name: 'Stop proxy' }).click();
      await page.getByRole('status').filter({ hasText: 'Proxy stopped.' }).waitFor({ timeout: 10_000 });
      expect(await page.getByRole('group', { name: /^Proxy on port/ }).count()).toBe(0);
    },
  );

  it('an upstream that is not http(s) is refused with one line', async () => {
    await page.getByLabel('Upstream URL').fill('ftp://127.0.0.1/');
    await page.getByRole('button', { name: 'Start proxy' }).click();
    await page.getByText(/options\.upstream must be an http:\/\/ or https:\/\/ URL/).waitFor({ timeout: 10_000 });
  });
});
