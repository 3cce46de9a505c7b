/**
 * The real desktop app in the real Electron, driven by Playwright's `_electron`: the scenarios of
 * desktop-path.test.ts where the binary exists (CI installs it). Where it does not, as on the
 * machines this project is developed on, the suite reports one skipped test saying so.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { installedElectron } from '../../scripts/electron-binary.mjs';
import { root } from './launch-helpers';

const binary = installedElectron(root) as string | null;

if (!binary) {
  it('runs the desktop app in the real Electron', (ctx) => {
    ctx.skip(
      'the Electron binary is not installed here (node_modules/electron has not fetched it); `npx install-electron --no` installs it, and CI does',
    );
  });
} else {
  describe('the desktop app in the real Electron', () => {
    let app: ElectronApplication;
    let page: Page;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked by the assertions that read them
    type Api = Record<string, Record<string, (...a: unknown[]) => Promise<{ ok: boolean; value?: any }>>>;
    const call = (method: string, ...args: unknown[]) =>
      page.evaluate(
        async ([m, a]) => {
          const [g, n] = m.split('.') as [string, string];
          return (globalThis as unknown as { streamscope: Api }).streamscope[g]![n]!(...a);
        },
        [method, args] as const,
      );

    beforeAll(async () => {
      app = await _electron.launch({ executablePath: binary, args: [root], cwd: root });
      page = await app.firstWindow();
      await page.getByRole('button', { name: 'Connect', exact: true }).waitFor();
    }, 60_000);
    afterAll(async () => {
      await app?.close().catch(() => {});
    });

    it('loads from app:// with the CSP header, sandboxed and isolated', async () => {
      expect(page.url()).toBe('app://streamscope/index.html');
      const csp = await page.evaluate(async () =>
        (await fetch('app://streamscope/index.html')).headers.get('content-security-policy'),
      );
      expect(csp).toContain("frame-ancestors 'none'");
      // Isolated and sandboxed: the page sees the bridge and no Node.js at all.
      const globals = await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        return { require: typeof g.require, process: typeof g.process, bridge: typeof g.streamscope };
      });
      expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    });

    it('answers the API and shows a live session', async () => {
      expect((await call('sessions.list')).ok).toBe(true);
      const info = await call('demo.info');
      expect(info.ok).toBe(true);
      const demo = String(info.value.baseUrl).replace(/\/$/, '');
      await page.getByLabel('URL', { exact: true }).fill(`${demo}/scenarios/typed-events?count=5&interval=20`);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await expect.poll(() => page.getByText('notification').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    });

    it('saves a recording through the save dialog', async () => {
      const info = await call('demo.info');
      const demo = String(info.value.baseUrl).replace(/\/$/, '');
      const target = await app.evaluate(
        ({ app: electronApp }) => `${electronApp.getPath('temp')}/streamscope-real-${process.pid}.streamscope`,
      );
      // The native dialog cannot be clicked by a test: answer it as the user would.
      await app.evaluate(({ dialog }, file) => {
        dialog.showSaveDialog = async () => ({ canceled: false, filePath: file });
      }, target);
      const opened = await call('sessions.open', {
        request: { url: `${demo}/scenarios/typed-events?count=3&interval=10` },
        record: true,
      });
      const id = opened.value.id as string;
      await expect
        .poll(
          async () =>
            (await call('sessions.records', id, 0, 100)).value.filter((r: { kind: string }) => r.kind === 'event')
              .length,
        )
        .toBe(3);
      expect(await call('recording.save', id)).toEqual({ ok: true, value: { path: target, text: null } });
      expect(readFileSync(target, 'utf8').trim().split('\n').length).toBeGreaterThan(3);
    });

    it('writes the end line of a running recording when the app quits', async () => {
      const info = await call('demo.info');
      const demo = String(info.value.baseUrl).replace(/\/$/, '');
      const opened = await call('sessions.open', {
        request: { url: `${demo}/scenarios/slow-drip?delay=50` },
        record: true,
      });
      expect(opened.ok).toBe(true);
      const dir = await app.evaluate(
        ({ app: electronApp }) => `${electronApp.getPath('temp')}/streamscope-recordings-${process.pid}`,
      );
      await expect.poll(() => (existsSync(dir) ? readdirSync(dir).length : 0)).toBeGreaterThan(0);
      await app.close();
      const files = readdirSync(dir).map((n) => readFileSync(`${dir}/${n}`, 'utf8').trim().split('\n').at(-1)!);
      expect(files.some((last) => JSON.parse(last).kind === 'end')).toBe(true);
    });
  });
}
