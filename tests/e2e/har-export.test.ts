/**
 * "Export HAR…" end to end (#16 item 8): a live SSE session with an Authorization header, a live
 * WebSocket session with a sent message, and a replay, each downloaded as a HAR whose body or
 * `_webSocketMessages` hold the stream, with secrets redacted.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { downloadText, launchAppForFile, openRecordingFile, reconnectTo } from './helpers';
import { recordingToText } from '../../src/core/recording';
import { syntheticRecording } from '../core/recording/helpers';

let app: App;
let page: Page;

interface Har {
  log: {
    entries: Array<{
      request: {
        url: string;
        headers: Array<{ name: string; value: string }>;
        queryString: Array<{ name: string; value: string }>;
      };
      response: { content: { text?: string } };
      _webSocketMessages?: Array<{ type: string; data: string }>;
    }>;
  };
}

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { ownBrowser: true },
);

const tabs = () => page.getByRole('tablist', { name: 'Session tabs' });

async function exportHar(): Promise<{ name: string; text: string; har: Har }> {
  const { name, text } = await downloadText(page, () => page.getByRole('button', { name: 'Export HAR…' }).click());
  return { name, text, har: JSON.parse(text) as Har };
}

describe('Export HAR…', () => {
  // The file's first page loads and connects: on a loaded machine that alone can take 15 s.
  it(
    'downloads a live SSE session with its events and the Authorization header redacted',
    { timeout: 45_000 },
    async () => {
      await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/typed-events?count=4&interval=50`);
      await page.getByLabel('Reconnect').selectOption('off');
      await page.getByRole('button', { name: /& body$/ }).click();
      await page.getByRole('button', { name: 'Add header' }).click();
      await page.getByLabel('Header 1 name').fill('Authorization');
      await page.getByLabel('Header 1 value').fill('Bearer e2e-secret-token');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await tabs().getByText('CLOSED', { exact: true }).waitFor({ timeout: 15_000 });
      const { name, text, har } = await exportHar();
      expect(name).toMatch(/\.har$/);
      expect(text).not.toContain('e2e-secret-token');
      const [entry] = har.log.entries;
      expect(entry!.request.headers).toContainEqual({ name: 'Authorization', value: '[redacted]' });
      // The headers the app sent of its own, and the query, as in any HAR.
      expect(entry!.request.headers).toContainEqual({ name: 'Accept', value: 'text/event-stream' });
      expect(entry!.request.queryString).toEqual([
        { name: 'count', value: '4' },
        { name: 'interval', value: '50' },
      ]);
      expect(entry!.response.content.text).toMatch(/^event: /m);
      expect((entry!.response.content.text!.match(/^data: /gm) ?? []).length).toBe(4);
      expect(await page.getByText('HAR exported').getAttribute('title')).toBe(name);
      await app.screenshot('har-export-sse');
    },
  );

  it('downloads a WebSocket session with the sent and received messages', { timeout: 45_000 }, async () => {
    await page.getByLabel('Header 1 value').fill('');
    await reconnectTo(page, `${app.demoUrl.replace(/^http/, 'ws')}/ws?interval=200&statusInterval=5000&duration=30`);
    await page.getByText('OPEN', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: 'Send' }).click();
    const composer = page.getByRole('region', { name: 'Composer' });
    await composer.getByLabel('Message', { exact: true }).fill('hello har');
    await composer.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('grid', { name: 'Events' })
      .getByText('"echo":"hello har"', { exact: false })
      .first()
      .waitFor({ timeout: 15_000 });
    const { har } = await exportHar();
    const messages = har.log.entries[0]!._webSocketMessages!;
    expect(messages).toContainEqual(expect.objectContaining({ type: 'send', data: 'hello har' }));
    expect(messages.some((m) => m.type === 'receive' && m.data.includes('"echo":"hello har"'))).toBe(true);
  });

  it('downloads a replayed recording as HAR', async () => {
    const recording = recordingToText(syntheticRecording([{ at: 10, text: 'data: replayed one\n\n' }]));
    await openRecordingFile(page, {
      name: 'feed.ssrec',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(recording),
    });
    const { name, har } = await exportHar();
    expect(name).toBe('feed.ssrec.har');
    expect(har.log.entries[0]!.response.content.text).toBe('data: replayed one\n\n');
    await app.screenshot('har-export-replay');
    expect(app.consoleErrors).toEqual([]);
  });
});
