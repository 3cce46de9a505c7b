/**
 * LLM streams as a first-class case (issue 16, item 5): the request presets fill method, URL,
 * headers and body; the demo's OpenAI Chat, Responses, Anthropic and Gemini shapes assemble into
 * text with time to first token, rates, total time, finish reason and usage; tool-call argument
 * deltas become a JSON tree, and a stream cut inside them is marked where it stopped.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { LLM_REPLY } from '../../src/core/demo/scenarios/llm';
import type { App } from './harness';
import { applyPreset, launchAppForFile, streamLlmFromDemo } from './helpers';

let app: App;
let page: Page;

const panel = () => page.getByRole('region', { name: 'Assemble' });
const toolCalls = () => panel().getByRole('region', { name: 'Tool calls' });
const TIMING =
  /^First token after [\d.]+ m?s · [\d.]+ chunks\/s · [\d.]+ tokens\/s · total [\d.]+ (ms|s) · (\d+) chunks$/;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

const preset = (name: string) => applyPreset(page, name);
const streamFromDemo = (presetName: string, scenario: string) => streamLlmFromDemo(app, presetName, scenario);

describe('LLM streams', () => {
  it('fills method, URL, headers and body from each API preset', { timeout: 30_000 }, async () => {
    const expected: Array<[string, RegExp, RegExp]> = [
      ['OpenAI Chat Completions', /^https:\/\/api\.openai\.com\/v1\/chat\/completions$/, /"stream_options"/],
      ['OpenAI Responses', /^https:\/\/api\.openai\.com\/v1\/responses$/, /"input"/],
      ['Anthropic Messages', /^https:\/\/api\.anthropic\.com\/v1\/messages$/, /"max_tokens": 1024/],
      ['Gemini (alt=sse)', /:streamGenerateContent\?alt=sse$/, /"contents"/],
      ['MCP (Streamable HTTP)', /\/mcp$/, /"method": "tools\/list"/],
    ];
    for (const [name, url, body] of expected) {
      await preset(name);
      expect(await page.getByLabel('URL', { exact: true }).inputValue()).toMatch(url);
      expect(await page.getByLabel('Method').inputValue()).toBe('POST');
      expect(await page.getByLabel('Body').inputValue()).toMatch(body);
    }
    expect(await page.getByLabel('MCP session').isChecked()).toBe(true);
    await preset('Anthropic Messages');
    const headers = await page
      .locator('.request-options input')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(headers).toEqual(expect.arrayContaining(['x-api-key', '{{ANTHROPIC_API_KEY}}', 'anthropic-version']));
    expect(await page.getByLabel('MCP session').isChecked()).toBe(false);
    await app.screenshot('llm-preset-anthropic');
  });

  it(
    'Anthropic with a tool call: text, timing, stop reason and usage, arguments as a tree',
    { timeout: 45_000 },
    async () => {
      await streamFromDemo('Anthropic Messages', 'anthropic-messages?delay=30&tools=1');
      await expect.poll(() => page.getByTestId('assembled-text').innerText(), { timeout: 20_000 }).toBe(LLM_REPLY);
      await expect
        .poll(() => page.getByTestId('assemble-ending').innerText(), { timeout: 20_000 })
        .toBe('Finished: tool_use · 9 prompt tokens · 12 generated tokens');
      // 12 text deltas and 6 argument pieces carried content.
      await expect
        .poll(async () => TIMING.exec(await page.getByTestId('assemble-timing').innerText())?.[2], { timeout: 10_000 })
        .toBe(String(12 + 6));
      const call = toolCalls().getByTestId('tool-call');
      expect(await call.locator('.tool-call-head').innerText()).toMatch(/^get_weather toolu_demo1 · 46 characters/);
      expect(await call.getByRole('alert').count()).toBe(0);
      const tree = call.getByRole('tree');
      expect(await tree.locator('[data-path="city"]').innerText()).toContain('"Paris"');
      expect(await tree.locator('[data-path="days[1]"]').innerText()).toContain('2');
      // The event type column fits the longest Anthropic type.
      const cell = page.getByRole('grid', { name: 'Events' }).locator('.c-type', { hasText: 'content_block_delta' });
      const fits = await cell
        .first()
        .evaluate((el) => el.scrollWidth <= el.clientWidth && el.textContent === 'content_block_delta');
      expect(fits).toBe(true);
      await app.screenshot('llm-anthropic-tool');
    },
  );

  it(
    'OpenAI Responses cut inside the arguments: the break is marked, what arrived is a tree',
    { timeout: 45_000 },
    async () => {
      await streamFromDemo('OpenAI Responses', 'openai-responses?delay=20&cut=1');
      await expect.poll(() => page.getByTestId('assembled-text').innerText(), { timeout: 20_000 }).toBe(LLM_REPLY);
      const call = toolCalls().getByTestId('tool-call');
      await call.getByRole('alert').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => call.getByRole('alert').innerText())
        .toBe('Arguments are not valid JSON: cut at character 36: the JSON is unfinished');
      expect(await call.locator('mark.tool-call-break').innerText()).toBe('⟂');
      expect(await call.getByLabel('Raw arguments').innerText()).toBe('{"city":"Paris","unit":"celsius","da⟂');
      expect(await call.getByRole('tree').locator('[data-path="unit"]').innerText()).toContain('"celsius"');
      // The Responses preset reads output_text deltas only: the arguments never leak into the text.
      expect(await page.getByTestId('assemble-meta').innerText()).toMatch(/ · delta$/);
      expect(await page.getByTestId('assemble-ending').count()).toBe(0);
      await app.screenshot('llm-responses-cut');
    },
  );

  it('Gemini and OpenAI Chat: finish reason, usage and a tool call each', { timeout: 45_000 }, async () => {
    await streamFromDemo('Gemini (alt=sse)', 'gemini?alt=sse&delay=20&tools=1');
    await expect.poll(() => page.getByTestId('assembled-text').innerText(), { timeout: 20_000 }).toBe(LLM_REPLY);
    await expect
      .poll(() => page.getByTestId('assemble-ending').innerText(), { timeout: 20_000 })
      .toBe('Finished: STOP · 9 prompt tokens · 12 generated tokens');
    expect(await toolCalls().getByTestId('tool-call').locator('.tool-call-head').innerText()).toMatch(/^get_weather/);

    await streamFromDemo('OpenAI Chat Completions', 'openai-chat?delay=20&tools=1');
    await expect.poll(() => page.getByTestId('assembled-text').innerText(), { timeout: 20_000 }).toBe(LLM_REPLY);
    await expect
      .poll(() => page.getByTestId('assemble-ending').innerText(), { timeout: 20_000 })
      .toBe('Finished: tool_calls · 9 prompt tokens · 12 generated tokens');
    const call = toolCalls().getByTestId('tool-call');
    expect(await call.locator('.tool-call-head').innerText()).toMatch(/^get_weather call_demo1/);
    expect(await call.getByRole('tree').locator('[data-path="days"]').count()).toBe(1);
    expect(TIMING.test(await page.getByTestId('assemble-timing').innerText())).toBe(true);
    await app.screenshot('llm-openai-chat-tool');
    expect(app.consoleErrors).toEqual([]);
  });
});
