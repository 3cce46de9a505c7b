/**
 * Vitest global setup of the projects that hold E2E files: one Chromium for the whole run, served
 * by playwright-core on 127.0.0.1 (its endpoint carries a random path, the only way in), and
 * closed after the last file. Each app of tests/e2e/harness.ts connects to it on a connection of
 * its own and closes that connection with the app, which closes every context and page it made:
 * a file starts no browser of its own (~0.6 s idle, 3–4 s on the loaded machine, per file) and
 * leaves nothing running into the next.
 */
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../bench/lib/browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared Chromium's Playwright endpoint, ws://127.0.0.1:<port>/<random path>. */
    chromiumEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    host: '127.0.0.1',
  });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}
