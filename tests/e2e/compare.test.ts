/**
 * Compare view end to end (item 9): "Demo: SSE vs WebSocket" from the launcher opens both demo
 * streams and shows them side by side: messages, latency mean/p95 from `sentAt`, and the bytes of
 * overhead per message (SSE: body bytes beyond the data, tens of bytes; WS: frame headers, 2 B
 * for these small messages).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;
let page: Page;

const value = async (side: 'sse' | 'ws', metric: string) => page.getByTestId(`compare-${side}-${metric}`).innerText();
const num = (text: string) => Number(text.replace(/[^\d.]/g, ''));

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('compare view', () => {
  it(
    'shows SSE and WebSocket side by side with latency and bytes of overhead per message',
    { timeout: 60_000 },
    async () => {
      await page.getByRole('button', { name: 'Demo: SSE vs WebSocket' }).click();
      const view = page.getByRole('region', { name: 'SSE vs WebSocket' });
      await view.waitFor({ timeout: 20_000 });
      // The demo sends every 500 ms: wait for a few messages on both sides.
      await expect
        .poll(async () => Math.min(num(await value('sse', 'messages')), num(await value('ws', 'messages'))), {
          timeout: 20_000,
        })
        .toBeGreaterThanOrEqual(3);

      for (const side of ['sse', 'ws'] as const) {
        expect(await value(side, 'mean-latency')).toMatch(/^\d+(\.\d+)? (ms|s)$/);
        expect(await value(side, 'p95-latency')).toMatch(/^\d+(\.\d+)? (ms|s)$/);
        expect(await value(side, 'payload-per-message')).toMatch(/^\d+(\.\d)? B$/);
      }
      // Demo messages are < 126 bytes: a server WebSocket frame header is exactly 2 bytes.
      expect(await value('ws', 'overhead-per-message')).toBe('2.0 B');
      // SSE spends at least "data: " and a blank line around each message.
      expect(num(await value('sse', 'overhead-per-message'))).toBeGreaterThanOrEqual(8);
      expect(await view.getByTestId('compare-head-sse').innerText()).toMatch(/SSE\s+OPEN/);
      expect(await view.getByTestId('compare-head-ws').innerText()).toMatch(/WebSocket\s+OPEN/);
      // Live: counts keep growing.
      const before = num(await value('ws', 'messages'));
      await expect.poll(async () => num(await value('ws', 'messages')), { timeout: 10_000 }).toBeGreaterThan(before);
      // The small live chart drew both sides' latency lines (blue SSE, purple WebSocket).
      for (const rgb of [
        [59, 130, 246],
        [168, 85, 247],
      ] as const) {
        await expect
          .poll(
            () =>
              page
                .getByTestId('compare-latency-chart')
                .locator('canvas')
                .evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
                  const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
                  let n = 0;
                  for (let i = 0; i < data.length; i += 4)
                    if (
                      data[i + 3]! > 128 &&
                      Math.abs(data[i]! - r) < 40 &&
                      Math.abs(data[i + 1]! - g) < 40 &&
                      Math.abs(data[i + 2]! - b) < 40
                    )
                      n++;
                  return n;
                }, rgb),
            { timeout: 10_000 },
          )
          .toBeGreaterThan(10);
      }
      await app.screenshot('compare-sse-ws');
      // Dark theme: the same view stays readable (theme variables drive text, bars and axes).
      const theme = page.getByRole('button', { name: /^Theme/ });
      for (let i = 0; i < 3 && !/dark/.test(await theme.innerText()); i++) await theme.click();
      await page.waitForTimeout(600);
      await app.screenshot('compare-sse-ws-dark');
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
