/**
 * NDJSON in the app: the demo's Ollama-style /api/chat stream (application/x-ndjson) read as
 * message events, one row per line, and assembled as the reply it builds with how it finished.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LLM_REPLY } from '../../src/core/demo/scenarios/llm';
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
const assembled = () => page.getByTestId('assembled-text');

describe('NDJSON streams', () => {
  it('lists each NDJSON line as a message event and assembles the Ollama reply', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'ollama-chat', exact: true }).click();
    await page.getByText('CLOSED', { exact: true }).waitFor({ timeout: 20_000 });
    // 12 tokens and the final done line: 13 events.
    await until(
      '13 rows',
      async () => Number(await grid().getAttribute('aria-rowcount')),
      (n) => n === 13,
    );
    const last = await grid().getByRole('row').last().getByRole('gridcell').allTextContents();
    expect(last[3]).toBe('message');
    expect(last.join(' ')).toContain('"done":true');

    await page.getByRole('tab', { name: 'Assemble' }).click();
    await expect
      .poll(async () => ((await assembled().isVisible()) ? await assembled().innerText() : ''), { timeout: 10_000 })
      .toBe(LLM_REPLY);
    expect(await page.getByTestId('assemble-meta').innerText()).toMatch(/ · message\.content$/);
    expect(await page.getByTestId('assemble-ending').innerText()).toBe(
      'Finished: stop · 26 prompt tokens · 12 generated tokens',
    );
    await app.screenshot('ndjson-ollama');
    expect(app.consoleErrors).toEqual([]);
  });
});
