/**
 * Row 13 — browser-host cold start. Method: Chromium is already running with an empty tab (as a
 * user's browser is); `streamscope ui --port 0` is spawned as a user starts it (node, the CLI
 * bundle, the host and its embedded demo server: lib/host-process.ts), and the tab opens the URL
 * the moment it is printed. An init script in the tab watches for the launcher (the "Start"
 * section) to enter the DOM and stamps the next animation frame, the frame that paints it, on
 * the page's wall clock; the page−node clock offset (measured by round trips) is subtracted.
 * Reported: spawn → URL printed and spawn → launcher painted, median of `runs` cold starts (a new
 * process each time; the OS file cache is warm after the first). Budget: painted ≤ 1 s.
 * Everything listens on 127.0.0.1 and every wait is bounded.
 */
import type { Page } from 'playwright-core';
import { launchBenchBrowser, measureClockOffset } from './lib/browser';
import { startHostProcess } from './lib/host-process';
import { median } from './lib/measure';
import type { BenchRow } from './lib/table';

/** Stamps `__launcherPaintedAt` at the first animation frame after the launcher is in the DOM. */
const LAUNCHER_PROBE = `(() => {
  if (location.protocol !== 'http:') return;
  const found = () => document.querySelector('section[aria-label="Start"]') !== null;
  const stamp = () => requestAnimationFrame(() => {
    globalThis.__launcherPaintedAt = performance.timeOrigin + performance.now();
  });
  const observer = new MutationObserver(() => {
    if (!found()) return;
    observer.disconnect();
    stamp();
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface ColdStart {
  urlMs: number;
  paintedMs: number;
}

async function coldStart(page: Page): Promise<ColdStart> {
  const clock = await measureClockOffset(page);
  const spawnedAt = performance.timeOrigin + performance.now();
  const host = await startHostProcess();
  try {
    const urlAt = performance.timeOrigin + performance.now();
    await page.goto(host.appUrl);
    await page.waitForFunction(
      () => typeof (globalThis as { __launcherPaintedAt?: number }).__launcherPaintedAt === 'number',
      null,
      {
        timeout: 30_000,
      },
    );
    const painted = await page.evaluate(
      () => (globalThis as unknown as { __launcherPaintedAt: number }).__launcherPaintedAt,
    );
    return { urlMs: urlAt - spawnedAt, paintedMs: painted - clock.offsetMs - spawnedAt };
  } finally {
    await page.goto('about:blank');
    await host.close();
  }
}

export async function benchColdStart(opts: { runs: number }): Promise<BenchRow[]> {
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage();
    await page.addInitScript({ content: LAUNCHER_PROBE });
    const runs: ColdStart[] = [];
    for (let i = 0; i < opts.runs; i++) runs.push(await coldStart(page));
    const painted = median(runs.map((r) => r.paintedMs));
    const url = median(runs.map((r) => r.urlMs));
    return [
      {
        id: '13',
        name: 'browser host cold start → launcher painted',
        value: `${painted.toFixed(0)} ms (URL printed after ${url.toFixed(0)} ms; runs ${runs.map((r) => r.paintedMs.toFixed(0)).join(', ')} ms)`,
        reference: 'spawn of `streamscope ui`',
        budget: '≤ 1 s',
        met: painted <= 1000,
        data: { paintedMs: painted, urlPrintedMs: url },
      },
    ];
  } finally {
    await browser.close();
  }
}
