/**
 * The one way E2E tests start the app: `node bin/streamscope.js ui --port 0` (the built app, run
 * `npm run build` first; `npm test` does; started by tests/support/host.ts) and Debian's Chromium
 * driven by playwright-core, one for the whole test run (connectBrowser below).
 *
 * Stable API:
 *   const app = await launchApp();
 *   app.page         the playwright Page, already on the app (token included)
 *   app.baseUrl      the URL the page was opened with: http://127.0.0.1:<p>/?token=<t>
 *   app.origin       http://127.0.0.1:<p>
 *   app.demoUrl      the embedded demo server's base URL, e.g. http://127.0.0.1:41234 (no slash)
 *   app.consoleErrors  console errors and uncaught page errors seen so far
 *   await app.screenshot('name')   → artifacts/screenshots/name.png when STREAMSCOPE_SCREENSHOTS=1
 *   await app.close()             closes the app's browser connection and stops the host; always call it
 *
 * With STREAMSCOPE_E2E_SLOW_BRIDGE=1 the page's traffic to the host is delayed (slow-bridge.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';
import { errorMessage } from '../../src/shared/error-message';
import { root } from '../support/cli';
import { startUiProcess } from '../support/host';
import { slowBridgeWanted, slowDownBridge } from './slow-bridge';

export const SCREENSHOT_DIR = join(root, 'artifacts', 'screenshots');

export interface LaunchOptions {
  /** Viewport; default 1280×800. */
  viewport?: { width: number; height: number };
  /** How long the host may take to print its URL. Default 45 s. */
  startTimeoutMs?: number;
  /** The settings file, to see what outlives a restart. Default: a fresh one in the scratch dir. */
  settingsPath?: string;
  /**
   * A Chromium of the app's own instead of the run's shared one: for files that download. (A
   * download from the shared browser, streamed back over the connection, hung the test that
   * saved a recording until its timeout in 2 of 7 runs on a loaded machine; never with a browser
   * of its own, whose downloads are files here.)
   */
  ownBrowser?: boolean;
}

export interface App {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  origin: string;
  token: string;
  demoUrl: string;
  consoleErrors: string[];
  /**
   * Saves what the page shows now, for a person to look at, when the run asks for screenshots
   * (`STREAMSCOPE_SCREENSHOTS=1`); otherwise does nothing. No test reads them, and each costs
   * ~0.2 s of a core (capture and PNG encoding), ~80 of them in a run.
   */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A Chromium for one app alone (`ownBrowser`, or a run without the shared one). */
function launchOwnBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}

/** How long connecting to the shared Chromium may take on a loaded machine before the app gives up. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The browser of one app: a Playwright connection of its own to the run's one Chromium (started by
 * the vitest global setup chromium-server.ts; `endpoint` names another), or a Chromium of its own
 * where no run provides one. Closing it ends the connection and every context and page made
 * through it, so nothing of one file runs into the next. (One Chromium per worker, kept in module
 * state, left the browser and the Playwright driver that runs it inside the worker alive from one
 * file to the next, through the files that fake the clock among others: CI then saw E2E tests hang
 * until their timeout in files that pass alone. The shared Chromium's driver runs in vitest's main
 * process.) A shared Chromium that is gone fails the app at once with one line, not a hang.
 */
export async function connectBrowser(endpoint: string | undefined = inject('chromiumEndpoint')): Promise<Browser> {
  if (!endpoint) return launchOwnBrowser();
  try {
    return await chromium.connect(endpoint, { timeout: CONNECT_TIMEOUT_MS });
  } catch (err) {
    const reason = errorMessage(err)
      .split('\n')[0]!
      .replace(/^browserType\.connect: /, '');
    // eslint-disable-next-line preserve-caught-error -- one line: the cause's reason is in it, its call log is noise
    throw new Error(`the shared Chromium of this test run (${endpoint}) did not answer: ${reason}`);
  }
}

export async function launchApp(options: LaunchOptions = {}): Promise<App> {
  // Settings of a test run never touch the user's real configuration. (The app outlives the test
  // that launched it, so its folder goes with the app, not with a test.)
  const scratch = mkdtempSync(join(tmpdir(), 'streamscope-e2e-'));
  // The host and the browser start side by side (neither needs the other until the page opens),
  // and stop side by side.
  const [ui, browser] = await Promise.allSettled([
    startUiProcess({
      env: { STREAMSCOPE_SETTINGS: options.settingsPath ?? join(scratch, 'settings.json') },
      startTimeoutMs: options.startTimeoutMs,
    }),
    options.ownBrowser ? launchOwnBrowser() : connectBrowser(),
  ]);
  const stop = async (): Promise<void> => {
    await Promise.all([
      browser.status === 'fulfilled' ? browser.value.close().catch(() => {}) : undefined,
      ui.status === 'fulfilled' ? ui.value.stop() : undefined,
    ]);
    rmSync(scratch, { recursive: true, force: true });
  };
  if (ui.status === 'rejected' || browser.status === 'rejected') {
    await stop();
    throw ui.status === 'rejected' ? ui.reason : (browser as PromiseRejectedResult).reason;
  }
  const host = ui.value;
  try {
    const context = await browser.value.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    if (slowBridgeWanted()) await slowDownBridge(page);
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
    await page.goto(host.url);
    // The shell renders once the back end has given the page what it remembers (one call over
    // the API socket after load): a test starts with the app on screen.
    await page.locator('header.topbar').waitFor({ timeout: 15_000 });
    let closed = false;
    return {
      page,
      context,
      baseUrl: host.url,
      origin: host.origin,
      token: host.token,
      demoUrl: host.demoUrl ?? '',
      consoleErrors,
      async screenshot(name) {
        if (process.env.STREAMSCOPE_SCREENSHOTS !== '1') return;
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`), fullPage: false });
      },
      async close() {
        if (closed) return;
        closed = true;
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
