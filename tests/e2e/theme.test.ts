/**
 * The theme is stored once, in the settings: what the user picks outlives a restart of the host
 * even in a fresh browser profile (so nothing of it lives in the page's storage).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../support/wait';
import { launchApp, type App } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'streamscope-theme-'));
const settingsPath = join(dir, 'settings.json');
let app: App | undefined;

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

function savedTheme(): string | null {
  try {
    return (JSON.parse(readFileSync(settingsPath, 'utf8')) as { theme?: string }).theme ?? null;
  } catch {
    return null;
  }
}

describe('the theme', () => {
  it('is saved in the settings and comes back after a restart, in a new browser profile', async () => {
    app = await launchApp({ settingsPath });
    const toggle = app.page.getByRole('button', { name: /^Theme:/ });
    await toggle.click(); // system → light
    await toggle.click(); // light → dark
    expect(await toggle.innerText()).toBe('Theme: dark');
    await until('the theme in the settings file', () => savedTheme() === 'dark');
    await app.close();

    app = await launchApp({ settingsPath });
    const again = app.page.getByRole('button', { name: 'Theme: dark' });
    await again.waitFor({ timeout: 15_000 });
    expect(await app.page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await app.page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('theme')))).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
