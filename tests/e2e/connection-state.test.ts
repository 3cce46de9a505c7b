/**
 * What the app says about the connection: a host never reached fails at once with "Never
 * connected" and a Retry action (unless Reconnect is on, then it keeps trying); the error banner
 * shows the current state, so it goes once a dropped server is back and the session is OPEN.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { connectNewSession, launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;
let server: Server | null = null;
const clients = new Set<ServerResponse>();

const activeTab = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });
const banner = () => page.locator('.error-banner');
const tabIds = () =>
  page
    .getByRole('tablist', { name: 'Session tabs' })
    .getByRole('tab')
    .evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-session-id')));

/** An SSE server on `port` (0 = any): retry 200 ms, then an event every 100 ms. */
async function startServer(port: number): Promise<number> {
  const s = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('retry: 200\n\n');
    let n = 0;
    const timer = setInterval(() => res.write(`data: tick ${++n}\n\n`), 100);
    clients.add(res);
    res.on('close', () => {
      clearInterval(timer);
      clients.delete(res);
    });
  });
  await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
  server = s;
  return (s.address() as AddressInfo).port;
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (!s) return;
  for (const res of clients) res.destroy();
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
}

/** A port nothing listens on (free a moment ago). */
async function deadPort(): Promise<number> {
  const port = await startServer(0);
  await stopServer();
  return port;
}

afterAll(stopServer);

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('connection state in the app', () => {
  it('an unreachable host fails at once: "Never connected" with Retry, no retry loop', async () => {
    const port = await deadPort();
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/sse`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await activeTab().getByText('CLOSED', { exact: true }).waitFor({ timeout: 5000 });
    await banner().getByText('Never connected:').waitFor();
    expect(await banner().textContent()).toContain('ECONNREFUSED');
    expect(await banner().textContent()).not.toContain('will retry');
    await app.screenshot('connection-never-connected');
    // Stays closed: no attempt every 3 s.
    await page.waitForTimeout(700);
    expect(await activeTab().getByText('CLOSED', { exact: true }).count()).toBe(1);

    // The server comes up, and a second tab streams from it.
    await startServer(port);
    const [failed] = await tabIds();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/sse?second`);
    await connectNewSession(page);
    await activeTab().getByText('OPEN', { exact: true }).waitFor({ timeout: 10_000 });
    const [, second] = await tabIds();

    // Retry connects with the same request, in the failed tab's place (first, not last).
    await page.locator(`[role="tab"][data-session-id="${failed}"]`).click();
    await banner().getByRole('button', { name: 'Retry' }).click();
    await activeTab().getByText('OPEN', { exact: true }).waitFor({ timeout: 10_000 });
    const after = await tabIds();
    expect(after).toHaveLength(2);
    expect(after[0]).not.toBe(failed);
    expect(after[1]).toBe(second);
    expect(await activeTab().getAttribute('data-session-id')).toBe(after[0]);
    expect(await banner().count()).toBe(0);
  });

  it('the banner shows the current state: it goes once a dropped server is back and OPEN', async () => {
    await stopServer();
    const port = await startServer(0);
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/sse`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await activeTab().getByText('OPEN', { exact: true }).waitFor({ timeout: 10_000 });
    await stopServer();
    await banner()
      .getByText(/will retry/)
      .waitFor({ timeout: 10_000 });
    // A host that answered before is retried (it is not "never connected").
    expect(await banner().textContent()).not.toContain('Never connected');
    await startServer(port);
    await activeTab().getByText('OPEN', { exact: true }).waitFor({ timeout: 10_000 });
    await until(
      'banner gone',
      () => banner().count(),
      (n) => n === 0,
      5000,
    );
    expect(await activeTab().locator('.pill-reconnects').textContent()).toMatch(/↻[1-9]/);
    await app.screenshot('connection-back-open');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it('with Reconnect on, an unreachable host keeps being retried and says "never connected"', async () => {
    const port = await deadPort();
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/sse`);
    await page.getByLabel('Reconnect').selectOption('on');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await banner()
      .getByText(/will retry/)
      .waitFor({ timeout: 5000 });
    expect(await banner().textContent()).toContain('Never connected:');
    expect(await activeTab().getByText('CONNECTING', { exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    expect(app.consoleErrors).toEqual([]);
  });
});
