/**
 * The one way E2E tests start the app: `node bin/streamscope.js ui --port 0` (the built app, run
 * `npm run build` first; `npm test` does) and Debian's Chromium driven by playwright-core.
 *
 * Stable API:
 *   const app = await launchApp();
 *   app.page         the playwright Page, already on the app (token included)
 *   app.baseUrl      the URL the page was opened with: http://127.0.0.1:<p>/?token=<t>
 *   app.origin       http://127.0.0.1:<p>
 *   app.demoUrl      the embedded demo server's base URL, e.g. http://127.0.0.1:41234 (no slash)
 *   app.consoleErrors  console errors and uncaught page errors seen so far
 *   await app.screenshot('name')   → artifacts/screenshots/name.png (returns the path)
 *   await app.close()             closes the browser and stops the host; always call it
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(root, 'artifacts', 'screenshots');

export interface LaunchOptions {
  /** Viewport; default 1280×800. */
  viewport?: { width: number; height: number };
  /** How long the host may take to print its URL. Default 15 s. */
  startTimeoutMs?: number;
  /** The settings file, to see what outlives a restart. Default: a fresh one in the scratch dir. */
  settingsPath?: string;
}

export interface App {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  origin: string;
  token: string;
  demoUrl: string;
  consoleErrors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

interface HostLines {
  url: string;
  demoUrl: string;
}

/** Reads `listening <url>` and `demo <url>` from the host's stdout. */
function readHostLines(child: ChildProcess, timeoutMs: number): Promise<HostLines> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout! });
    let url: string | null = null;
    const timer = setTimeout(
      () => fail(new Error(`streamscope ui printed no URL within ${timeoutMs} ms; stderr: ${stderr.trim()}`)),
      timeoutMs,
    );
    function fail(err: Error): void {
      clearTimeout(timer);
      lines.close();
      reject(err);
    }
    lines.on('line', (line) => {
      if (url === null) {
        const m = /^listening (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
        if (!m) return fail(new Error(`unexpected first line from streamscope ui: ${line}`));
        url = m[1]!;
        return;
      }
      const d = /^demo (\S+)$/.exec(line);
      if (!d) return fail(new Error(`unexpected second line from streamscope ui: ${line}`));
      clearTimeout(timer);
      lines.close();
      resolve({ url, demoUrl: d[1]!.replace(/\/$/, '') });
    });
    child.once('exit', (code) =>
      fail(new Error(`streamscope ui exited (${code}) before printing its URL; stderr: ${stderr.trim()}`)),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function launchApp(options: LaunchOptions = {}): Promise<App> {
  const scratch = mkdtempSync(join(tmpdir(), 'streamscope-e2e-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'streamscope.js'), 'ui', '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Settings of a test run never touch the user's real configuration.
    env: { ...process.env, STREAMSCOPE_SETTINGS: options.settingsPath ?? join(scratch, 'settings.json') },
  });
  let context: BrowserContext | null = null;
  try {
    const { url, demoUrl } = await readHostLines(child, options.startTimeoutMs ?? 15_000);
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      args: [...CHROMIUM_ARGS],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
    await page.goto(url);
    const parsed = new URL(url);
    const ctx = context;
    let closed = false;
    return {
      page,
      context: ctx,
      baseUrl: url,
      origin: parsed.origin,
      token: parsed.searchParams.get('token') ?? '',
      demoUrl,
      consoleErrors,
      async screenshot(name) {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
        await page.screenshot({ path, fullPage: false });
        return path;
      },
      async close() {
        if (closed) return;
        closed = true;
        await ctx.close().catch(() => {});
        await stopChild(child);
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await context?.close().catch(() => {});
    await stopChild(child);
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}
