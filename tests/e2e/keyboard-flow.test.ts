/**
 * Keyboard flows a first-hour user runs into: where the focus lands after an action removes or
 * disables the control that had it, Enter in a popover's field doing that popover's action (not
 * the request bar's Connect / Disconnect), and a replay's seek bar moved by whole seconds.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, openRecordingFile, openVariables } from './helpers';
import { until } from '../support/wait';
import { recordingToText } from '../../src/core/recording';
import { syntheticRecording } from '../core/recording/helpers';

let app: App;
let page: Page;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.getAttribute('role') ?? el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? ''}` : '';
  });
const selectedTab = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });

/** A recording of `seconds` one-second-apart events (the shared synthetic recording's shape). */
function recording(seconds: number): string {
  const chunks = Array.from({ length: seconds }, (_, i) => ({ at: (i + 1) * 1000, text: `data: tick ${i + 1}\n\n` }));
  return recordingToText(syntheticRecording(chunks));
}

describe('keyboard flows', () => {
  it('a launcher action taken from the keyboard leaves the focus in the session it opened', async () => {
    await page.getByRole('button', { name: 'Demo: SSE stream', exact: true }).focus();
    await page.keyboard.press('Enter');
    await selectedTab().waitFor({ timeout: 15_000 });
    // The launcher (and the button that had the focus) is gone: the focus must not fall to <body>.
    await until('focus in the session', focused, (f) => f !== 'body:', 3_000).catch(() => {});
    // The event list, or (when the list takes over a second to show, as on a loaded machine) the
    // selected session tab: the two places useFocusLanding lands on, never <body>.
    expect(['grid:Events', 'tab:']).toContain(await focused());
  });

  it('Enter in the Saved dialog saves the request and leaves the live stream alone', async () => {
    await page.getByRole('button', { name: 'Disconnect', exact: true }).waitFor();
    await page.getByRole('button', { name: /^Saved/ }).click();
    const name = page.getByRole('textbox', { name: 'Name for this request' });
    await name.fill('demo stream');
    await name.press('Enter');
    await page.getByRole('button', { name: 'Saved (1)' }).waitFor({ timeout: 5_000 });
    // The field sits inside the request bar's form: its Enter must not be the form's submit.
    expect(await page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').count()).toBe(1);
    expect(await focused()).toBe('input:Name for this request');
  });

  it('Save current keeps the focus in the dialog (its button turns disabled once the name is cleared)', async () => {
    const name = page.getByRole('textbox', { name: 'Name for this request' });
    await name.fill('second');
    await page.getByRole('button', { name: 'Save current' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Saved (2)' }).waitFor({ timeout: 5_000 });
    expect(await focused()).toBe('input:Name for this request');
    await page.keyboard.press('Escape');
  });

  it("Enter in the environment variables' fields leaves the live stream alone", async () => {
    await openVariables(page);
    const dialog = page.getByRole('dialog', { name: 'Environment variables' });
    await dialog.getByRole('button', { name: 'New environment' }).click();
    await dialog.getByRole('textbox', { name: 'Environment name' }).press('Enter');
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByRole('textbox', { name: 'Variable 1 name' }).fill('token');
    await dialog.getByRole('textbox', { name: 'Variable 1 name' }).press('Enter');
    await dialog.getByRole('checkbox', { name: 'Variable 1 secret' }).press('Enter');
    expect(await page.getByRole('button', { name: 'Disconnect', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('a dialog takes the focus when it opens; "+" puts it in the URL field', async () => {
    await page.getByRole('button', { name: /^Saved/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Saved requests' }).waitFor();
    expect(await focused()).toBe('input:Name for this request');
    await page.keyboard.press('Escape');
    // Opened from a menu that closes behind it: the focus would fall to <body>.
    await openVariables(page);
    await page.getByRole('dialog', { name: 'Environment variables' }).waitFor();
    expect(await focused()).toBe('input:Environment name');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New session' }).click();
    expect(await focused()).toBe('input:URL');
    await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').first().click();
  });

  it('the seek bar moves by seconds from the keyboard and says where it is', async () => {
    await openRecordingFile(page, {
      name: 'ticks.ssrec',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(recording(30)),
    });
    const seek = page.getByRole('slider', { name: 'Seek' });
    await seek.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const progress = page.getByTestId('replay-progress');
    await until(
      'seeked 3 s',
      () => progress.textContent(),
      (t) => /^3\.0 s \//.test(t ?? ''),
      3_000,
    );
    expect(await seek.getAttribute('aria-valuetext')).toMatch(/^3\.0 s of 30\.0 s$/);
    await page.keyboard.press('PageUp');
    await until(
      'seeked 13 s',
      () => progress.textContent(),
      (t) => /^13\.0 s \//.test(t ?? ''),
      3_000,
    );
    await page.keyboard.press('ArrowLeft');
    await until(
      'back to 12 s',
      () => progress.textContent(),
      (t) => /^12\.0 s \//.test(t ?? ''),
      3_000,
    );
    expect(app.consoleErrors).toEqual([]);
  });
});
