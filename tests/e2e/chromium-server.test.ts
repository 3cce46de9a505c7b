/**
 * The one Chromium of a test run (chromium-server.ts): every app connects to it and closing one
 * app's connection leaves the others working; a shared Chromium that died fails the next app at
 * once with one line instead of hanging its file.
 */
import { chromium } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';
import { connectBrowser } from './harness';

describe('the shared Chromium', () => {
  it('is provided to the E2E files, and one connection closing leaves the others and their pages working', async () => {
    expect(inject('chromiumEndpoint')).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/\S+$/);
    const [first, second] = await Promise.all([connectBrowser(), connectBrowser()]);
    try {
      const [firstPage, secondPage] = await Promise.all([first.newPage(), second.newPage()]);
      await firstPage.setContent('<title>first</title>');
      await secondPage.setContent('<title>second</title>');
      await first.close();
      expect(first.isConnected()).toBe(false);
      expect(firstPage.isClosed()).toBe(true);
      expect(second.isConnected()).toBe(true);
      expect(await secondPage.title()).toBe('second');
      // The other connection sees only its own context: nothing of the closed one lingers in it.
      expect(second.contexts()).toHaveLength(1);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('that died fails the next app at once with one line naming it', async () => {
    const server = await chromium.launchServer({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      host: '127.0.0.1',
    });
    const endpoint = server.wsEndpoint();
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    server.process().kill('SIGKILL');
    await closed;
    const started = Date.now();
    const failure = await connectBrowser(endpoint).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).toMatch(
      /^the shared Chromium of this test run \(ws:\/\/127\.0\.0\.1:\d+\/\S+\) did not answer: /,
    );
    expect(failure?.message).not.toContain('\n');
    // Refused at once: far under the 30 s connect timeout, let alone a test's.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
