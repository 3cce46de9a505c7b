/**
 * `npm run dev -- --browser`: Vite's dev server for the renderer, proxying the API socket to a
 * browser host. The page loads with hot reload wired, talks to the host, and SIGTERM to npm ends
 * every process the loop started.
 */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';
import { until } from '../support/wait';
import { alive, descendants, root } from './launch-helpers';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it('serves the hot-reloading renderer against the browser host; SIGTERM ends it all', async () => {
  const npm = spawn('npm', ['run', 'dev', '--silent', '--', '--browser'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(() => {
    for (const pid of [npm.pid!, ...descendants(npm.pid!)])
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
  });
  let out = '';
  npm.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const url = await until(
    'the dev URL',
    () => /^dev (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out)?.[1],
    40_000,
  );

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  cleanup.push(() => browser.close());
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 30_000 });
  // Served by Vite (its client is loaded for hot updates), with React Refresh's preamble allowed by hash.
  expect(await page.locator('script[src*="/@vite/client"]').count()).toBe(1);
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toMatch(
    /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/,
  );
  // The API reaches the host through the proxy: the demo scenarios come from it.
  await page.getByText('firehose').first().waitFor({ timeout: 20_000 });

  const tree = [npm.pid!, ...descendants(npm.pid!)];
  expect(tree.length).toBeGreaterThanOrEqual(2);
  npm.kill('SIGTERM');
  await until('every process to end', () => (tree.some(alive) ? null : true), 5000);
}, 90_000);
