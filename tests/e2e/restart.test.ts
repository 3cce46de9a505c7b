/**
 * What a user sets up in the browser host outlives a restart of `streamscope ui`: the new host
 * listens on another port, so the page is a new origin with an empty localStorage (here also a
 * fresh browser profile), and only the settings file carries saved requests, environments with
 * their secret variables, the request draft and the layout over.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/wait';
import { launchApp, type App } from './harness';
import { openVariables } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'streamscope-restart-'));
const settingsPath = join(dir, 'settings.json');
let app: App | undefined;

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const settingsText = (): string => {
  try {
    return readFileSync(settingsPath, 'utf8');
  } catch {
    return '';
  }
};

const savedSidePercent = (): unknown => {
  try {
    const file = JSON.parse(settingsText()) as { ui?: Record<string, { sidePercent?: unknown } | undefined> };
    return file.ui?.['streamscope.layout']?.sidePercent;
  } catch {
    return undefined;
  }
};

describe('a restart of streamscope ui', () => {
  it('keeps saved requests, environments (secret variables too), the draft and the layout', async () => {
    app = await launchApp({ settingsPath });
    const { page } = app;
    const url = `${app.demoUrl}/scenarios/typed-events?count=2`;
    await page.getByLabel('URL', { exact: true }).fill(url);
    await page.getByRole('button', { name: /^Saved/ }).click();
    await page.getByRole('textbox', { name: 'Name for this request' }).fill('typed events');
    await page.getByRole('button', { name: 'Save current' }).click();
    await page.getByRole('button', { name: 'Saved (1)' }).waitFor();
    await page.keyboard.press('Escape');

    await openVariables(page);
    const dialog = page.getByRole('dialog', { name: 'Environment variables' });
    await dialog.getByRole('button', { name: 'New environment' }).click();
    await dialog.getByRole('textbox', { name: 'Environment name' }).fill('staging');
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByRole('textbox', { name: 'Variable 1 name' }).fill('TOKEN');
    await dialog.getByRole('checkbox', { name: 'Variable 1 secret' }).check();
    await dialog.getByLabel('Variable 1 value').fill('s3cret-value');
    await page.keyboard.press('Escape');

    // The layout: the list / side panel split, moved from the keyboard.
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const split = page.getByRole('separator', { name: 'Resize the list and the side panel' });
    await split.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    // The handle's value is the list's share; the layout keeps the side panel's.
    await until('the split in the settings file', async () => {
      const listPercent = Number(await split.getAttribute('aria-valuenow'));
      return listPercent !== 60 && 100 - listPercent === savedSidePercent();
    });
    const width = await split.getAttribute('aria-valuenow');

    await until('the page state in the settings file', settingsText, (t) =>
      ['typed events', 's3cret-value', 'staging'].every((s) => t.includes(s)),
    );
    await app.close();

    app = await launchApp({ settingsPath });
    const again = app.page;
    expect(new URL(app.baseUrl).port).not.toBe('');
    await again.getByRole('button', { name: 'Saved (1)' }).waitFor({ timeout: 15_000 });
    expect(await again.getByLabel('URL', { exact: true }).inputValue()).toBe(url);
    await again.getByRole('button', { name: 'Environment: staging' }).waitFor();
    await openVariables(again);
    expect(await again.getByLabel('Variable 1 value').inputValue()).toBe('s3cret-value');
    await again.keyboard.press('Escape');
    await again.getByRole('button', { name: 'Connect', exact: true }).click();
    const splitAgain = again.getByRole('separator', { name: 'Resize the list and the side panel' });
    expect(await splitAgain.getAttribute('aria-valuenow')).toBe(width);
    expect(app.consoleErrors).toEqual([]);
  }, 90_000);
});
