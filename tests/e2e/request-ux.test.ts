/**
 * The request bar and tabs by hand: a new session starts from a clean request (an imported curl
 * command's credentials do not leak into it) unless the user duplicates one; a filter edit
 * survives a fast tab switch; Esc closes the Import curl, Copy as curl and Saved popovers; an
 * informational notice is not styled as an error.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { connectNewSession, curlAction, launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;
let server: Server;
let base = '';
/** Request headers seen per path. */
const seen = new Map<string, IncomingHttpHeaders>();

const tabs = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.set(new URL(req.url ?? '/', 'http://x').pathname, req.headers);
    // One event, then the end; 'Reconnect: off' keeps it to one request.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: one\n\ndata: two\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

async function importCurl(command: string): Promise<void> {
  await curlAction(page, 'Import curl…');
  await page.getByRole('dialog', { name: 'Import curl' }).getByLabel('curl command').fill(command);
  await page.getByRole('button', { name: 'Apply' }).click();
}

async function connectAndWait(path: string): Promise<void> {
  await page.getByLabel('Reconnect').selectOption('off');
  await connectNewSession(page);
  await until('request seen', async () => seen.has(path), Boolean);
}

describe('request bar and tabs', () => {
  it('an imported curl command fills the bar; its informational notice is not an error', async () => {
    await importCurl(`curl -u demo:pw -H 'X-Test: 1' --compressed ${base}/first`);
    const notice = page.getByRole('status').filter({ hasText: 'Imported curl command' });
    await notice.waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Imported curl command' }).count()).toBe(0);
    const [bg, danger] = await notice.evaluate((el) => [
      getComputedStyle(el).backgroundColor,
      getComputedStyle(document.documentElement).getPropertyValue('--danger-bg'),
    ]);
    const probe = await page.evaluate((c) => {
      const d = document.createElement('div');
      d.style.background = c;
      document.body.append(d);
      const rgb = getComputedStyle(d).backgroundColor;
      d.remove();
      return rgb;
    }, danger.trim());
    expect(bg).not.toBe(probe);
    await app.screenshot('request-info-notice');
    await connectAndWait('/first');
    expect(seen.get('/first')?.authorization).toBe(`Basic ${Buffer.from('demo:pw').toString('base64')}`);
    expect(seen.get('/first')?.['x-test']).toBe('1');
  });

  it('"+" starts from a clean request: no header of the previous session is sent', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe('');
    const names = await page
      .locator('input[aria-label^="Header "][aria-label$=" name"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names.filter((n) => n !== '')).toEqual([]);
    await page.getByLabel('URL', { exact: true }).fill(`${base}/second`);
    await connectAndWait('/second');
    expect(seen.get('/second')?.authorization).toBeUndefined();
    expect(seen.get('/second')?.['x-test']).toBeUndefined();
  });

  it('Duplicate starts a new session from a session’s full request', async () => {
    await tabs().first().click();
    await page.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByRole('region', { name: 'Start' }).waitFor();
    await page.getByLabel('URL', { exact: true }).fill(`${base}/third`);
    await connectAndWait('/third');
    expect(seen.get('/third')?.authorization).toBe(`Basic ${Buffer.from('demo:pw').toString('base64')}`);
    expect(seen.get('/third')?.['x-test']).toBe('1');
    await until(
      'three tabs',
      () => tabs().count(),
      (n) => n === 3,
    );
  });

  it('a filter edit is kept when the tab is switched within the debounce time, and so is clearing it', async () => {
    const filter = page.getByLabel('Filter data');
    // Type and switch tabs in one task: well inside the 150 ms debounce.
    const typeAndSwitch = (value: string) =>
      page.evaluate((v) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter data"]')!;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        document.querySelectorAll<HTMLElement>('[role="tablist"][aria-label="Session tabs"] [role="tab"]')[0]!.click();
      }, value);
    await tabs().nth(2).click();
    await typeAndSwitch('two');
    await until(
      'first tab active',
      () => tabs().nth(0).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    await tabs().nth(2).click();
    expect(await filter.inputValue()).toBe('two');
    await until(
      'filtered',
      () => page.getByTestId('match-count').textContent(),
      (t) => /^1 shown/.test(t ?? ''),
    );
    await typeAndSwitch('');
    await until(
      'first tab active',
      () => tabs().nth(0).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    await tabs().nth(2).click();
    expect(await filter.inputValue()).toBe('');
    await until(
      'unfiltered',
      () => page.getByTestId('match-count').textContent(),
      (t) => /^2 shown/.test(t ?? ''),
    );
  });

  it('Esc closes the Import curl, Copy as curl and Saved popovers', async () => {
    await curlAction(page, 'Import curl…');
    await page.getByRole('dialog', { name: 'Import curl' }).waitFor();
    await page.keyboard.press('Escape');
    await until(
      'import closed',
      () => page.getByRole('dialog', { name: 'Import curl' }).count(),
      (n) => n === 0,
    );

    await curlAction(page, 'Copy as curl');
    await page.getByRole('dialog', { name: 'Copied curl command' }).waitFor();
    await page.keyboard.press('Escape');
    await until(
      'copy closed',
      () => page.getByRole('dialog', { name: 'Copied curl command' }).count(),
      (n) => n === 0,
    );

    await page.getByRole('button', { name: /^Saved/ }).click();
    await page.getByRole('dialog', { name: 'Saved requests' }).waitFor();
    await page.keyboard.press('Escape');
    await until(
      'saved closed',
      () => page.getByRole('dialog', { name: 'Saved requests' }).count(),
      (n) => n === 0,
    );
    expect(app.consoleErrors).toEqual([]);
  });

  it('a URL typed without a scheme connects over http; a bad one gets a line a user can act on', async () => {
    const url = page.getByLabel('URL', { exact: true });
    await page.getByRole('button', { name: 'New session' }).click();
    await url.fill(`${base.replace('http://', '')}/bare`);
    await connectAndWait('/bare');
    expect(await url.inputValue()).toBe(`${base}/bare`);

    for (const [typed, expected] of [
      ['not a url', '"not a url" is not a URL: start it with http:// or https:// (SSE), ws:// or wss:// (WebSocket)'],
      [
        'ftp://127.0.0.1/x',
        '"ftp:" is not a stream scheme: start it with http:// or https:// (SSE), ws:// or wss:// (WebSocket)',
      ],
    ]) {
      await page.getByRole('button', { name: 'New session' }).click();
      await url.fill(typed!);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Connect failed' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`Connect failed: ${expected}`);
    }
    expect(app.consoleErrors).toEqual([]);
  });
});
