/**
 * The detail pane's raw and hex views of an event inside a large chunk (field report item 15):
 * the demo firehose at 5,000 events/s writes ~50 events (~4.9 KiB) per chunk. For an event whose
 * block lies deep in its chunk, both views scroll to the highlighted block, and the hex view shows
 * its ASCII column in full, with the block marked there too.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const detail = () => page.getByLabel('Detail', { exact: true });

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

/** Where the box's first highlight is: its offset in the content, and whether it is in view. */
function markPlacement(box: Locator) {
  return box.evaluate((el) => {
    const mark = el.querySelector('.raw-hl');
    if (!mark) return null;
    const b = el.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    return {
      offsetInContent: m.top - b.top + el.scrollTop,
      clientHeight: el.clientHeight,
      visible: m.top >= b.top - 1 && m.top + Math.min(m.height, 14) <= b.bottom + 1,
    };
  });
}

describe('raw view of an event in a large chunk', () => {
  it('scrolls the raw text and the hex dump to the highlighted block; the ASCII column is whole', async () => {
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/scenarios/firehose?rate=5000&count=1500&duration=5`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page
      .getByRole('tablist', { name: 'Session tabs' })
      .getByText('CLOSED', { exact: true })
      .waitFor({ timeout: 20_000 });
    // Walk the list from a row in the middle until an event's block lies below the first screen
    // of its raw view: the view must have scrolled to it.
    await grid().getByRole('row').nth(5).click();
    const raw = detail().getByLabel('Raw bytes');
    let deep: Awaited<ReturnType<typeof markPlacement>> = null;
    let steps = 0;
    for (; steps < 120 && !deep; steps++) {
      await page.keyboard.press('ArrowDown');
      await raw.waitFor();
      const placement = await markPlacement(raw);
      if (placement && placement.offsetInContent > placement.clientHeight * 1.5) deep = placement;
    }
    expect(deep, 'an event deep inside a large chunk').not.toBeNull();
    console.log(
      `raw view: block at ${Math.round(deep!.offsetInContent)} px in a ${deep!.clientHeight} px box after ${steps} rows`,
    );
    expect(deep!.visible).toBe(true);
    const chunkSize =
      (await detail().getByRole('table', { name: 'Chunks' }).locator('tbody td').nth(3).textContent()) ?? '';
    expect(chunkSize).toMatch(/KiB/);
    const id = await detail()
      .locator('.event-fields dt', { hasText: /^id$/ })
      .locator('xpath=following-sibling::dd[1]')
      .textContent();
    expect(id).toMatch(/^\d+$/);

    await detail().getByRole('button', { name: 'Hex', exact: true }).click();
    const hex = detail().getByLabel('Hex', { exact: true });
    await hex.locator('.raw-hl').first().waitFor();
    const hexPlacement = await markPlacement(hex);
    expect(hexPlacement?.visible).toBe(true);
    // No part of a line is cut off: the dump fits the pane's width.
    const fits = await hex.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
    // The block is marked in the ASCII column too (the event's id is in it).
    const asciiMarked = (await hex.locator('.hex-ascii .raw-hl').allTextContents()).join('');
    expect(asciiMarked.length).toBeGreaterThan(20);
    expect(asciiMarked).toContain(`id: ${id}.data: {"n":${id},`);
    await app.screenshot('raw-view-hex-large-chunk');
    expect(app.consoleErrors).toEqual([]);
  }, 60_000);
});
