/**
 * WebSocket depth (issue 16, item 6) on the demo's /ws (it echoes what it gets as {"echo": ...}
 * and closes with 1000 "duration elapsed"): direction as an arrow and a label in the list; the
 * frame detail (direction, opcode, size, masking, close code and reason); the composer's history
 * kept across a reload and carried by a saved request; messages kept as named templates.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { forgetUiState, launchAppForFile, reconnectTo, reloadWithTabs } from './helpers';

let app: App;
let page: Page;

const composer = () => page.getByRole('region', { name: 'Composer' });
const message = () => composer().getByLabel('Message', { exact: true });
const grid = () => page.getByRole('grid', { name: 'Events' });
const detail = () => page.locator('.record-detail');
const history = () => composer().getByRole('list', { name: 'Sent messages' }).getByRole('listitem');
let wsUrl = '';
let demoWs = '';

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
  demoWs = `${app.demoUrl.replace(/^http/, 'ws')}/ws?interval=60000&statusInterval=60000`;
  // Open long enough for a loaded machine to type and send (4 s was not always).
  wsUrl = `${demoWs}&duration=60`;
});

async function openWs(): Promise<void> {
  await reconnectTo(page, wsUrl);
  await page.getByText('OPEN', { exact: true }).first().waitFor({ timeout: 20_000 });
  await page.getByRole('tab', { name: 'Send' }).click();
}

describe('WebSocket depth', () => {
  it('shows direction by arrow and label, and each frame header in the detail', { timeout: 60_000 }, async () => {
    await openWs();
    await message().fill('hello depth');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    const echo = grid().getByRole('row').filter({ hasText: '"echo":"hello depth"' });
    await echo.waitFor({ timeout: 15_000 });
    const sent = grid()
      .getByRole('row')
      .filter({ hasText: /out text/ })
      .filter({ hasText: 'hello depth' });
    // Direction is text, not colour alone: an arrow and "in"/"out" in the type cell.
    expect(await sent.locator('.c-type').innerText()).toBe('↑ out text');
    expect(await echo.locator('.c-type').innerText()).toBe('↓ in text');

    await sent.click();
    await page.getByRole('tab', { name: 'Detail' }).click();
    const frame = detail().getByRole('definition');
    await expect.poll(() => detail().locator('.frame-fields').innerText()).toContain('↑ out: sent to the server');
    const fields = await detail().locator('.frame-fields').innerText();
    expect(fields).toMatch(/opcode\s+text \(0x1\)/);
    expect(fields).toMatch(/size\s+11 B of payload/);
    expect(fields).toMatch(/masked\s+yes: client-to-server frames are always masked/);
    expect(await frame.count()).toBeGreaterThan(3);
    await app.screenshot('ws-frame-out');

    await echo.first().click();
    await expect.poll(() => detail().locator('.frame-fields').innerText()).toMatch(/masked\s+no: server frames/);
    expect(await detail().getByTestId('frame-direction').innerText()).toBe('↓ in: received from the server');

    // The demo closes when its duration ends with 1000 "duration elapsed": the close frame's code
    // and reason, in a session of 1 s.
    await reconnectTo(page, `${demoWs}&duration=1`);
    const close = grid()
      .getByRole('row')
      .filter({ hasText: /in close/ });
    await close.waitFor({ timeout: 15_000 });
    await close.click();
    await expect.poll(() => detail().getByTestId('close-code').innerText()).toBe('1000 (normal closure)');
    const closeFields = await detail().locator('.frame-fields').innerText();
    expect(closeFields).toMatch(/opcode\s+close \(0x8\)/);
    expect(closeFields).toMatch(/close reason\s+duration elapsed/);
    expect(closeFields).toMatch(/size\s+18 B of payload/); // 2-byte code + 16-byte reason
    await app.screenshot('ws-frame-close');
  });

  it('keeps the sent messages across a reload, and a saved request carries them', { timeout: 60_000 }, async () => {
    await openWs();
    await composer().getByLabel('JSON', { exact: true }).check();
    await message().fill('{"op":"subscribe","channel":"depth"}');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => history().count(), { timeout: 10_000 }).toBe(2); // with the first test's "hello depth"
    expect(await history().first().innerText()).toMatch(/json\s+\{"op":"subscribe","channel":"depth"\}/);

    // A reload is a restart for the renderer: the history comes back from storage.
    await reloadWithTabs(page);
    await page.getByLabel('URL', { exact: true }).waitFor();
    await openWs();
    await expect.poll(() => history().count(), { timeout: 10_000 }).toBe(2);
    expect(await history().nth(1).innerText()).toMatch(/text\s+hello depth/);

    // Saved with the request: forget the history, then load the saved request back.
    await page.getByRole('button', { name: /^Saved/ }).click();
    await page.getByLabel('Name for this request').fill('ws depth');
    await page.getByRole('button', { name: 'Save current' }).click();
    await forgetUiState(page, 'streamscope.composerHistory');
    await reloadWithTabs(page);
    await page.getByLabel('URL', { exact: true }).fill('');
    await page.getByRole('button', { name: /^Saved/ }).click();
    await page.getByRole('button', { name: /^ws depth GET/ }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(wsUrl);
    await openWs();
    await expect.poll(() => history().count(), { timeout: 10_000 }).toBe(2);
    await history().first().getByRole('button', { name: /^Load/ }).click();
    expect(await message().inputValue()).toBe('{"op":"subscribe","channel":"depth"}');
    expect(await composer().getByLabel('JSON', { exact: true }).isChecked()).toBe(true);
    await app.screenshot('ws-composer-history');
  });

  it('keeps messages as named templates, across a reload', { timeout: 60_000 }, async () => {
    await composer().getByLabel('Binary', { exact: true }).check();
    await message().fill('de ad be ef');
    await composer().getByLabel('Template name').fill('dead beef');
    await composer().getByRole('button', { name: 'Save as template' }).click();
    await composer().getByLabel('Text', { exact: true }).check();
    await message().fill('ping me');
    await composer().getByLabel('Template name').fill('a greeting');
    await composer().getByRole('button', { name: 'Save as template' }).click();
    const templates = composer().getByRole('list', { name: 'Message templates' }).getByRole('listitem');
    await expect.poll(() => templates.count(), { timeout: 10_000 }).toBe(2);
    expect(await templates.first().innerText()).toMatch(/a greeting\s+text\s+ping me/); // sorted by name

    await reloadWithTabs(page);
    await openWs();
    await expect.poll(() => templates.count(), { timeout: 10_000 }).toBe(2);
    await templates.filter({ hasText: 'dead beef' }).getByRole('button', { name: 'dead beef', exact: true }).click();
    expect(await message().inputValue()).toBe('de ad be ef');
    expect(await composer().getByLabel('Binary', { exact: true }).isChecked()).toBe(true);
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await grid().getByText('"echo":"3q2+7w=="', { exact: false }).first().waitFor({ timeout: 15_000 });

    await composer().getByRole('button', { name: 'Delete template a greeting' }).click();
    await expect.poll(() => templates.count(), { timeout: 10_000 }).toBe(1);
    await app.screenshot('ws-composer-templates');
    expect(app.consoleErrors).toEqual([]);
  });
});
