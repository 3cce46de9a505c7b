/**
 * Reading while streaming (field report item 11). The back end's buffer is shrunk to 600
 * records (the defaultCapacity setting; the page's ring follows it), and the stream is a real SSE
 * server on 127.0.0.1 that sends firehose-like events when the test says, so each step holds on a
 * loaded machine however slowly the page keeps up. Selecting a row stops following: the row stays at the same place
 * on screen while rows keep arriving and the oldest are evicted, a "N new · Jump to latest"
 * button counts what came since and follows again; scrolling up stops following too; a selected
 * record that was evicted says so in the detail pane.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const CAPACITY = 600;
const grid = () => page.getByRole('grid', { name: 'Events' });
const jump = () => page.getByRole('button', { name: /Jump to latest$/ });
const newRows = async () => Number(((await page.getByTestId('new-rows').textContent()) ?? '').replace(/,/g, ''));
const evicted = async () => {
  const note = page.getByTestId('loss-note');
  if ((await note.count()) === 0) return 0;
  const m = /([\d,]+) evicted from the buffer/.exec((await note.textContent()) ?? '');
  return m ? Number(m[1]!.replace(/,/g, '')) : 0;
};
/**
 * Where the row of record `seq` is on screen (null when it is not rendered), as the next frame
 * paints it: read in an animation frame, where the page renders its batches (the rows and the
 * list's scroll offset for them, in one commit).
 */
const rowTop = (seq: string) =>
  page.evaluate(
    (s) =>
      new Promise<{ top: number; inView: boolean } | null>((resolve) =>
        requestAnimationFrame(() => {
          const row = document.querySelector(`[role="grid"][aria-label="Events"] [data-seq="${s}"]`);
          const box = document.querySelector('[role="grid"][aria-label="Events"]')!.getBoundingClientRect();
          if (!row) return resolve(null);
          const r = row.getBoundingClientRect();
          // Relative to the list's viewport: the loss note appearing above the list moves the whole grid.
          resolve({ top: Math.round(r.top - box.top), inView: r.top >= box.top && r.bottom <= box.bottom });
        }),
      ),
    seq,
  );

/**
 * Clicks the last (or first) row fully in view by its position, as a person would on a moving
 * list (whatever row is under the pointer then is selected), and returns the selected row's seq.
 */
async function clickRowInView(which: 'first' | 'last'): Promise<string> {
  const point = await grid().evaluate((el, w) => {
    const box = el.getBoundingClientRect();
    const rows = [...el.querySelectorAll('[data-seq]')]
      .map((r) => r.getBoundingClientRect())
      .filter((r) => r.top >= box.top && r.bottom <= box.bottom)
      .sort((a, b) => a.top - b.top);
    const r = w === 'first' ? rows[0] : rows[rows.length - 1];
    return r ? { x: r.left + 200, y: r.top + r.height / 2 } : null;
  }, which);
  if (!point) throw new Error('no row in view');
  await page.mouse.click(point.x, point.y);
  const selected = grid().locator('[aria-selected="true"]');
  await selected.waitFor();
  return (await selected.getAttribute('data-seq'))!;
}

