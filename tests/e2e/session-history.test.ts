/**
 * A session's view stays true to what happened: a replay shows READY before Play; seeking
 * (forward or back) rebuilds the list and Stats to exactly a fresh play to that point; a page
 * that reloads gets back what the back end still holds, and says plainly what it did not get
 * ("showing N of M; K skipped at the renderer, J evicted from the buffer", adding up).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reloadWithTabs } from './helpers';
import { until } from '../support/wait';
import { reconnectingRecordingText } from '../core/recording/helpers';
import { createReplayer, loadAnyRecording } from '../../src/core/recording';
import { createSequencedSink } from '../../src/core/stream';

let app: App;
let page: Page;

const grid = () => page.getByRole('grid', { name: 'Events' });
const rowCount = async () => Number(await grid().getAttribute('aria-rowcount'));
const activeTab = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });
const progressIndex = async () =>
  Number(/ · (\d+)\//.exec((await page.getByTestId('replay-progress').textContent()) ?? '')?.[1] ?? -1);
const stat = (name: string) => page.getByTestId(`stat-${name}`).textContent();

const text = reconnectingRecordingText();

/** Events and reconnects of a fresh play of the recording to record `index`. */
function freshPlay(index: number): { events: string[]; reconnects: number } {
  const events: string[] = [];
  let reconnects = 0;
  const replayer = createReplayer(
    loadAnyRecording('seek.ssrec', text),
    createSequencedSink('fresh', (r) => {
      if (r.kind === 'event') events.push(r.data);
      if (r.kind === 'state' && r.reason === 'reconnecting') reconnects++;
    }),
    { autoplay: false, speed: 0 },
  );
  for (let i = 0; i < index; i++) replayer.step();
  return { events, reconnects };
}

/** Moves the seek bar to a fraction of the recording, as a pointer drag ending there would. */
async function seekTo(fraction: number): Promise<void> {
  await page.getByLabel('Seek', { exact: true }).evaluate((el: HTMLInputElement, f) => {
    const value = Math.round(Number(el.max) * f);
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, String(value));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, fraction);
  await page.getByLabel('Seek', { exact: true }).dispatchEvent('pointerup');
}

/** Seeks, then checks the list and Stats against a fresh play to the record the seek reached. */
async function seekAndCompare(fraction: number): Promise<void> {
  const before = await progressIndex();
  await seekTo(fraction);
  // Wait until the rebuilt view has settled on the new index the progress shows.
  const index = await until(
    'a settled seek',
    async () => {
      const i = await progressIndex();
      return i !== before && (await rowCount()) === freshPlay(i).events.length ? i : -1;
    },
    (i) => i > 0,
  );
  const fresh = freshPlay(index);
  const data = await until(
    'the rebuilt rows',
    () => grid().getByRole('row').locator('.c-data').allTextContents(),
    (d) => JSON.stringify(d) === JSON.stringify(fresh.events),
    5000,
  );
  expect(data).toEqual(fresh.events);
  await until(
    'stats of the rebuilt view',
    () => stat('messages-received'),
    (t) => t === String(fresh.events.length),
  );
  expect(await stat('reconnects')).toBe(String(fresh.reconnects));
}

/** Reloads the page, waits for every tab to come back and selects the newest. */
async function reloadAndSelectLastTab(): Promise<void> {
  await reloadWithTabs(page);
  await page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab').last().click();
}

launchAppForFile((launched) => {
  app = launched;
  page = launched.page;
});

