/**
 * Timeline panel end to end (item 5): the demo's `disconnect` scenario ends the response after
 * every 3 events, so the client waits `retry` ms and reconnects with Last-Event-ID. The panel
 * must show the readyState strip with reasons, each connection's response and timings, and the
 * reconnect attempts with the ids they sent. A 500 shows as a failed transition with its status.
 * The request shows as it went out, with the headers the app added.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, openRecordingFile, reconnectTo } from './helpers';
import { fixturePath } from '../support/fixtures';

let app: App;
let page: Page;

/** Connects to a demo scenario and waits for its session to be the one on screen (see reconnectTo). */
async function connect(path: string): Promise<void> {
  await reconnectTo(page, app.demoUrl + path);
}

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('timeline panel', () => {
  it('shows transitions with reasons, responses, TTFB/first event and reconnects with Last-Event-ID', async () => {
    await connect('/scenarios/disconnect?after=3&count=9&interval=40&retry=150');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const panel = page.getByRole('region', { name: 'Timeline' });
    const reconnects = panel.getByRole('table', { name: 'Reconnect attempts' });
    // Three connections with events, then a 204 that stops it: wait for the last reconnect.
    await reconnects.getByText('6', { exact: true }).waitFor({ timeout: 20_000 });
    await panel
      .getByRole('table', { name: 'Transitions' })
      .getByText(/HTTP 204|204/)
      .first()
      .waitFor({ timeout: 20_000 });

    const rows = await reconnects.locator('tbody tr').allInnerTexts();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]).toMatch(/#2\s.*\s3\s/);
    expect(rows[1]).toMatch(/#3\s.*\s6\s/);

    const transitions = await panel.getByRole('table', { name: 'Transitions' }).locator('tbody tr').allInnerTexts();
    expect(transitions[0]).toMatch(/CONNECTING\s+connecting/);
    expect(transitions.some((t) => /OPEN\s+open/.test(t))).toBe(true);
    expect(transitions.some((t) => /waiting to retry: the server ended the stream/.test(t))).toBe(true);
    expect(transitions.some((t) => /waiting to retry.*150/.test(t))).toBe(true);
    expect(transitions.some((t) => /reconnecting.*Last-Event-ID: 3/.test(t))).toBe(true);

    // The strip has one segment per transition, each named by state and reason.
    const segments = panel.getByRole('list', { name: 'readyState timeline' }).getByRole('listitem');
    // The strip may paint the final CLOSED one frame after the table's 204 row: wait for it.
    await expect.poll(() => segments.last().getAttribute('aria-label')).toMatch(/^CLOSED: HTTP 204/);
    expect(await segments.first().getAttribute('aria-label')).toMatch(/^CONNECTING: connecting/);
    const finalTransitions = await panel.getByRole('table', { name: 'Transitions' }).locator('tbody tr').count();
    expect(await segments.count()).toBe(finalTransitions);

    const first = panel.getByTestId('connection-1');
    const head = await first.locator('.timeline-conn-head').innerText();
    expect(head).toMatch(/^#1\s+request sent at \+\d+(\.\d)? ms\s+200 OK/);
    expect(head).toMatch(/TTFB \d+(\.\d)? ms/);
    expect(head).toMatch(/first event \d+(\.\d)? ms/);
    await first.getByText(/Response headers \(\d+\)/).click();
    await first
      .getByRole('table', { name: 'Response headers of connection 1' })
      .getByText('text/event-stream', { exact: false })
      .waitFor();

    await app.screenshot('timeline-reconnects-headers');
    await page.locator('.side-body').evaluate((el) => el.scrollTo(0, 0));
    await app.screenshot('timeline-reconnects');
    expect(app.consoleErrors).toEqual([]);
  });

  it('shows an HTTP 500 as a failed transition with the status and the response body', async () => {
    await connect('/scenarios/status-500');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const panel = page.getByRole('region', { name: 'Timeline' });
    const failed = panel.locator('.timeline-table tr.failure');
    await failed.first().waitFor({ timeout: 20_000 });
    expect(await failed.first().innerText()).toMatch(/CLOSED\s+HTTP 500/);
    const conn = panel.getByTestId('connection-1');
    expect(await conn.locator('.timeline-conn-head').innerText()).toMatch(/500/);
    await conn.getByText(/Response headers/).click();
    expect(await conn.locator('.timeline-body').innerText()).toMatch(/internal server error/);
    // The strip ends in a visible, red CLOSED segment.
    const closed = panel.getByRole('list', { name: 'readyState timeline' }).getByRole('listitem').last();
    expect(await closed.getAttribute('class')).toContain('failure');
    expect((await closed.boundingBox())!.width).toBeGreaterThan(5);
    await app.screenshot('timeline-http-500');
  });

  it('shows the request as sent: the headers the app added, and a JSON body that went without a Content-Type', async () => {
    await page.getByLabel('Method').selectOption('POST');
    const options = page.getByRole('button', { name: /& body$/ });
    if ((await options.getAttribute('aria-expanded')) !== 'true') await options.click();
    await page.getByRole('textbox', { name: 'Body' }).fill('{"model":"demo","stream":true}');
    await connect('/scenarios/openai-chat?delay=5');
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const panel = page.getByRole('region', { name: 'Timeline' });
    await panel.getByText(/^Request headers as sent \(\d+\)$/).click();
    const headers = await panel.getByRole('table', { name: 'Request headers as sent' }).innerText();
    expect(headers).toMatch(/Accept\s+text\/event-stream/);
    expect(headers).toMatch(/Accept-Encoding\s+identity/);
    expect(headers).not.toMatch(/Content-Type/i);
    await panel.getByText(/^The body is JSON but was sent without a Content-Type/).waitFor();
    await app.screenshot('timeline-request-sent');
    // The request bar as the next test expects it: GET, no body, options folded.
    await page.getByRole('textbox', { name: 'Body' }).fill('');
    await page.getByLabel('Method').selectOption('GET');
    await page.getByRole('button', { name: 'Hide options' }).click();
  });

  it('tells the story of a replayed fixture: opened, response head, stream ended', { timeout: 45_000 }, async () => {
    await openRecordingFile(page, fixturePath('wikimedia-recentchange.sse'));
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const panel = page.getByRole('region', { name: 'Timeline' });
    const play = page.getByRole('button', { name: /^Play/ });
    const transitions = panel.getByRole('table', { name: 'Transitions' });
    await expect
      .poll(
        async () => {
          if (await play.isEnabled({ timeout: 500 }).catch(() => false))
            await play.click({ timeout: 1000 }).catch(() => {});
          return (await transitions.isVisible()) ? transitions.innerText() : '';
        },
        { timeout: 20_000 },
      )
      .toMatch(/CLOSED\s+(stream ended|replay ended)/);
    const text = await transitions.innerText();
    expect(text).toMatch(/CONNECTING\s+connecting[\s\S]*OPEN\s+open: HTTP 200/);
    expect(await panel.getByTestId('connection-1').locator('.timeline-conn-head').innerText()).toMatch(/200/);
    await app.screenshot('timeline-replay');
  });
});