let server: Server;
let stream: ServerResponse | null = null;
let nextId = 1;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    stream = res;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  stream?.end();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends `n` events, a few ms apart (so they mostly arrive as separate chunks), then waits for the list. */
async function send(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = nextId++;
    stream!.write(`id: ${id}\ndata: {"n":${id},"pad":"${'x'.repeat(40)}"}\n\n`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const last = nextId - 1;
  await until(`event ${last} in the page`, lastArrived, (id) => id >= last, 30_000);
}
/** Events the page has received (the "message" type chip counts every one, evicted or not). */
const lastArrived = async () => {
  const chip = page.getByRole('group', { name: 'Event types' }).locator('.chip-count').first();
  if ((await chip.count()) === 0) return 0;
  return Number(((await chip.textContent()) ?? '0').replace(/,/g, ''));
};

launchAppForFile(async (launched) => {
  app = launched;
  page = launched.page;
  const reply = await page.evaluate(
    async ({ token, capacity }) => {
      const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const answer = new Promise<string>((resolve) => {
        ws.onmessage = (e) => {
          if (typeof e.data === 'string' && e.data.includes('"id":1')) resolve(e.data);
        };
      });
      ws.send(JSON.stringify({ id: 1, method: 'settings.set', params: [{ defaultCapacity: capacity }] }));
      const text = await answer;
      ws.close();
      return text;
    },
    { token: launched.token, capacity: CAPACITY },
  );
  if (!reply.includes('"ok":true')) throw new Error(`settings.set failed: ${reply}`);
});

describe('reading while streaming', () => {
  it('a selected row stays put while rows arrive and the buffer evicts; Jump to latest follows again', async () => {
    await page.getByLabel('URL', { exact: true }).fill(url);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('button', { name: 'Disconnect', exact: true }).waitFor();
    await until(
      'the stream',
      async () => stream !== null,
      (connected) => connected,
    );
    await send(300);
    // Select the newest row on screen.
    const seq = await clickRowInView('last');
    await grid().locator(`[data-seq="${seq}"][aria-selected="true"]`).waitFor();
    // Nothing new yet, and the newest row on screen: nothing to jump to.
    expect(await jump().count()).toBe(0);
    await send(5);
    await jump().waitFor();
    const placed = (await rowTop(seq))!;
    expect(placed.inView).toBe(true);
    const evictedAtSelect = await evicted();
    // Rows keep coming and the oldest are evicted; the selected row does not move.
    while ((await evicted()) < evictedAtSelect + 50 || (await newRows()) < 100) {
      await send(25);
      // Same place in the list's viewport (the loss note, once shown, only shortens it at the top).
      expect((await rowTop(seq))?.top).toBe(placed.top);
    }
    expect(await grid().locator(`[data-seq="${seq}"]`).getAttribute('aria-selected')).toBe('true');
    await app.screenshot('events-follow-paused');

    // Away to the launcher and back: the list comes back not following, the selected row in view.
    await page.getByRole('button', { name: 'New session' }).click();
    await grid().waitFor({ state: 'detached' });
    await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').first().click();
    await jump().waitFor();
    await until(
      'the selected row in view again',
      () => rowTop(seq),
      (r) => r?.inView === true,
    );
    expect(await grid().locator(`[data-seq="${seq}"]`).getAttribute('aria-selected')).toBe('true');

    // Jump to latest: the list follows the tail again and the button goes away.
    await jump().click();
    await jump().waitFor({ state: 'detached' });
    await send(10);
    await until(
      'the list at the bottom',
      () => grid().evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight),
      (gap) => gap < 30,
    );
    expect((await rowTop(seq))?.inView ?? false).toBe(false);
  }, 120_000);

  it('scrolling up stops following without a selection; End follows again', async () => {
    await grid().hover();
    await page.mouse.wheel(0, -600);
    await jump().waitFor();
    const top = await grid().evaluate((el) => {
      const rows = [...el.querySelectorAll('[data-seq]')] as HTMLElement[];
      const box = el.getBoundingClientRect();
      return rows
        .filter((r) => r.getBoundingClientRect().top >= box.top)
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0]!.dataset.seq!;
    });
    const placed = (await rowTop(top))!;
    await send(30);
    expect(await rowTop(top)).toEqual(placed);
    expect(await newRows()).toBeGreaterThanOrEqual(30);
    await grid().focus();
    await page.keyboard.press('End');
    await jump().waitFor({ state: 'detached' });
  }, 60_000);

  it('following, renders only the rows in view; scrolled up, a dozen more on each side', async () => {
    // While following a fast stream every row in view is new in each frame: rows beyond the view
    // would be laid out and painted for nothing (BENCHMARKS.md, row 5).
    await send(40);
    const rendered = () =>
      grid().evaluate((el) => ({
        rows: el.querySelectorAll('[data-seq]').length,
        fits: Math.ceil(el.clientHeight / 24) + 1,
      }));
    const following = await rendered();
    expect(following.rows).toBeGreaterThanOrEqual(following.fits - 1);
    expect(following.rows).toBeLessThanOrEqual(following.fits + 2);
    await grid().hover();
    await page.mouse.wheel(0, -600);
    await jump().waitFor();
    await until('the rows around the view', rendered, (r) => r.rows >= r.fits + 24);
    await grid().focus();
    await page.keyboard.press('End');
    await jump().waitFor({ state: 'detached' });
  }, 60_000);

  it('a batch re-renders the rows and the counts, not the filter bar’s inputs', async () => {
    // React re-applies an input's attributes whenever it renders it: a bar that rendered its
    // inputs per batch set them dozens of times a second under a stream (seen in the profile).
    const inputs = await page.evaluate(() => {
      const w = window as unknown as { __inputWrites: number; __inputObserver: MutationObserver };
      w.__inputWrites = 0;
      w.__inputObserver = new MutationObserver((list) => (w.__inputWrites += list.length));
      const found = [...document.querySelectorAll('.filter-bar input')];
      for (const input of found) w.__inputObserver.observe(input, { attributes: true });
      return found.length;
    });
    expect(inputs).toBeGreaterThanOrEqual(4);
    const before = await lastArrived();
    await send(100);
    expect(await lastArrived()).toBeGreaterThanOrEqual(before + 100);
    const writes = await page.evaluate(() => {
      const w = window as unknown as { __inputWrites: number; __inputObserver: MutationObserver };
      w.__inputObserver.disconnect();
      return w.__inputWrites;
    });
    expect(writes).toBe(0);
  }, 60_000);

  it('a selected record that the buffer evicted says so in the detail pane', async () => {
    const seq = await clickRowInView('first');
    const note = page.getByText(`Record #${seq} was evicted from this session's 600-record buffer`);
    for (let round = 0; round < 40 && (await note.count()) === 0; round++) await send(25);
    await note.waitFor();
    await app.screenshot('events-follow-evicted');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    expect(app.consoleErrors).toEqual([]);
  }, 90_000);
});
