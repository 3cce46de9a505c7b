/**
 * The desktop path end to end: the built main bundle, the built preload and the real renderer,
 * over the real IPC channel names, with Electron replaced by the double in electron-double/ (its
 * window is a Chromium page). `npm test` builds first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES } from '../../src/main/app-protocol';
import { ELECTRON_CSP, windowOptions } from '../../src/main/window-options';
import { INVOKE_METHODS, invokeChannel } from '../../src/shared/channels';
import { until } from '../support/wait';
import { bootDesktopApp, type CallResult, type DesktopApp, type PageApi } from './desktop-app';
import type { ElectronDouble } from './electron-double';
import { BUILT_PRELOAD } from './electron-double/load-main';

let app: DesktopApp;
let double: ElectronDouble;
let page: Page;
let demoUrl: string;
let scratch: string;
const call = (method: string, ...args: unknown[]): Promise<CallResult> => app.call(method, ...args);

beforeAll(async () => {
  app = await bootDesktopApp();
  ({ double, page, demoUrl, scratch } = app);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the desktop app through the Electron double', () => {
  it('creates its window with exactly the secure options, sandboxed, from app://', async () => {
    const win = double.windows[0]!;
    expect(win.options).toEqual(windowOptions(BUILT_PRELOAD));
    expect(double.electron.app.sandboxEnabled).toBe(true);
    expect(double.privileged).toEqual([APP_SCHEME_PRIVILEGES]);
    expect(await win.webContents.getURL()).toBe(APP_INDEX_URL);
    // The document main served carries the CSP as a header (file:// never could).
    const doc = await page.evaluate(async () => {
      const r = await fetch((globalThis as unknown as { location: { href: string } }).location.href);
      return { csp: r.headers.get('content-security-policy'), type: r.headers.get('content-type') };
    });
    expect(doc).toEqual({ csp: ELECTRON_CSP, type: 'text/html; charset=utf-8' });
    // Permission requests and checks are refused.
    let granted: boolean | null = null;
    double.session.permissionRequest!(null, 'media', (g: boolean) => (granted = g));
    expect(granted).toBe(false);
    expect(double.session.permissionCheck!(null, 'notifications')).toBe(false);
  });

  it('answers every InspectorApi method through main handlers on its named channels', async () => {
    expect([...double.handlers.keys()].sort()).toEqual(INVOKE_METHODS.map(invokeChannel).sort());
    // Each call goes page → preload → ipcMain handler → service and back: bad arguments are
    // refused by main's validation, the rest answered by the service.
    for (const method of INVOKE_METHODS) {
      const bad = await call(method, { __proto__: null, nonsense: true }, -1, 'x'.repeat(10));
      expect(typeof bad.ok, method).toBe('boolean');
      if (!bad.ok) expect(bad.error!.code, method).toMatch(/invalid-argument|not-found|unsupported|failed/);
    }
    const list = await call('sessions.list');
    expect(list.ok).toBe(true);
    expect((await call('settings.get')).value).toMatchObject({ theme: expect.any(String) });
    expect((await call('demo.scenarios')).value.length).toBeGreaterThan(5);
    const opened = await call('sessions.open', {
      request: { url: `${demoUrl}/scenarios/typed-events?count=3&interval=10` },
    });
    expect(opened.ok).toBe(true);
    const id = opened.value.id as string;
    const records = await until('the records', async () => {
      const r = await call('sessions.records', id, 0, 100);
      return r.ok && r.value.some((x: { kind: string }) => x.kind === 'event') ? r.value : null;
    });
    expect(records[0].bytes === undefined || records[0].bytes instanceof Uint8Array).toBe(true);
    expect((await call('sessions.remove', id)).ok).toBe(true);
    expect((await call('sessions.records', id, 0, 10)).ok).toBe(false);
  });

  it('shows a live session in the page: batches arrive over the window channel', async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${demoUrl}/scenarios/typed-events?count=5&interval=20`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    const rows = page.getByRole('grid', { name: 'Events' }).getByRole('row');
    await until('the records', async () => ((await page.getByText('notification').count()) >= 5 ? true : null));
    expect(await rows.count()).toBeGreaterThan(0);
  });

  it('keeps the theme the user picks in the settings file of userData (its one store)', async () => {
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    for (let i = 0; i < 3 && (await toggle.innerText()) !== 'Theme: dark'; i++) await toggle.click();
    const settingsFile = join(scratch, 'user', 'settings.json');
    await until('the theme in the settings file', async () => {
      const text = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '{}';
      return (JSON.parse(text) as { theme?: string }).theme === 'dark' ? true : null;
    });
    expect((await call('settings.get')).value).toMatchObject({ theme: 'dark' });
  });

  it('saves and opens recordings through native dialogs, modal to the window', async () => {
    const opened = await call('sessions.open', {
      request: { url: `${demoUrl}/scenarios/typed-events?count=3&interval=10` },
      record: true,
    });
    const id = opened.value.id as string;
    await until('the records', async () => {
      const r = await call('sessions.records', id, 0, 100);
      return r.value.filter((x: { kind: string }) => x.kind === 'event').length === 3 ? true : null;
    });
    const file = join(scratch, 'saved.streamscope');
    double.answerNextDialog({ canceled: false, filePath: file });
    const saved = await call('recording.save', id);
    expect(saved).toEqual({ ok: true, value: { path: file, text: null } });
    expect(double.dialogCalls.at(-1)).toMatchObject({
      kind: 'save',
      withWindow: true,
      options: { title: 'Save recording' },
    });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(3);

    // Export HAR goes through its own save dialog: the page names no path.
    const harFile = join(scratch, 'session.har');
    double.answerNextDialog({ canceled: false, filePath: harFile });
    expect(await call('recording.exportHar', id)).toEqual({ ok: true, value: { path: harFile, text: null } });
    expect(double.dialogCalls.at(-1)).toMatchObject({
      kind: 'save',
      withWindow: true,
      options: { title: 'Export HAR' },
    });
    const har = JSON.parse(readFileSync(harFile, 'utf8')) as {
      log: { entries: Array<{ response: { content: { text: string } } }> };
    };
    expect(har.log.entries[0]!.response.content.text).toMatch(/^data: /m);

    double.answerNextDialog({ canceled: false, filePaths: [file] });
    const replay = await call('replay.openDialog');
    expect(replay.ok).toBe(true);
    expect(replay.value).toMatchObject({ source: 'replay', title: expect.stringContaining('saved.streamscope') });
    expect(double.dialogCalls.at(-1)).toMatchObject({ kind: 'open', withWindow: true });
    double.answerNextDialog({ canceled: true });
    expect(await call('replay.openDialog')).toEqual({ ok: true, value: null });
    // A path from the page is never a file the app writes.
    expect((await call('recording.save', id, join(scratch, 'chosen-by-page'))).ok).toBe(false);
  });

  it('refuses IPC from a page of another origin, even in its own window with its preload', async () => {
    const foreign = await serveForeignPage();
    try {
      const win = new double.electron.BrowserWindow(windowOptions(BUILT_PRELOAD));
      await win.loadURL(foreign.url);
      const other = (await win.webContents.page).page;
      const result = await other.evaluate(async () =>
        (globalThis as unknown as { streamscope: PageApi }).streamscope.sessions!.list!(),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
      await win.close();
    } finally {
      foreign.server.close();
    }
  });

  it('on quit, writes the end line of every recording still running', async () => {
    const opened = await call('sessions.open', {
      request: { url: `${demoUrl}/scenarios/slow-drip?delay=50` },
      record: true,
    });
    expect(opened.ok).toBe(true);
    const dir = join(scratch, 'temp', `streamscope-recordings-${process.pid}`);
    const recording = await until('the records', async () => {
      const names = (existsSync(dir) ? readdirSync(dir) : []).filter((n) =>
        readFileSync(join(dir, n), 'utf8').includes('slow-drip'),
      );
      return names.length === 1 ? join(dir, names[0]!) : null;
    });
    expect(readFileSync(recording, 'utf8')).not.toMatch(/"kind":"end"/);
    // The user closes the last window: window-all-closed → app.quit() → will-quit cleanup.
    await double.windows[0]!.close();
    await double.quitDone;
    const last = readFileSync(recording, 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ kind: 'end' });
  });
});

async function serveForeignPage(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>not the app</p>'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` };
}
