/**
 * Record and replay end to end (item 8): record a live demo session, save it (a download in the
 * browser), open it again with the file input and by drag and drop, drive the transport controls
 * (speed, play, step, seek bar), and serve it as a live endpoint whose URL the UI shows.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { downloadText, launchAppForFile, openRecordingFile } from './helpers';
import { until } from '../support/wait';
import { deriveRecords, loadAnyRecording } from '../../src/core/recording';

let app: App;
let page: Page;
let recording = '';

const grid = () => page.getByRole('grid', { name: 'Events' });
const rowCount = async () => Number(await grid().getAttribute('aria-rowcount'));
const progress = () => page.getByTestId('replay-progress');

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { ownBrowser: true },
);

describe('record and replay', () => {
  it('records a live session, the events before Record included, and saves it as a download', async () => {
    await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}/scenarios/typed-events?count=6&interval=400`);
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    // Two events in before recording starts: "Include N buffered" keeps them, N counting live.
    await until('two events', rowCount, (n) => n >= 2);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const menu = page.getByRole('menu', { name: 'Start recording' });
    await menu.getByRole('menuitem', { name: 'Record from now' }).waitFor();
    const include = menu.getByRole('menuitem', { name: /^Include [\d,]+ buffered records$/ });
    const buffered = async () => Number(/[\d,]+/.exec((await include.textContent()) ?? '')![0].replace(/,/g, ''));
    const first = await buffered();
    expect(first).toBeGreaterThanOrEqual(4);
    await app.screenshot('record-menu');
    await until('the buffered count to follow the stream', buffered, (n) => n > first);
    await include.click();
    await page.getByRole('button', { name: '● Recording' }).waitFor();
    await page
      .getByRole('tablist', { name: 'Session tabs' })
      .getByText('CLOSED', { exact: true })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '● Recording' }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).waitFor();
    const saved = await downloadText(page, () => page.getByRole('button', { name: 'Save', exact: true }).click());
    expect(saved.name).toMatch(/\.ssrec$/);
    recording = saved.text;
    expect(recording.length).toBeGreaterThan(100);
    expect(recording).toContain('streamscope-recording');
    // Every event, the ones before Record too: the recording starts with the stream's head.
    const loaded = loadAnyRecording('typed.ssrec', recording);
    expect(loaded.header.resume).toBeUndefined();
    expect(loaded.records[0]).toMatchObject({ kind: 'state', reason: 'connecting' });
    const ns = deriveRecords(loaded).flatMap((r) =>
      r.kind === 'event' ? [(JSON.parse(r.data) as { n: number }).n] : [],
    );
    expect(ns).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('opens the recording from a file input and replays it instantly with the transport controls', async () => {
    await openRecordingFile(page, {
      name: 'typed.ssrec',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(recording),
    });
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    expect(await progress().textContent()).toMatch(/^0\.0 s \/ [\d.]+ s · 0\/\d+$/);
    await page.getByLabel('Replay speed').selectOption('0');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await until(
      'all records replayed',
      async () => (await progress().textContent()) ?? '',
      (t) => {
        const m = / · (\d+)\/(\d+)$/.exec(t);
        return !!m && m[1] === m[2] && m[2] !== '0';
      },
    );
    const events = await until('replayed events', rowCount, (n) => n > 0);
    expect(events).toBeGreaterThanOrEqual(1);
    expect(await grid().getByText('Notification').count()).toBeGreaterThan(0);
    await app.screenshot('replay-finished');

    // At the end, Play starts the replay over.
    const total = Number(/\/(\d+)$/.exec((await progress().textContent()) ?? '')![1]);
    await page.getByLabel('Replay speed').selectOption('0.25');
    await page.getByRole('button', { name: 'Play from start', exact: true }).click();
    await until(
      'back at the start',
      async () => (await progress().textContent()) ?? '',
      (t) => !t.endsWith(` · ${total}/${total}`),
    );
    await page.getByLabel('Replay speed').selectOption('0');
    await until(
      'replayed again to the end',
      async () => (await progress().textContent()) ?? '',
      (t) => t.endsWith(` · ${total}/${total}`),
    );
    expect(await grid().getByText('Notification').count()).toBeGreaterThan(0);
    expect(app.consoleErrors).toEqual([]);
  });

  it('opens a dropped recording, steps through it, seeks, and serves it at a local URL', async () => {
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.streamscope', { type: 'application/x-ndjson' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, recording);
    await until(
      'two replay tabs',
      () => page.getByRole('tablist', { name: 'Session tabs' }).getByText('REPLAY').count(),
      (n) => n === 2,
    );
    const index = async () => Number(/ · (\d+)\//.exec((await progress().textContent()) ?? '')?.[1] ?? -1);
    await until('at the start', index, (n) => n === 0);
    await page.getByRole('button', { name: 'Step' }).click();
    await until('one step', index, (n) => n >= 1);
    const afterStep = await index();
    await page.getByRole('button', { name: 'Step' }).click();
    await until('another step', index, (n) => n > afterStep);

    // Seek to the end with the keyboard on the seek bar.
    const seek = page.getByLabel('Seek');
    await seek.focus();
    await page.keyboard.press('End');
    await until('seeked forward', index, (n) => n > afterStep + 1);

    await page.getByRole('button', { name: 'Serve this recording' }).click();
    const url = await page.locator('.serving-url').textContent();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(url!, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = await res.text();
    expect(body).toContain('event: notification');
    await app.screenshot('replay-serving');
    await page.getByRole('button', { name: 'Stop serving' }).click();
    await page.getByRole('button', { name: 'Serve this recording' }).waitFor();
    expect(app.consoleErrors).toEqual([]);
  });
});
