/**
 * Every main view, measured: axe-core reports no serious or critical violation (colour contrast
 * included) in the light and the dark theme, and each view is written to the screenshot set in
 * both themes at 1440×900 and 1024×700 (artifacts/screenshots/view-<name>-<theme>-<width>.png).
 * One file visits all views in order, so the app starts once.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, seriousA11yViolations } from './helpers';
import { until } from '../support/wait';
import { reconnectingRecordingText } from '../core/recording/helpers';

let app: App;
let page: Page;

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
];
const THEMES = ['light', 'dark'] as const;

const grid = () => page.getByRole('grid', { name: 'Events' });
const rowCount = async () => Number(await grid().getAttribute('aria-rowcount'));
const panelTab = (name: string) => page.getByRole('tablist', { name: 'Panels' }).getByRole('tab', { name });

async function setTheme(theme: (typeof THEMES)[number]): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  for (let i = 0; i < 3 && (await toggle.textContent()) !== `Theme: ${theme}`; i++) await toggle.click();
  await until(
    `the ${theme} theme`,
    () => page.evaluate(() => document.documentElement.dataset.theme),
    (t) => t === theme,
  );
}

/** axe in both themes (at the large size), then the four screenshots of the view. */
async function measure(view: string): Promise<void> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await setTheme(theme);
      if (size.width === SIZES[0]!.width)
        problems.push(...(await seriousA11yViolations(page)).map((p) => `${theme}: ${p}`));
      await app.screenshot(`view-${view}-${theme}-${size.width}`);
    }
  }
  await page.setViewportSize(SIZES[0]!);
  expect(problems, view).toEqual([]);
}

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { viewport: SIZES[0] },
);

describe('main views: accessibility and the screenshot set', () => {
  it('launcher', { timeout: 400_000 }, async () => {
    await page.getByRole('button', { name: 'Demo: SSE stream' }).waitFor();
    await measure('launcher');
  });

  it('live SSE session with detail, its timeline and charts', { timeout: 600_000 }, async () => {
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/sse?interval=400&statusInterval=1500&duration=120`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await until('rows', rowCount, (n) => n >= 5);
    // The JSON path shown as a column of the list, measured with the rest of the view.
    await page.getByLabel('JSON path', { exact: true }).fill('message');
    await page.getByRole('checkbox', { name: 'JSON path as a column' }).check();
    await page.getByRole('columnheader', { name: 'message' }).waitFor();
    // Rows stream in and the list follows them: select from the keyboard (↑ selects the newest).
    await grid().focus();
    await page.keyboard.press('ArrowUp');
    await page.getByRole('heading', { level: 3 }).first().waitFor();
    await measure('sse-detail');
    await panelTab('Timeline').click();
    await measure('timeline');
    await panelTab('Charts').click();
    await page.getByTestId('latency-chart').locator('canvas').first().waitFor();
    // The charts' tables (their text alternative) on screen, so axe checks them as seen.
    for (const toggle of await page.getByRole('button', { name: 'Table', exact: true }).all()) await toggle.click();
    await measure('charts');
  });

  it('WebSocket session with the composer', { timeout: 400_000 }, async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl.replace(/^http/, 'ws')}/ws?interval=400&statusInterval=2000&duration=120`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await until('frames', rowCount, (n) => n >= 3);
    await panelTab('Send').click();
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    await measure('ws-composer');
  });

  it('replay', { timeout: 400_000 }, async () => {
    await page
      .getByLabel('Recording file')
      .first()
      .setInputFiles({
        name: 'reconnects.ssrec',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(reconnectingRecordingText()),
      });
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Replay speed').selectOption('0');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until('replayed rows', rowCount, (n) => n > 3);
    await measure('replay');
  });

  it('compare', { timeout: 400_000 }, async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Demo: SSE vs WebSocket' }).click();
    await page.getByRole('region', { name: 'SSE vs WebSocket' }).waitFor({ timeout: 20_000 });
    await until(
      'messages on both sides',
      async () => Number((await page.getByTestId('compare-ws-messages').innerText()).replace(/\D/g, '')),
      (n) => n >= 2,
    );
    await measure('compare');
    expect(app.consoleErrors).toEqual([]);
  });
});
