/**
 * The request bar end to end (item 1): import a curl command (method, headers, --json body),
 * copy it back as curl, POST to the demo's OpenAI-style stream, see a failed request's HTTP
 * status and body inline, fix it with a header, and find the recent URL and a saved request
 * again after a reload. Ctrl+K / Ctrl+Enter drive the bar from the keyboard.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { curlAction, launchAppForFile, reloadWithTabs } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const newSession = () => page.getByRole('button', { name: 'New session' }).click();
const duplicate = () => page.getByRole('button', { name: 'Duplicate', exact: true }).click();

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('request bar', () => {
  it('imports a curl command with -X, -H and --json, and streams the POST response', async () => {
    const url = `${app.demoUrl}/scenarios/openai-chat?delay=20`;
    await curlAction(page, 'Import curl…');
    await page
      .getByLabel('curl command')
      .fill(
        `curl -N -X POST '${url}' \\\n  -H 'Authorization: Bearer sk-demo' \\\n  --json '{"model":"demo","stream":true}'`,
      );
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(url);
    expect(await page.getByLabel('Method').inputValue()).toBe('POST');
    expect(await page.getByLabel('Header 1 name').inputValue()).toBe('Authorization');
    expect(await page.getByLabel('Header 1 value').inputValue()).toBe('Bearer sk-demo');
    expect(await page.getByLabel('Header 2 name').inputValue()).toBe('Content-Type');
    expect(await page.getByLabel('Body').inputValue()).toBe('{"model":"demo","stream":true}');
    await app.screenshot('request-curl-imported');

    await curlAction(page, 'Copy as curl');
    const copied = await page
      .getByRole('dialog', { name: 'Copied curl command' })
      .getByLabel('curl command')
      .textContent();
    expect(copied).toContain(`-X POST '${url}'`);
    expect(copied).toContain(`-H 'Authorization: Bearer sk-demo'`);
    expect(copied).toContain(`--data-raw '{"model":"demo","stream":true}'`);
    // What the app sends besides (--json gave an Accept of its own): curl would send its own User-Agent.
    expect(copied).toContain(`-H 'Accept: application/json'`);
    expect(copied).toContain(`-H 'Cache-Control: no-store'`);
    expect(copied).toContain(`-H 'Accept-Encoding: identity'`);
    expect(copied).toMatch(/-H 'User-Agent: streamscope\/[^']+'/);
    // The request has a Content-Type (from --json): curl is not told to leave one out.
    expect(copied).not.toContain('-H Content-Type:');
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await grid().getByText('[DONE]').waitFor({ timeout: 20_000 });
    const cells = await grid().getByRole('row').locator('.c-data').allTextContents();
    expect(cells.some((t) => t.includes('chat.completion.chunk'))).toBe(true);
    await page.getByText('CLOSED', { exact: true }).waitFor({ timeout: 10_000 });
    await app.screenshot('request-openai-post');
  });

  it('shows a failed request inline with its HTTP status and body; a header fixes it', async () => {
    await newSession();
    await page.getByLabel('Method').selectOption('GET');
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/status-401`);
    // Remove the imported headers, keep none.
    while ((await page.getByRole('button', { name: 'Remove header 1' }).count()) > 0)
      await page.getByRole('button', { name: 'Remove header 1' }).click();
    await page.getByLabel('URL', { exact: true }).press('Control+Enter');
    const banner = page.getByRole('alert').filter({ hasText: 'HTTP 401' });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('missing or invalid bearer token');
    await page
      .getByRole('tablist', { name: 'Session tabs' })
      .getByRole('tab', { selected: true })
      .getByText('CLOSED', { exact: true })
      .waitFor();
    await app.screenshot('request-http-401');

    // Duplicate keeps the request (a new session from "+" would start clean).
    await duplicate();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('Authorization');
    await page.getByLabel('Header 1 value').fill('Bearer demo-token');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await grid().getByText('authorized').waitFor({ timeout: 15_000 });
  });

  it('reconnect policy "off" stops after the server ends the stream; "on" reconnects and counts it', async () => {
    await newSession();
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/scenarios/disconnect?after=2&count=4&interval=30&retry=100`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page
      .getByRole('tablist', { name: 'Session tabs' })
      .getByRole('tab', { selected: true })
      .getByText('CLOSED', { exact: true })
      .waitFor({ timeout: 15_000 });
    expect(Number(await grid().getAttribute('aria-rowcount'))).toBe(2);

    await duplicate();
    await page.getByLabel('Reconnect').selectOption('on');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const tab = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });
    await until(
      '4 events over reconnects',
      async () => Number(await grid().getAttribute('aria-rowcount')),
      (n) => n >= 4,
    );
    expect(await tab.locator('.pill-reconnects').textContent()).toMatch(/↻[1-9]/);
  });

  it('remembers recent URLs and saved requests across a reload; Ctrl+K focuses the URL', async () => {
    await page.getByRole('button', { name: /^Saved/ }).click();
    await page.getByLabel('Name for this request').fill('disconnect demo');
    await page.getByRole('button', { name: 'Save current' }).click();
    await reloadWithTabs(page);
    await page.getByLabel('URL', { exact: true }).waitFor();
    const recent = await page
      .locator('#recent-urls option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(recent.some((u) => u.includes('/scenarios/status-401'))).toBe(true);
    expect(recent.some((u) => u.includes('/scenarios/openai-chat'))).toBe(true);
    await page.getByLabel('URL', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Saved (1)' }).click();
    await page.getByRole('button', { name: /^disconnect demo GET/ }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toContain('/scenarios/disconnect');
    expect(await page.getByLabel('Reconnect').inputValue()).toBe('on');
    await page.locator('body').click();
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('URL');
    expect(app.consoleErrors).toEqual([]);
  });
});
