/**
 * What a screen reader is told while a stream runs: nothing per batch. The list's match count
 * changed with every batch inside a polite live region, so a reader queued "1,936 shown / 2,542
 * records" some 20 times a second; it is said once, when the user changes the filter.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reconnectTo } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

/** Starts counting the changes of every live region's text (aria-live, status, alert, log). */
const watchLiveRegions = () =>
  page.evaluate(() => {
    const w = window as unknown as { liveChanges: string[] };
    w.liveChanges = [];
    const regions = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        const el = m.target instanceof Element ? m.target : m.target.parentElement;
        const region = el?.closest(regions);
        if (region) w.liveChanges.push(region.textContent ?? '');
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
const liveChanges = () => page.evaluate(() => (window as unknown as { liveChanges: string[] }).liveChanges);
const rowCount = async () => Number(await page.getByRole('grid', { name: 'Events' }).getAttribute('aria-rowcount'));

describe('live regions under a stream', () => {
  it('say nothing per batch, and the match count once after a filter change', { timeout: 60_000 }, async () => {
    await reconnectTo(page, `${app.demoUrl}/sse?interval=50&statusInterval=200&duration=30`);
    await until('rows', rowCount, (n) => n >= 10);
    await watchLiveRegions();
    const before = await rowCount();
    await until('more rows', rowCount, (n) => n >= before + 20);
    expect(await liveChanges()).toEqual([]);

    await page.getByLabel('Filter data').fill('Message');
    await until('the match count said', liveChanges, (c) => c.some((t) => /match/.test(t)), 5_000);
    const said = (await liveChanges()).filter((t) => t.trim() !== '');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^\d[\d,]* of \d[\d,]* records match/);
    // And nothing more while the stream goes on.
    const rows = await rowCount();
    await until('more rows', rowCount, (n) => n >= rows + 10);
    expect((await liveChanges()).filter((t) => t.trim() !== '')).toHaveLength(1);
  });

  it('say once that records are skipped under a firehose, not with every count', { timeout: 60_000 }, async () => {
    await reconnectTo(page, `${app.demoUrl}/scenarios/firehose?rate=0&count=200000&duration=8`);
    await page.getByTestId('loss-note').waitFor({ timeout: 20_000 });
    await watchLiveRegions();
    const text = () => page.getByTestId('loss-note').textContent();
    const first = await text();
    await until('the note counts on', text, (t) => t !== first, 10_000);
    // A connection's state change is news and is said (on a loaded machine the stream can end and
    // reconnect while the note counts on): only the counting must say nothing.
    const said = (await liveChanges()).filter((t) => !/^(CONNECTING|OPEN|CLOSED)$/.test(t.trim()));
    expect(said).toEqual([]);
  });
});