describe('session history', () => {
  it('a replay shows READY before Play, not CONNECTING', async () => {
    await page
      .getByLabel('Recording file')
      .first()
      .setInputFiles({ name: 'seek.ssrec', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    await activeTab().getByText('READY', { exact: true }).waitFor({ timeout: 15_000 });
    expect(await activeTab().getByText('CONNECTING', { exact: true }).count()).toBe(0);
    await app.screenshot('replay-ready');
  });

  it('seeking forward and back rebuilds the list and Stats to a fresh play to that point', async () => {
    await page.getByRole('tab', { name: 'Stats' }).click();
    // A quarter of the recorded pace (about 4 s in all): time to pause part-way.
    await page.getByLabel('Replay speed').selectOption('0.25');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until('some events', rowCount, (n) => n >= 3);
    await page.getByRole('button', { name: 'Pause replay' }).click();
    await activeTab().getByText('paused').waitFor();
    await seekAndCompare(0.85);
    await seekAndCompare(0.15);
    await app.screenshot('replay-seek-back');
    await page.getByLabel('Replay speed').selectOption('0');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until('all 24 events', rowCount, (n) => n === 24);
    // Following, the list renders the rows in view only: from the top, it renders them all.
    await grid().focus();
    await page.keyboard.press('Home');
    await until(
      'the first row rendered',
      () => grid().locator('[aria-rowindex="1"]').count(),
      (n) => n === 1,
    );
    const data = await grid().getByRole('row').locator('.c-data').allTextContents();
    expect(data.map((d) => (JSON.parse(d) as { n: number }).n)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    await until(
      '24 messages',
      () => stat('messages-received'),
      (t) => t === '24',
    );
    expect(await stat('reconnects')).toBe('1');
  });

  it('a reloaded page gets the history back from the back end', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/sse?interval=30&statusInterval=100000`);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await until('40 rows', rowCount, (n) => n >= 40);
    await reloadAndSelectLastTab();
    const rows = await until('the history', rowCount, (n) => n >= 40);
    expect(rows).toBeGreaterThanOrEqual(40);
    // The history starts at the beginning: the stream's first message is there.
    await page.getByLabel('Filter data').fill('connection established');
    await grid().getByText('SSE connection established').waitFor({ timeout: 5000 });
    await page.getByLabel('Filter data').fill('');
    expect(await page.getByTestId('loss-note').count()).toBe(0);
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  });

  it(
    'says what the view does not hold, with counts that add up, live and after a reload',
    { timeout: 60_000 },
    async () => {
      // A small buffer on both sides: the back end keeps 500 records per session.
      const set = await page.evaluate(async (token) => {
        const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
        await new Promise((resolve) => (ws.onopen = resolve));
        const reply = new Promise<string>((resolve) => {
          ws.onmessage = (e) => {
            if (typeof e.data === 'string' && e.data.includes('"id":1')) resolve(e.data);
          };
        });
        ws.send(JSON.stringify({ id: 1, method: 'settings.set', params: [{ defaultCapacity: 500 }] }));
        const text = await reply;
        ws.close();
        return text;
      }, app.token);
      expect(set).toContain('"ok":true');
      await page.getByRole('button', { name: 'New session' }).click();
      await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/firehose?rate=0&count=5000`);
      await page.getByLabel('Reconnect').selectOption('off');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await activeTab().getByText('CLOSED', { exact: true }).waitFor({ timeout: 20_000 });
      const parse = (t: string) => {
        const m =
          /^showing ([\d,]+) of ([\d,]+) records; ([\d,]+) skipped at the renderer, ([\d,]+) evicted from the buffer$/.exec(
            t.replace(/\s+/g, ' ').trim(),
          );
        if (!m) throw new Error(`unexpected note: ${t}`);
        const [held, arrived, skipped, evicted] = m.slice(1).map((x) => Number(x.replace(/,/g, '')));
        return { held: held!, arrived: arrived!, skipped: skipped!, evicted: evicted! };
      };
      const note = page.getByTestId('loss-note');
      const live = parse((await note.textContent()) ?? '');
      expect(live.held).toBe(500);
      expect(live.held + live.skipped + live.evicted).toBe(live.arrived);
      // 5,000 events plus the connection's state, response and chunk records all arrived.
      expect(live.arrived).toBeGreaterThan(5000);
      await app.screenshot('loss-note-live');

      await reloadAndSelectLastTab();
      await note.waitFor();
      const reloaded = parse((await note.textContent()) ?? '');
      // The back end held its last 500 records; the rest is said to be missing, not hidden.
      expect(reloaded).toEqual({ held: 500, arrived: live.arrived, skipped: live.arrived - 500, evicted: 0 });
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
