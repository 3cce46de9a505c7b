/**
 * The end-to-end smoke test: the built app in Chromium through `streamscope ui`. Connects to the
 * embedded demo server's /sse with a short interval and waits for events in the "Events" grid.
 * Relies only on the accessibility names docs/cli.md promises.
 */
import { describe, expect, it } from 'vitest';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;

launchAppForFile((launched) => {
  app = launched;
});

describe('smoke: the app in a browser', () => {
  it('connects to the demo SSE stream and shows its events in the Events grid', async () => {
    const { page } = app;
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/sse?interval=50&statusInterval=200&duration=30`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page
      .getByText(/^OPEN$/)
      .first()
      .waitFor({ timeout: 15_000 });
    const grid = page.getByRole('grid', { name: 'Events' }).or(page.getByRole('table', { name: 'Events' }));
    await grid.getByText('SSE Message 3').first().waitFor({ timeout: 15_000 });
    expect(await grid.getByText(/SSE Message \d+/).count()).toBeGreaterThan(0);
    await app.screenshot('smoke-events');
    expect(app.consoleErrors).toEqual([]);
  });
});
