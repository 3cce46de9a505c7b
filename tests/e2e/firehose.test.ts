/**
 * The issue's "Done when" measurement: the demo firehose at 5,000 events/s for 10 s, with the
 * live list and the Charts panel on screen. During the load a real control (the list's
 * Pause/Resume button) is clicked repeatedly through Chromium's input pipeline; in the page we
 * measure input → handler (the click event's timeStamp to the handler) and input → next frame
 * (to the rAF after the handler, i.e. when the result can be painted). The JS heap is sampled
 * over CDP (Performance.getMetrics, precise without --enable-precise-memory-info) and after a
 * forced GC once the stream ends, and the list must hold every event. Figures are printed for the
 * lead; the budgets are asserted. (README's firehose figures come from this file.)
 */
import { describe, expect, it } from 'vitest';
import { runAloneAmong } from '../support/exclusive';
import type { CDPSession, Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

const RATE = 5000;
const SECONDS = 10;
const CLICK_BUDGET_MS = 100;
const HEAP_BUDGET_MB = 100;

let app: App;
let page: Page;
let cdp: CDPSession;

declare global {
  interface Window {
    __clicks?: Array<{ target: string; handlerMs: number; frameMs: number }>;
  }
}

async function heapMb(): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
}

// Its figures are timing budgets: never measured while another such file loads the cores.
runAloneAmong('timing-budgets');
launchAppForFile(async (launched) => {
  app = launched;
  page = launched.page;
  cdp = await app.context.newCDPSession(page);
  await cdp.send('Performance.enable');
});

describe('firehose: 5,000 events/s for 10 s', () => {
  it('keeps clicks under 100 ms and the JS heap bounded', { timeout: 120_000 }, async () => {
    // Capture-phase listener: runs before the app's own handler, measures from the input event.
    await page.evaluate(() => {
      window.__clicks = [];
      document.addEventListener(
        'click',
        (e) => {
          const handlerMs = performance.now() - e.timeStamp;
          const target = (e.target as HTMLElement).textContent?.slice(0, 20) ?? '?';
          requestAnimationFrame(() => {
            window.__clicks!.push({ target, handlerMs, frameMs: performance.now() - e.timeStamp });
          });
        },
        true,
      );
    });
    const heapBefore = await heapMb();
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/scenarios/firehose?rate=${RATE}&count=${RATE * SECONDS}&duration=${SECONDS + 5}`);
    // The firehose ends its response after `count` events: no reconnect (that would resume it).
    await page.getByLabel('Reconnect', { exact: true }).selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('tab', { name: 'Charts' }).click();
    const started = Date.now();

    const heap: number[] = [];
    const button = page.getByRole('button', { name: /^(Pause|Resume)$/ });
    // Clicks spread over the load, a heap sample with each: the list's Pause/Resume, and the
    // side panel's tabs (each switch mounts a panel that catches up with the ring).
    const tabs = ['Timeline', 'Stats', 'Detail', 'Assemble', 'Charts'];
    for (let i = 0; Date.now() - started < SECONDS * 1000; i++) {
      await page.waitForTimeout(500);
      if (i % 2 === 0) await button.click();
      else await page.getByRole('tab', { name: tabs[(i >> 1) % tabs.length]! }).click();
      heap.push(await heapMb());
    }
    await page.getByRole('tab', { name: 'Charts' }).click();
    // Leave the list running (Resume) so the end state is checked with live rendering.
    if ((await button.innerText()) === 'Resume') await button.click();

    // The back end's count of events reaches the whole firehose.
    await page.getByRole('tab', { name: 'Stats' }).click();
    const received = page.getByRole('region', { name: 'Statistics' }).getByTestId('stat-messages-received');
    await expect
      .poll(async () => Number((await received.innerText()).replace(/,/g, '')), { timeout: 30_000 })
      .toBe(RATE * SECONDS);
    const elapsed = (Date.now() - started) / 1000;
    // And the live list holds every one of them: nothing skipped at the renderer, nothing evicted.
    const grid = page.getByRole('grid', { name: 'Events' });
    await expect
      .poll(async () => Number(await grid.getAttribute('aria-rowcount')), { timeout: 15_000 })
      .toBe(RATE * SECONDS);
    await page.getByText('CLOSED', { exact: true }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await app.screenshot('firehose-stats');
    await page.getByRole('tab', { name: 'Charts' }).click();
    await page.waitForTimeout(500);
    await app.screenshot('firehose-charts');

    await cdp.send('HeapProfiler.collectGarbage');
    const heapAfterGc = await heapMb();
    const clicks = (await page.evaluate(() => window.__clicks ?? [])) as Array<{
      target: string;
      handlerMs: number;
      frameMs: number;
    }>;
    const handler = clicks.map((c) => c.handlerMs).sort((a, b) => a - b);
    const frame = clicks.map((c) => c.frameMs).sort((a, b) => a - b);
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(', ');
    console.log(
      [
        `firehose: ${RATE * SECONDS} events at ${RATE}/s received in ${elapsed.toFixed(1)} s (Charts panel and live list on screen)`,
        `clicks (${clicks.length}): input→handler ms [${fmt(handler)}]; max ${handler.at(-1)?.toFixed(1)}`,
        `clicks: input→next frame ms [${fmt(frame)}]; median ${frame[Math.floor(frame.length / 2)]?.toFixed(1)}, max ${frame.at(-1)?.toFixed(1)}`,
        `slowest: ${clicks
          .slice()
          .sort((a, b) => b.frameMs - a.frameMs)
          .slice(0, 3)
          .map((c) => `${c.target} ${c.frameMs.toFixed(1)} ms`)
          .join('; ')}`,
        `JS heap MB: before ${heapBefore.toFixed(1)}; during [${fmt(heap)}]; max ${Math.max(...heap).toFixed(1)}; after GC ${heapAfterGc.toFixed(1)}`,
      ].join('\n'),
    );

    expect(clicks.length).toBeGreaterThanOrEqual(10);
    expect(handler.at(-1)!).toBeLessThan(CLICK_BUDGET_MS);
    // Every click is handled within budget; the next frame may once be late when the test's two
    // Chromiums and servers share two cores, so the frame budget holds for 90 % of clicks.
    expect(frame[Math.floor(0.9 * (frame.length - 1))]!).toBeLessThan(CLICK_BUDGET_MS);
    expect(Math.max(...heap)).toBeLessThan(HEAP_BUDGET_MB);
    expect(heapAfterGc).toBeLessThan(HEAP_BUDGET_MB);
    expect(app.consoleErrors).toEqual([]);
  });
});
