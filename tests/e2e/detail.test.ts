/**
 * The detail pane end to end (item 4): pick an event from the demo's CRLF scenario and see its
 * parsed fields, its data as text, the raw bytes of its block with CR/LF made visible, a hex
 * view and the chunk it came from; then a JSON event as a collapsible tree with copy path.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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

function field(name: string) {
  return detail()
    .locator('.event-fields dt', { hasText: new RegExp(`^${name}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

describe('detail pane', () => {
  it('shows fields, raw CRLF bytes with the block highlighted, hex and the source chunk of a two-line event', async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/crlf`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await grid().getByText('line one⏎line two').waitFor({ timeout: 15_000 });
    await page.getByText('Select a row').waitFor();
    await grid().getByText('line one⏎line two').click();

    expect(await field('event').textContent()).toBe('message');
    expect(await field('id').textContent()).toBe('2');
    expect(await field('lastEventId').textContent()).toBe('2');
    expect(await detail().locator('.data-text').first().textContent()).toBe('line one\nline two');
    const raw = detail().getByLabel('Raw bytes');
    const rawText = (await raw.textContent()) ?? '';
    expect(rawText).toContain('data: line one\\r\\n');
    const highlighted = (await raw.locator('.raw-hl').textContent()) ?? '';
    expect(highlighted.startsWith('id: 2\\r\\n')).toBe(true);
    expect(highlighted).toContain('data: line two\\r\\n\n\\r\\n');
    const chunkRows = detail().getByRole('table', { name: 'Chunks' }).locator('tbody tr');
    expect(await chunkRows.count()).toBeGreaterThanOrEqual(1);
    expect(await chunkRows.first().locator('td').nth(1).textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    await app.screenshot('detail-crlf-raw');

    await detail().getByRole('button', { name: 'Hex' }).click();
    const hex = (await detail().getByLabel('Hex').textContent()) ?? '';
    expect(hex).toMatch(/^00000000 {2}3a 20/);
    expect(hex).toContain('0d 0a');

    // The notification event one row up: its retry field came in the same block.
    await grid().getByText('{"message":"first","ending":"CRLF"}').click();
    expect(await field('event').textContent()).toBe('notification');
    expect(await field('retry').textContent()).toBe('2000 ms');
  });

  it('renders JSON data as a collapsible tree with copy value / copy path', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/typed-events?count=3&interval=50`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await grid().getByText('Notification 2').waitFor({ timeout: 15_000 });
    await grid().getByText('Notification 2').click();
    const tree = detail().getByRole('tree', { name: 'JSON data' });
    await tree.waitFor();
    const textNode = tree.locator('[data-path="text"]');
    expect(await textNode.textContent()).toContain('"Notification 2"');
    expect(await textNode.getByRole('button', { name: 'copy path' }).count()).toBe(1);
    expect(await textNode.getByRole('button', { name: 'copy value' }).count()).toBe(1);
    await tree.getByRole('button', { name: 'Collapse' }).first().click();
    expect(await tree.locator('[data-path="text"]').count()).toBe(0);
    await tree.getByRole('button', { name: 'Expand' }).first().click();
    expect(await tree.locator('[data-path="level"]').textContent()).toContain('"warning"');
    await app.screenshot('detail-json-tree');

    // Keyboard: ↓ in the focused list moves the selection.
    await grid().focus();
    await page.keyboard.press('ArrowDown');
    expect(await detail().locator('h3').textContent()).toMatch(/^#\d+/);
    expect(app.consoleErrors).toEqual([]);
  });

  // The body starts with a UTF-8 BOM, which the decoder drops: the highlight was 3 bytes early.
  it('highlights exactly the bytes of each block after a BOM, in text and in hex', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/bom`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await grid().getByText('second', { exact: true }).waitFor({ timeout: 15_000 });
    const marked = async (box: string) =>
      (await detail().getByLabel(box, { exact: true }).locator('.raw-hl').allTextContents()).join('');
    const hex = detail().getByLabel('Hex', { exact: true });
    // The marked bytes of the hex column, and of the ASCII column beside it.
    const hexMarked = async () =>
      (await hex.locator('.hex-row > .raw-hl').allTextContents()).join(' ').trim().split(/\s+/);
    const asciiMarked = async () => (await hex.locator('.hex-ascii .raw-hl').allTextContents()).join('');
    const bytesOf = (text: string) => [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0'));

    await grid().getByText('{"message":"after the BOM"}').click();
    expect(await marked('Raw bytes')).toBe('data: {"message":"after the BOM"}\\n\n\\n\n');
    await detail().getByRole('button', { name: 'Hex' }).click();
    expect(await hexMarked()).toEqual(bytesOf('data: {"message":"after the BOM"}\n\n'));
    expect(await asciiMarked()).toBe('data: {"message":"after the BOM"}..');

    await grid().getByText('second', { exact: true }).click();
    expect(await hexMarked()).toEqual(bytesOf('id: 2\ndata: second\n\n'));
    expect(await asciiMarked()).toBe('id: 2.data: second..');
    await detail().getByRole('button', { name: 'Text' }).click();
    expect(await marked('Raw bytes')).toBe('id: 2\\n\ndata: second\\n\n\\n\n');
    expect(app.consoleErrors).toEqual([]);
  });
});
