/**
 * A recording the back end refuses: the notice names the file once, then says where the file is
 * broken, as `streamscope replay` does ("Could not open x.ssrec: line 4: …", not
 * "Could not open x.ssrec: x.ssrec: line 4: …"); an empty file is said to be empty.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchAppForFile } from './helpers';

let page: Page;

launchAppForFile((launched) => {
  page = launched.page;
});

const HEADER =
  '{"format":"streamscope-recording","version":1,"app":"0.1.0","created":"2026-12-02T12:00:00.000Z","transport":"sse","request":{"url":"http://127.0.0.1:1/x"},"redacted":true}';

describe('opening a broken recording', () => {
  it('names the file once in the error notice', async () => {
    const text = [
      HEADER,
      '{"kind":"state","t":1,"connection":1,"readyState":0,"reason":"connecting","message":""}',
      '{"kind":"chunk","t":2,"connection":1,"data":"!!!"}',
      '',
    ].join('\n');
    await page
      .getByLabel('Recording file')
      .first()
      .setInputFiles({ name: 'broken.ssrec', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.locator('span').textContent()).toBe(
      'Could not open broken.ssrec: line 3: chunk record: "data" must be base64',
    );
  });

  it('says an empty file is empty', async () => {
    await page
      .getByLabel('Recording file')
      .first()
      .setInputFiles({ name: 'empty.ssrec', mimeType: 'application/x-ndjson', buffer: Buffer.alloc(0) });
    const alert = page.getByRole('alert').filter({ hasText: 'empty.ssrec' });
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.locator('span').textContent()).toBe('Could not open empty.ssrec: the file is empty (0 bytes)');
  });
});
