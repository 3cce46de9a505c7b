/**
 * Charts panel end to end (item 6): latency from the demo's `sentAt` with p50/p95/p99, events/s
 * and bytes/s, the inter-arrival histogram, a chosen JSON path (valid, invalid, not a
 * timestamp), and the same charts over a WebSocket session's inbound frames.
 */
import { describe, expect, it } from 'vitest';
import { runAloneAmong } from '../support/exclusive';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reconnectTo } from './helpers';

let app: App;
let page: Page;

const connect = (url: string): Promise<void> => reconnectTo(page, url);

/** Pixels of roughly this colour drawn on the chart's canvas: proof that a series was plotted. */
async function pixelsOf(testId: string, rgb: [number, number, number]): Promise<number> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
      const ctx = canvas.getContext('2d')!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (
          data[i + 3]! > 128 &&
          Math.abs(data[i]! - r) < 40 &&
          Math.abs(data[i + 1]! - g) < 40 &&
          Math.abs(data[i + 2]! - b) < 40
        )
          n++;
      }
      return n;
    }, rgb);
}

const SUMMARY = /^p50 [\d.]+ ms · p95 [\d.]+ ms · p99 [\d.]+ ms · mean [\d.]+ ms \((\d+) samples\)$/;

/**
 * The latency samples the open Charts panel counts (0 while it shows none). A read gives up after
 * 2 s, so a poll on it retries, and ends at its own timeout, even while no Charts panel is shown.
 */
async function latencySamples(): Promise<number> {
  const text = await page.getByTestId('latency-summary').innerText({ timeout: 2_000 });
  return Number(SUMMARY.exec(text)?.[1] ?? 0);
}

/** Opens the Charts panel of the session on screen. */
async function openCharts(): Promise<void> {
  await page.getByRole('tab', { name: 'Charts' }).click();
  await page.getByRole('tabpanel', { name: 'Charts' }).waitFor({ timeout: 10_000 });
}

