/**
 * Assemble end to end (item 11): the demo's Anthropic-style stream (typed events, one token every
 * 200 ms here) read as the answer it builds, growing live; an OpenAI-style fixture opened as a replay
 * (auto-detect picks `choices[0].delta.content`, `[DONE]` skipped); a custom path; Copy.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LLM_REPLY } from '../../src/core/demo/scenarios/llm';
import type { App } from './harness';
import { launchAppForFile, openRecordingFile, openSidePanel, streamLlmFromDemo } from './helpers';
import { fixturePath } from '../support/fixtures';

let app: App;
let page: Page;

const FIXTURE = fixturePath('openai-chat-completions.sse');
const panel = () => page.getByRole('region', { name: 'Assemble' });
const assembled = () => page.getByTestId('assembled-text');

/** What the fixture's content deltas spell, computed independently of the app. */
function fixtureAnswer(): string {
  let out = '';
  for (const block of readFileSync(FIXTURE, 'utf8').split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (!data || data === '[DONE]') continue;
    const content = (JSON.parse(data) as { choices?: Array<{ delta?: { content?: unknown } }> }).choices?.[0]?.delta
      ?.content;
    if (typeof content === 'string') out += content;
  }
  return out;
}

launchAppForFile(async (launched) => {
  app = launched;
  page = launched.page;
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
});

describe('assemble panel', () => {
  it('assembles the Anthropic-style demo stream live as it grows', { timeout: 60_000 }, async () => {
    // The page itself records every text the panel shows (a poll from the test could miss the
    // growth on a busy machine); one token every 200 ms gives the panel time to show it.
    await page.evaluate(() => {
      const texts: string[] = [];
      (window as unknown as { assembledTexts: string[] }).assembledTexts = texts;
      new MutationObserver(() => {
        const text = document.querySelector<HTMLElement>('[data-testid="assembled-text"]')?.innerText;
        if (text && text !== texts[texts.length - 1]) texts.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await streamLlmFromDemo(app, 'Anthropic Messages', 'anthropic-messages?delay=200');
    await expect.poll(() => assembled().innerText(), { timeout: 20_000 }).toBe(LLM_REPLY);
    const seen = new Set(await page.evaluate(() => (window as unknown as { assembledTexts: string[] }).assembledTexts));
    expect([...seen].pop()).toBe(LLM_REPLY);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    for (const partial of seen) expect(LLM_REPLY.startsWith(partial)).toBe(true);
    expect(await page.getByTestId('assemble-meta').innerText()).toMatch(/ · delta\.text$/);
    await app.screenshot('assemble-anthropic');

    await panel().getByRole('button', { name: 'Copy' }).click();
    await panel().getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(LLM_REPLY);
    expect(app.consoleErrors).toEqual([]);
  });

  it('assembles an OpenAI-style fixture opened as a replay', { timeout: 60_000 }, async () => {
    await openRecordingFile(page, FIXTURE);
    const expected = fixtureAnswer();
    expect(expected.length).toBeGreaterThan(10);
    await openSidePanel(page, 'Assemble');
    const play = page.getByRole('button', { name: /^Play/ });
    await expect
      .poll(
        async () =>
          (await assembled().isVisible())
            ? await assembled().innerText()
            : (await play.isVisible().catch(() => false)) && (await play.click(), ''),
        { timeout: 20_000 },
      )
      .toBe(expected);
    expect(await page.getByTestId('assemble-meta').innerText()).toMatch(/choices\[0\]\.delta\.content$/);
    await app.screenshot('assemble-openai-replay');
  });

  it('uses a custom JSON path and refuses one that does not parse', { timeout: 30_000 }, async () => {
    await panel().getByLabel('Assemble path').selectOption('custom');
    const input = panel().getByLabel('Custom JSON path');
    await input.fill('choices[');
    await panel().getByRole('alert').waitFor();
    await input.fill('model');
    // Every chunk names the model: the text is the model name repeated once per chunk.
    await expect
      .poll(async () => ((await assembled().isVisible()) ? await assembled().innerText() : ''), { timeout: 10_000 })
      .toMatch(/^(gpt-4o-mini)+$/);
  });
});
