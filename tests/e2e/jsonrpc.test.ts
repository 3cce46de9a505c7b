/**
 * JSON-RPC and MCP in the app: an MCP session to the demo's /mcp (the MCP session option), the
 * tools/call answer streamed as SSE, each message labelled with what it is (progress tied to the
 * call, the answer paired with it and its latency) in the list and in the detail.
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

describe('JSON-RPC / MCP', () => {
  it('runs a tools/call in an MCP session and labels progress and the paired answer', { timeout: 60_000 }, async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl.replace(/\/$/, '')}/mcp`);
    await page.getByRole('button', { name: /Headers.*body/ }).click();
    await page.getByLabel('MCP session').check();
    await page.getByLabel('Body').fill(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'count', arguments: { steps: 3, delayMs: 20 }, _meta: { progressToken: 'job' } },
      }),
    );
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('CLOSED', { exact: true }).waitFor({ timeout: 20_000 });
    await until(
      '4 rows',
      async () => Number(await grid().getAttribute('aria-rowcount')),
      (n) => n === 4,
    );
    const badges = await grid().locator('.decoded-badge').allTextContents();
    expect(badges.slice(0, 3)).toEqual([
      'JSON-RPC notification notifications/progress 1/3 for #5',
      'JSON-RPC notification notifications/progress 2/3 for #5',
      'JSON-RPC notification notifications/progress 3/3 for #5',
    ]);
    expect(badges[3]).toMatch(/^JSON-RPC response #5 tools\/call · \d+\.\d ms$/);
    await grid().getByRole('row').last().click();
    expect(await page.getByTestId('decoded').innerText()).toBe(badges[3]);
    await app.screenshot('jsonrpc-mcp');
    expect(app.consoleErrors).toEqual([]);
  });
});
