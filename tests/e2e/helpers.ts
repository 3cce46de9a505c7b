/**
 * Setup and small steps shared by the E2E test files, on top of harness.ts's launchApp().
 */
import { readFileSync } from 'node:fs';
import axe from 'axe-core';
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launchApp, type App, type LaunchOptions } from './harness';
import { until } from '../support/wait';

/**
 * One app for the whole file: launched before its first test (allowed 90 s) and closed after its
 * last. `onLaunched` gets the app (the file keeps it, and its page, in its own variables) and may
 * finish the setup; the app is closed even when that fails.
 */
export function launchAppForFile(onLaunched: (app: App) => void | Promise<void>, options?: LaunchOptions): void {
  let app: App | undefined;
  beforeAll(async () => {
    app = await launchApp(options);
    await onLaunched(app);
  }, 90_000);
  afterAll(async () => {
    await app?.close();
  });
}

/**
 * What `click` makes the page download: the suggested file name and the file's text. The app must
 * have a browser of its own (`ownBrowser`): its downloads are local files.
 */
export async function downloadText(page: Page, click: () => Promise<unknown>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

/** In the page: the selected session tab's id when it is not `previous` (null: none, or the same). */
function newlySelectedSession(previous: string | null): string | null {
  const id =
    document
      .querySelector('[role="tablist"][aria-label="Session tabs"] [aria-selected="true"]')
      ?.getAttribute('data-session-id') ?? null;
  return id !== previous ? id : null;
}

/**
 * Disconnects the current session if it is connected, types `url`, presses Connect and waits for
 * the new session's tab to be the selected one. (Connect answers over the bridge: until then the
 * old session's view is still on screen, and a click on its panels would land on the old view.)
 */
export async function reconnectTo(page: Page, url: string): Promise<void> {
  const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
  if (await disconnect.isVisible()) await disconnect.click();
  await page.getByLabel('URL', { exact: true }).fill(url);
  await connectNewSession(page);
}

/** Presses Connect and waits for the session it opens to be the selected tab (see reconnectTo). */
export async function connectNewSession(page: Page): Promise<void> {
  const before = await page.evaluate(newlySelectedSession, null);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.waitForFunction(newlySelectedSession, before, { timeout: 15_000 });
}

/**
 * Opens a side panel by name: its tab when the strip shows it, else through the "More" menu the
 * tabs that do not fit fold into (which ones fold depends on the pane's width).
 */
export async function openSidePanel(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  const more = page.getByRole('button', { name: /^More/ });
  await tab.or(more).first().waitFor();
  if (await tab.isVisible()) {
    await tab.click();
    return;
  }
  await more.click();
  await page.getByRole('menuitem', { name, exact: true }).click();
}

/**
 * Reloads the page and waits for the back end's sessions to be tabs again. They come over the
 * bridge after the page has loaded; until then a Connect or a loaded request would race them for
 * the selection (the first restored tab is selected when none is).
 */
export async function reloadWithTabs(page: Page): Promise<void> {
  const tabs = page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');
  const count = await tabs.count();
  await page.reload();
  await until(
    'the tabs back',
    () => tabs.count(),
    (n) => n === count,
  );
}

/**
 * Opens a recording or stream file from the toolbar and waits until its replay tab is the active
 * one: the file is read and opened asynchronously, so the tab still on screen right after the pick
 * is the previous session's, and a panel chosen then would be chosen on that one.
 */
export async function openRecordingFile(page: Page, file: Parameters<Page['setInputFiles']>[1]): Promise<void> {
  await page.getByLabel('Recording file').first().setInputFiles(file);
  await page
    .getByRole('tablist', { name: 'Session tabs' })
    .getByRole('tab', { selected: true })
    .getByText('REPLAY')
    .waitFor({ timeout: 15_000 });
}

/** Runs one of the request bar's curl actions from its "curl ▾" menu. */
export async function curlAction(page: Page, action: 'Import curl…' | 'Copy as curl'): Promise<void> {
  await page.getByRole('button', { name: 'curl ▾' }).click();
  await page.getByRole('menu', { name: 'curl' }).getByRole('menuitem', { name: action }).click();
}

/** Opens the environment variables dialog from the environment menu of the request bar. */
export async function openVariables(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Environment: / }).click();
  await page.getByRole('menu', { name: 'Environment' }).getByRole('menuitem', { name: 'Variables…' }).click();
}

/** Opens the request options when they are folded, then applies the named API preset. */
export async function applyPreset(page: Page, name: string): Promise<void> {
  const toggle = page.getByRole('button', { name: /& body$/ });
  if (await toggle.isVisible()) await toggle.click();
  await page.getByLabel('API preset').selectOption(name);
}

/**
 * Disconnects the live stream, if there is one. The stream may end on its own between the check
 * and the click: the button then turns into Connect, and a click waiting for "Disconnect" would
 * wait until the test's timeout. So the click is bounded, and a button gone meanwhile is fine.
 */
export async function disconnectIfLive(page: Page): Promise<void> {
  const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
  if (!(await disconnect.isVisible())) return;
  try {
    await disconnect.click({ timeout: 5_000 });
  } catch (err) {
    if (await disconnect.isVisible()) throw err;
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 10_000 });
}

/**
 * Applies an LLM API preset, points it at the demo's scenario of the same shape (`scenario` may
 * carry a query, e.g. a slower `delay`), connects, and opens the Assemble panel.
 */
export async function streamLlmFromDemo(app: App, presetName: string, scenario: string): Promise<void> {
  const { page } = app;
  await disconnectIfLive(page);
  await applyPreset(page, presetName);
  // The preset's key is a {{variable}} the user defines; an undefined one would stop the connect.
  for (let i = 1; (await page.getByLabel(`Header ${i} value`).count()) > 0; i++) {
    const value = page.getByLabel(`Header ${i} value`);
    const text = await value.inputValue();
    if (text.includes('{{')) await value.fill(text.replace(/\{\{\w+\}\}/g, 'demo-key'));
  }
  await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/${scenario}`);
  await connectNewSession(page);
  await openSidePanel(page, 'Assemble');
}

type WithAxe = Window & { axe: typeof axe };

/** The WCAG levels the accessibility checks hold the views to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Serious and critical axe-core violations of the page as it is (WCAG 2.0/2.1 A and AA), one
 * readable line each. axe-core goes into the page once per document and runs there: the
 * @axe-core/playwright builder injected its ~550 KB source again and opened a blank page to merge
 * the results on every call, 4–6× the time of the check itself. (The app has no frames to visit.)
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) => (window as unknown as WithAxe).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_TAGS,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

/**
 * Forgets one thing the page remembers (a key of src/shared/ui-state.ts), as on a first launch: in
 * the page's localStorage and in the back end's settings file, which gives it back on reload. The
 * page's own token opens a second API socket for the call.
 */
export async function forgetUiState(page: Page, key: string): Promise<void> {
  const answer = await page.evaluate(async (k) => {
    localStorage.removeItem(k);
    const token = sessionStorage.getItem('streamscope.hostToken') ?? '';
    const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
    return await new Promise<string>((resolve, reject) => {
      ws.onerror = () => reject(new Error('the API socket failed'));
      ws.onopen = () => ws.send(JSON.stringify({ id: 'forget', method: 'settings.putUiState', params: [k, 'null'] }));
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as { id?: unknown };
        if (msg.id !== 'forget') return;
        ws.close();
        resolve(String(m.data));
      };
    });
  }, key);
  if (!answer.includes('"ok":true')) throw new Error(`forgetting ${key} failed: ${answer}`);
}