// Its figures are timing budgets: never measured while another such file loads the cores.
runAloneAmong('timing-budgets');
launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('charts panel', () => {
  it(
    'plots latency from sentAt with p50/p95/p99, rates and the inter-arrival histogram',
    { timeout: 45_000 },
    async () => {
      await connect(`${app.demoUrl}/sse?interval=50&statusInterval=120&duration=5`);
      await openCharts();
      await expect.poll(latencySamples, { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
      // Three uPlot charts, each with a legend naming its series.
      expect(await page.locator('.charts-panel .uplot').count()).toBe(3);
      const legend = await page.getByTestId('latency-chart').locator('.u-legend').innerText();
      for (const name of ['mean', 'max', 'p50', 'p95', 'p99']) expect(legend).toContain(name);
      // Lines were drawn: the mean (blue) on the latency chart, events/s (blue) and bytes/s
      // (purple) on the rate chart, bars (cyan) on the histogram.
      await expect.poll(() => pixelsOf('latency-chart', [59, 130, 246]), { timeout: 10_000 }).toBeGreaterThan(20);
      await expect.poll(() => pixelsOf('rate-chart', [168, 85, 247]), { timeout: 10_000 }).toBeGreaterThan(20);
      await expect.poll(() => pixelsOf('histogram-chart', [8, 145, 178]), { timeout: 10_000 }).toBeGreaterThan(20);
      // The counts keep growing while the stream runs (incremental updates, not a one-off draw).
      const before = await latencySamples();
      await expect.poll(latencySamples, { timeout: 10_000 }).toBeGreaterThan(before);
      await app.screenshot('charts-sse');
      await page.getByTestId('histogram-chart').scrollIntoViewIfNeeded();
      await app.screenshot('charts-sse-histogram');
      expect(app.consoleErrors).toEqual([]);
    },
  );

  it(
    'uses a chosen JSON path, refuses one that does not parse, and says when it finds no timestamp',
    { timeout: 45_000 },
    async () => {
      const input = page.getByLabel('Timestamp path');
      await input.fill('a..b');
      await page.getByRole('alert').filter({ hasText: 'a..b' }).waitFor();
      expect(await page.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);

      await input.fill('message');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(/No send timestamp found in the messages at message/).waitFor({ timeout: 10_000 });

      await input.fill('sentAt');
      await input.press('Enter');
      await expect.poll(latencySamples, { timeout: 10_000 }).toBeGreaterThanOrEqual(20);
      expect(await page.getByText(/No send timestamp found/).count()).toBe(0);
    },
  );

  it(
    'reads a steady 2.5 events/s as a line and shows inter-arrival percentiles next to latency',
    { timeout: 45_000 },
    async () => {
      await connect(`${app.demoUrl}/sse?interval=400&statusInterval=3600000&duration=30`);
      await openCharts();
      const RATES = /^now ([\d.]+) events\/s · .+ over the last 5 s · range ([\d.]+)–([\d.]+) events\/s over (\d+) s$/;
      const rates = page.getByTestId('rate-summary');
      // Past the first 5 s window, with a few seconds of points to range over.
      const text = await expect
        .poll(async () => Number(RATES.exec(await rates.innerText())?.[4] ?? -1), { timeout: 25_000 })
        .toBeGreaterThanOrEqual(3)
        .then(() => rates.innerText());
      const [, now, min, max] = RATES.exec(text)!.map(Number);
      expect(now).toBeGreaterThan(1.5);
      expect(now).toBeLessThan(3.5);
      // Per 250 ms bucket the same stream reads 0 or 4 (or 8) events/s.
      expect(max! - min!).toBeLessThan(1.5);
      const GAPS = /^p50 ([\d.]+) ms · p95 [\d.]+ ms · p99 [\d.]+ ms · mean [\d.]+ ms \((\d+) gaps\)$/;
      const gaps = GAPS.exec(await page.getByTestId('interarrival-summary').innerText());
      expect(gaps).not.toBeNull();
      expect(Number(gaps![1])).toBeGreaterThan(250);
      expect(Number(gaps![1])).toBeLessThan(650);
      // Both figures sit together, labelled, above the charts.
      const figures = await page.locator('.charts-figures').innerText();
      expect(figures).toMatch(/Latency[\s\S]*p50[\s\S]*Inter-arrival[\s\S]*p50/);
      await app.screenshot('charts-steady-rate');
    },
  );

  it(
    'gives every chart a text alternative: an image described by a table of its current figures',
    { timeout: 45_000 },
    async () => {
      // The 2.5 events/s session of the test before, already past its first 5 s window (a
      // session of its own would wait that window out again).
      await openCharts();
      for (const name of ['Latency', 'Events/s and bytes/s', 'Inter-arrival time']) {
        const chart = page.getByRole('img', { name: `${name} chart` });
        const table = page.getByRole('table', { name: `${name}: current figures` });
        // Tied together for assistive technology, and read even while not shown on screen.
        expect(await chart.getAttribute('aria-describedby')).toBe(await table.getAttribute('id'));
        // Rates need their first 5 s window.
        await expect.poll(() => table.getByRole('row').count(), { timeout: 20_000 }).toBeGreaterThan(2);
        // Off screen until asked for: inside a clipped 1-pixel box.
        expect((await table.locator('xpath=..').boundingBox())?.width).toBeLessThanOrEqual(1);
      }
      const rates = page.getByRole('table', { name: 'Events/s and bytes/s: current figures' });
      const now = Number(
        await rates
          .getByRole('row', { name: /^events\/s \(last 5 s\)/ })
          .getByRole('cell')
          .innerText(),
      );
      expect(now).toBeGreaterThan(1.5);
      expect(now).toBeLessThan(3.5);
      // The table is the chart's figures, not a copy frozen when it was first drawn.
      const latency = page.getByRole('table', { name: 'Latency: current figures' });
      const samples = () =>
        latency
          .getByRole('row', { name: /^samples/ })
          .getByRole('cell')
          .innerText()
          .then((t) => Number(t.replace(/,/g, '')));
      const before = await samples();
      await expect.poll(samples, { timeout: 10_000 }).toBeGreaterThan(before);
      const gaps = page.getByRole('table', { name: 'Inter-arrival time: current figures' });
      // Gaps of about 400 ms: the histogram's bin from 320 ms to 560 ms.
      expect(await gaps.getByRole('rowheader', { name: 'gaps 320ms–560ms' }).count()).toBe(1);
      // "Table" shows each one on screen.
      for (const toggle of await page.getByRole('button', { name: 'Table', exact: true }).all()) await toggle.click();
      await expect.poll(async () => (await latency.locator('xpath=..').boundingBox())?.width ?? 0).toBeGreaterThan(100);
      expect((await gaps.locator('xpath=..').boundingBox())?.width).toBeGreaterThan(100);
      await gaps.scrollIntoViewIfNeeded();
      await app.screenshot('charts-tables');
    },
  );

  it('says, once the session has ended, that its newest rate is the one at close', { timeout: 30_000 }, async () => {
    // The 2.5 events/s session of the tests before, still live: end it.
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await openCharts();
    const rates = page.getByTestId('rate-summary');
    await expect
      .poll(() => rates.innerText(), { timeout: 10_000 })
      .toMatch(/^at close [\d.]+ events\/s · .+ over its last 5 s · range/);
    const table = page.getByRole('table', { name: 'Events/s and bytes/s: current figures' });
    await expect
      .poll(() => table.getByRole('row', { name: /^events\/s \(last 5 s before close\)/ }).count(), { timeout: 10_000 })
      .toBe(1);
  });

  it('charts a WebSocket session from its inbound text frames', { timeout: 45_000 }, async () => {
    await connect(`${app.demoUrl.replace(/^http/, 'ws')}/ws?interval=50&statusInterval=120&duration=5`);
    await openCharts();
    await expect.poll(latencySamples, { timeout: 20_000 }).toBeGreaterThanOrEqual(10);
    await expect.poll(() => pixelsOf('rate-chart', [59, 130, 246]), { timeout: 10_000 }).toBeGreaterThan(20);
    await app.screenshot('charts-ws');
    const theme = page.getByRole('button', { name: /^Theme/ });
    for (let i = 0; i < 3 && !/dark/.test(await theme.innerText()); i++) await theme.click();
    await page.waitForTimeout(400);
    await app.screenshot('charts-ws-dark');
  });
});
