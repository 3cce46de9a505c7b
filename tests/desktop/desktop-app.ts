/**
 * Boots the built desktop app (main bundle, preload, renderer) in the Electron double, with its
 * window's page ready, for the desktop-path tests. `npm test` builds first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';
import { createElectronDouble, type ElectronDouble } from './electron-double';
import { loadBuiltMain } from './electron-double/load-main';
import { until } from '../support/wait';

export interface CallResult {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test knows what it asked for
  value?: any;
  error?: { code: string; message: string };
}

export type PageApi = Record<string, Record<string, (...args: unknown[]) => Promise<CallResult>>>;

export interface DesktopApp {
  browser: Browser;
  double: ElectronDouble;
  page: Page;
  demoUrl: string;
  /** A scratch directory: the app's temp and userData paths live in it. */
  scratch: string;
  /** window.streamscope.<group>.<method>(...args), called in the page. */
  call(method: string, ...args: unknown[]): Promise<CallResult>;
  close(): Promise<void>;
}

export async function bootDesktopApp(): Promise<DesktopApp> {
  const scratch = mkdtempSync(join(tmpdir(), 'streamscope-desktop-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  const double = createElectronDouble({
    browser,
    paths: { temp: join(scratch, 'temp'), userData: join(scratch, 'user') },
  });
  loadBuiltMain(double);
  const win = await until('the window', () => double.windows[0]);
  await until('the window to show', () => (win.shown ? true : null));
  const page = (await win.webContents.page).page;
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
  const call = (method: string, ...args: unknown[]): Promise<CallResult> =>
    page.evaluate(
      async ([m, a]) => {
        const [group, name] = m.split('.') as [string, string];
        return (globalThis as unknown as { streamscope: PageApi }).streamscope[group]![name]!(...a);
      },
      [method, args] as const,
    );
  const info = await call('demo.info');
  if (!info.ok) throw new Error(`demo.info failed: ${JSON.stringify(info)}`);
  return {
    browser,
    double,
    page,
    scratch,
    demoUrl: String(info.value.baseUrl).replace(/\/$/, ''),
    call,
    async close() {
      await browser.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
