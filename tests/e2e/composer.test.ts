/**
 * WebSocket composer end to end (item 10): on a demo /ws session (which echoes what it gets as
 * {"echo": ...}), send text, JSON (refused while invalid, Format pretty-prints), binary as hex
 * and base64 (refused while invalid) and a ping; the frames show in the Events grid with their
 * direction and the composer keeps a history that loads back into the editor.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { disconnectIfLive, launchAppForFile } from './helpers';

let app: App;
let page: Page;

const composer = () => page.getByRole('region', { name: 'Composer' });
const message = () => composer().getByLabel('Message', { exact: true });
const grid = () => page.getByRole('grid', { name: 'Events' });
const sendButton = () => composer().getByRole('button', { name: 'Send', exact: true });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('composer', () => {
  it(
    'sends text, JSON, binary and ping frames with validation, and lists them in its history',
    { timeout: 60_000 },
    async () => {
      await page
        .getByLabel('URL', { exact: true })
        .fill(`${app.demoUrl.replace(/^http/, 'ws')}/ws?interval=1000&statusInterval=5000&duration=30`);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByText('OPEN', { exact: true }).first().waitFor({ timeout: 20_000 });
      await page.getByRole('tab', { name: 'Send' }).click();

      // Text: the echo comes back as an inbound frame.
      await message().fill('hello composer');
      await sendButton().click();
      await grid().getByText('"echo":"hello composer"', { exact: false }).first().waitFor({ timeout: 15_000 });

      // JSON: invalid input is refused inline and Send is disabled; Format pretty-prints.
      await composer().getByLabel('JSON', { exact: true }).check();
      await message().fill('{"op": "subscribe",}');
      await composer()
        .getByRole('alert')
        .filter({ hasText: /^invalid JSON: / })
        .waitFor();
      expect(await sendButton().isDisabled()).toBe(true);
      await message().fill('{"op":"subscribe","channel":"ticker"}');
      await composer().getByRole('button', { name: 'Format' }).click();
      expect(await message().inputValue()).toBe('{\n  "op": "subscribe",\n  "channel": "ticker"\n}');
      await message().press('Control+Enter');
      await grid().getByText('subscribe', { exact: false }).first().waitFor({ timeout: 15_000 });

      // Binary: hex with an odd digit count is refused; valid hex and base64 go out as binary.
      await composer().getByLabel('Binary', { exact: true }).check();
      await message().fill('de ad be e');
      await composer().getByRole('alert').filter({ hasText: 'odd number of digits' }).waitFor();
      await message().fill('de ad be ef');
      await sendButton().click();
      await grid().getByText('"echo":"3q2+7w=="', { exact: false }).first().waitFor({ timeout: 15_000 });
      await composer().getByLabel('Encoding', { exact: true }).selectOption('base64');
      await message().fill('AAEC');
      await sendButton().click();
      await grid().getByText('"echo":"AAEC"', { exact: false }).first().waitFor({ timeout: 15_000 });

      // Ping.
      await composer().getByLabel('Ping', { exact: true }).check();
      await message().fill('are you there');
      await sendButton().click();

      const history = composer().getByRole('list', { name: 'Sent messages' }).getByRole('listitem');
      await expect.poll(() => history.count(), { timeout: 10_000 }).toBe(5);
      const lines = await history.allInnerTexts();
      expect(lines[0]).toMatch(/ping\s+are you there/);
      expect(lines[1]).toMatch(/binary\/base64\s+3 B 00 01 02/);
      expect(lines[2]).toMatch(/binary\/hex\s+4 B de ad be ef/);
      expect(lines[3]).toMatch(/json\s+\{ "op": "subscribe", "channel": "ticker" \}/);
      expect(lines[4]).toMatch(/text\s+hello composer/);
      expect(lines.some((l) => /fail|error/i.test(l))).toBe(false);

      // Outbound frames are in the Events grid with their direction.
      expect(
        await grid()
          .getByText(/^out text$/)
          .count(),
      ).toBeGreaterThanOrEqual(2);
      await app.screenshot('composer-ws');

      // History entries load back into the editor with their mode.
      await history.nth(4).getByRole('button').click();
      expect(await message().inputValue()).toBe('hello composer');
      expect(await composer().getByLabel('Text', { exact: true }).isChecked()).toBe(true);
      expect(app.consoleErrors).toEqual([]);
    },
  );

  it('explains that the composer needs a live WebSocket on an SSE session', { timeout: 45_000 }, async () => {
    await disconnectIfLive(page);
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/sse?interval=200&duration=2`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('OPEN', { exact: true }).first().waitFor({ timeout: 20_000 });
    // The shell only offers the Send tab on WebSocket sessions.
    expect(await page.getByRole('tab', { name: 'Send' }).count()).toBe(0);
  });
});
