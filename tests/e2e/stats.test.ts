/**
 * Stats panel end to end (item 7): the seed demo's figures (connection time, messages received,
 * average latency) plus p95/p99, reconnects, bytes, rate, TTFB and first event, live from the
 * back end's SessionInfo.stats, against the demo's /sse and its reconnecting `disconnect` scenario.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reconnectTo } from './helpers';

let app: App;
let page: Page;

const connect = (url: string): Promise<void> => reconnectTo(page, url);

const stat = (name: string) => page.getByRole('region', { name: 'Statistics' }).getByTestId(`stat-${name}`);
const MS = /^\d+(\.\d+)? (ms|s)$/;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('stats panel', () => {
  it(
    'shows live connection time, messages, latency mean/p95/p99, bytes, rate, TTFB and first event',
    { timeout: 45_000 },
    async () => {
      await connect(`${app.demoUrl}/sse?interval=50&statusInterval=120&duration=5`);
      await page.getByRole('tab', { name: 'Stats' }).click();
      await expect
        .poll(async () => Number((await stat('messages-received').innerText()).replace(/,/g, '')), { timeout: 20_000 })
        .toBeGreaterThanOrEqual(20);
      for (const name of ['connection-time', 'average-latency', 'p95-latency', 'p99-latency', 'ttfb', 'first-event']) {
        expect(await stat(name).innerText(), name).toMatch(MS);
      }
      expect(await stat('bytes').innerText()).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/);
      expect(await stat('rate').innerText()).toMatch(/^\d+(\.\d)? msg\/s$/);
      expect(await stat('byte-rate').innerText()).toMatch(/^[\d.]+ (B|KiB)\/s$/);
      expect(await stat('reconnects').innerText()).toBe('0');
      // Live: the message count keeps going up while the stream runs.
      const before = Number((await stat('messages-received').innerText()).replace(/,/g, ''));
      await expect
        .poll(async () => Number((await stat('messages-received').innerText()).replace(/,/g, '')), { timeout: 10_000 })
        .toBeGreaterThan(before);
      await app.screenshot('stats-sse');
      expect(app.consoleErrors).toEqual([]);
    },
  );

  it('counts reconnects', { timeout: 45_000 }, async () => {
    await connect(`${app.demoUrl}/scenarios/disconnect?after=2&count=6&interval=30&retry=100`);
    await page.getByRole('tab', { name: 'Stats' }).click();
    await expect
      .poll(async () => Number(await stat('reconnects').innerText()), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await stat('messages-received').innerText()), { timeout: 20_000 }).toBe(6);
  });
});
