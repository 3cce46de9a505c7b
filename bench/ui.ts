/**
 * Rows 4b and 5: the UI in Chromium. Method:
 * - The app runs as users run it in a browser: `node bin/streamscope.js ui --port 0` in a child
 *   process (host + embedded demo server), opened in Debian's Chromium (headless, playwright-core,
 *   no DevTools network tracking: see lib/browser.ts). The page gets an in-page probe
 *   (lib/ui-probe.ts) before the app loads; the renderer calls its opt-in hook once per batch.
 *   The request bar's Reconnect is set to "off" so a finished stream stays finished; each run
 *   types the URL into "URL", clicks "Connect", and closes its tab afterwards.
 * - 4b (server write → row in the renderer): a paced SSE server in this process writes `rate`
 *   events/s, one write per event, each carrying its sentAt (performance.timeOrigin +
 *   performance.now(), wall-clock based). The probe stamps every row of the "Events" grid as it
 *   appears in the DOM and again once the frame that paints it is painted, on the page's wall clock. The two
 *   clocks' offset is measured by round trips (page.evaluate between two Node readings) and
 *   subtracted. The list is virtualised and follows the tail, so only rows that were rendered are
 *   sampled (reported). Budget on the painted stamp: p99 ≤ 50 ms, median of the runs' p99s.
 * - 5 (UI under load): the demo's /scenarios/firehose at 1k, 10k and 100k events/s offered for
 *   `seconds` each (count = rate × seconds; duration = seconds + 1 cuts a stream that falls
 *   behind), then unpaced (rate=0: as fast as the reader takes it) for the same time. What the
 *   demo really sent is read from its /metrics before and after each run and reported. Records
 *   reaching the renderer: events counted by the hook, rate = events after the first batch /
 *   (last batch − first batch); a run ends when the target arrived or nothing came for 1.5 s.
 *   Long tasks: PerformanceObserver 'longtask'. Clicks: the "Theme" toggle, looked up each time,
 *   is clicked every 200 ms during the stream (real input through CDP Input), measured from the
 *   input event's timeStamp to after the next frame. Reference in the same run, alternating with
 *   the UI: Chrome's native EventSource on the same firehose URL from a plain page served by this
 *   process on 127.0.0.1 (the demo allows any origin), counting onmessage the same way. Budget:
 *   UI events/s ≥ 0.95 × native (5 % for run-to-run noise) — or, when the server is the limit,
 *   the UI received every event the server sent it — and click p95 ≤ 100 ms.
 *   JS heap: a fresh host + page streams 1M events (full run) from the unpaced firehose into ONE
 *   session, in 5 connections of 200k (Reconnect on: the engine resumes after 3 s with
 *   Last-Event-ID); in each quiet gap usedJSHeapSize is read after a forced GC (CDP
 *   HeapProfiler). The renderer's ring (100k records) is full from the first point on. Budget:
 *   the last point ≤ 1.25 × the first.
 * Everything listens on 127.0.0.1; every wait is bounded.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBenchBrowser, measureClockOffset, startCpuProfile, type BenchBrowser } from './lib/browser';
import { startHostProcess, type HostProcess } from './lib/host-process';
import { formatRate, median, quantile } from './lib/measure';
import type { BenchRow } from './lib/table';
import { startPacedOnceServer } from './lib/paced-server';
import { PROBE_SCRIPT, type ProbeGlobal, type ProbeSnapshot } from './lib/ui-probe';

export interface UiBenchOptions {
  /** Runs per measurement (medians are taken across them). */
  runs: number;
  /** Smoke mode: 1k ev/s for 1 s, one run, a small heap phase. */
  quick?: boolean;
  log?: (line: string) => void;
  /**
   * When set, one extra (unmeasured) run of 4b and of row 5 at 10k ev/s (the first rate the list
   * falls behind at; the highest paced rate when 10k is not run) is made under the CDP profiler:
   * `ui-4b.cpuprofile` and `ui-5-<rate>.cpuprofile` are written here and the top self-time
   * functions are logged.
   */
  profileDir?: string;
  /** Which parts to run (default both): row 4b, and rows 5 (load, clicks, heap). */
  latency?: boolean;
  load?: boolean;
}

const RENDERER_RING = 100_000;

export async function benchUi(opts: UiBenchOptions): Promise<BenchRow[]> {
  const quick = opts.quick ?? false;
  const runs = quick ? 1 : Math.max(1, opts.runs);
  const log = opts.log ?? (() => {});
  const browser = await launchBenchBrowser();
  try {
    const rows: BenchRow[] = [];
    {
      const host = await startHostProcess();
      try {
        const page = await openApp(browser, host);
        if (opts.latency !== false) {
          log('  4b: write → row at 1k ev/s');
          rows.push(
            await rowLatency(page, { runs, rate: 1000, seconds: quick ? 1 : 3, profile: profiler(opts, 'ui-4b') }),
          );
        }
        if (opts.load !== false) {
          log('  5: UI under load');
          const rates = quick ? [1000] : [1000, 10_000, 100_000, 0];
          const profiledRate = rates.includes(10_000) ? 10_000 : Math.max(...rates);
          const profile = profiler(opts, `ui-5-${formatRate(profiledRate)}`);
          rows.push(
            ...(await uiUnderLoad(browser, page, host, {
              runs,
              rates,
              seconds: quick ? 1 : 5,
              log,
              profile,
              profiledRate,
            })),
          );
        }
        await page.close();
      } finally {
        await host.close();
      }
    }
    if (opts.load === false) return rows;
    log('  5: heap');
    rows.push(
      await heapRow(
        browser,
        quick
          ? { events: 5_000, segments: 1, timeoutMs: 30_000 }
          : { events: 1_000_000, segments: 5, timeoutMs: 180_000 },
      ),
    );
    return rows;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// page plumbing

type Profiler = ((page: Page, run: () => Promise<unknown>) => Promise<void>) | null;

/** An extra profiled run (see UiBenchOptions.profileDir), or null. */
function profiler(opts: UiBenchOptions, name: string): Profiler {
  const dir = opts.profileDir;
  if (!dir) return null;
  const log = opts.log ?? (() => {});
  return async (page, run) => {
    const session = await startCpuProfile(page);
    await run();
    const summary = await session.stop();
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(summary.profile));
    log(`    profile ${file} (${summary.totalMs.toFixed(0)} ms sampled); self time:`);
    for (const t of summary.top) log(`      ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  };
}

const probe = (page: Page) => ({
  reset: (target: number) => page.evaluate((t) => (globalThis as unknown as ProbeGlobal).__benchProbe.reset(t), target),
  watchRows: (on: boolean) =>
    page.evaluate((o) => (globalThis as unknown as ProbeGlobal).__benchProbe.watchRows(o), on),
  snapshot: (samples = false): Promise<ProbeSnapshot> =>
    page.evaluate((w) => (globalThis as unknown as ProbeGlobal).__benchProbe.snapshot(w), samples),
});

/**
 * Every page is a tab of one window, and a tab in the background gets almost no animation frames
 * (rAF ~1/s): each measurement brings its page to the front first.
 */
async function openApp(browser: BenchBrowser, host: HostProcess): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.addInitScript({ content: PROBE_SCRIPT });
  await page.goto(host.appUrl);
  await page.getByLabel('URL', { exact: true }).waitFor();
  // A finished bench stream must stay finished: no automatic reconnect.
  await page.getByLabel('Reconnect', { exact: true }).selectOption('off');
  return page;
}

async function connect(page: Page, url: string): Promise<void> {
  await page.getByLabel('URL', { exact: true }).fill(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

/** Disconnects if still live and closes the session's tab (which frees its renderer ring). */
async function finishSession(page: Page): Promise<void> {
  const disconnect = page.getByRole('button', { name: 'Disconnect', exact: true });
  if (await disconnect.isVisible()) await disconnect.click();
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 15_000 });
  const close = page.locator('[aria-label^="Close tab"]').first();
  if (await close.count()) await close.click();
}

/** Polls the probe until `done(snapshot)` or `timeoutMs`; returns the last snapshot. */
async function waitFor(
  page: Page,
  timeoutMs: number,
  done: (s: ProbeSnapshot) => boolean,
  every?: () => Promise<void>,
): Promise<ProbeSnapshot> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const snap = await probe(page).snapshot();
    if (done(snap) || Date.now() > end) return snap;
    if (every) await every();
    else await sleep(100);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// 4b

interface LatencyRun {
  p50: number;
  p99: number;
  /** p99 of the rows written after the first second (the session view has mounted). */
  steadyP99: number;
  domP99: number;
  arriveP50: number;
  arriveP99: number;
  /** The page's part: record arrival → row in the DOM → the frame that paints it, painted. */
  arriveToDomP50: number;
  arriveToDomP99: number;
  domToFrameP50: number;
  domToFrameP99: number;
  sampled: number;
  longTasks: number;
  longTaskMs: number;
  offset: number;
  rtt: number;
}

async function latencyRun(page: Page, count: number, rate: number): Promise<LatencyRun> {
  const clock = await measureClockOffset(page);
  const server = await startPacedOnceServer(count, rate);
  try {
    await probe(page).reset(count);
    await probe(page).watchRows(true);
    await connect(page, server.url);
    await waitFor(page, (count / rate) * 1000 + 20_000, (s) => s.targetAt >= 0);
    await sleep(300); // the last rows' frames
    await probe(page).watchRows(false);
    const snap = await probe(page).snapshot(true);
    if (snap.rowFrame.length === 0)
      throw new Error(`4b: no rows of the Events grid were observed (${snap.events} events arrived)`);
    const fix = (v: number) => v - clock.offsetMs;
    const frame = snap.rowFrame.map(fix);
    const arrive = snap.arrive.map(fix);
    const firstSent = Math.min(...snap.rowSentAt);
    const steady = frame.filter((_, i) => snap.rowSentAt[i]! >= firstSent + 1000);
    await finishSession(page);
    return {
      p50: quantile(frame, 0.5),
      p99: quantile(frame, 0.99),
      steadyP99: quantile(steady, 0.99),
      domP99: quantile(snap.rowDom.map(fix), 0.99),
      arriveP50: quantile(arrive, 0.5),
      arriveP99: quantile(arrive, 0.99),
      arriveToDomP50: quantile(snap.arriveToDom, 0.5),
      arriveToDomP99: quantile(snap.arriveToDom, 0.99),
      domToFrameP50: quantile(snap.domToFrame, 0.5),
      domToFrameP99: quantile(snap.domToFrame, 0.99),
      sampled: frame.length / count,
      longTasks: snap.longTasks,
      longTaskMs: snap.longTaskMs,
      offset: clock.offsetMs,
      rtt: clock.rttMs,
    };
  } finally {
    await server.close();
  }
}

async function rowLatency(
  page: Page,
  o: { runs: number; rate: number; seconds: number; profile: Profiler },
): Promise<BenchRow> {
  const count = Math.round(o.rate * o.seconds);
  await page.bringToFront();
  const runs: LatencyRun[] = [];
  for (let run = 0; run < o.runs; run++) runs.push(await latencyRun(page, count, o.rate));
  if (o.profile) await o.profile(page, () => latencyRun(page, count, o.rate));
  const m = (k: keyof LatencyRun) => median(runs.map((r) => r[k]));
  const p99 = m('p99');
  return {
    id: '4b',
    name: `server write → row painted (Chromium, ${formatRate(o.rate)} ev/s)`,
    value:
      `p50 ${m('p50').toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (` +
      (Number.isFinite(m('steadyP99')) ? `after the first second ${m('steadyP99').toFixed(1)} ms; ` : '') +
      `record reaches the page p50 ${m('arriveP50').toFixed(1)} / p99 ${m('arriveP99').toFixed(1)} ms; row in DOM p99 ${m('domP99').toFixed(1)} ms; ` +
      `in the page: arrival → DOM p50 ${m('arriveToDomP50').toFixed(1)} / p99 ${m('arriveToDomP99').toFixed(1)} ms, ` +
      `DOM → frame p50 ${m('domToFrameP50').toFixed(1)} / p99 ${m('domToFrameP99').toFixed(1)} ms; ` +
      `${(m('sampled') * 100).toFixed(0)} % of rows sampled; long tasks ${m('longTasks')} (${m('longTaskMs').toFixed(0)} ms))`,
    reference: `clock offset page−node ${m('offset').toFixed(2)} ms (±${(m('rtt') / 2).toFixed(2)})`,
    budget: 'p99 ≤ 50 ms',
    met: p99 <= 50,
    data: {
      p50: m('p50'),
      p99,
      steadyP99: m('steadyP99'),
      domP99: m('domP99'),
      arriveP50: m('arriveP50'),
      arriveP99: m('arriveP99'),
      arriveToDomP50: m('arriveToDomP50'),
      arriveToDomP99: m('arriveToDomP99'),
      domToFrameP50: m('domToFrameP50'),
      domToFrameP99: m('domToFrameP99'),
      sampledFraction: m('sampled'),
      longTasks: m('longTasks'),
      longTaskMs: m('longTaskMs'),
      clockOffsetMs: m('offset'),
      clockRttMs: m('rtt'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5

/** A plain page on 127.0.0.1 for the native EventSource reference (no app, no CSP). */
async function startPlainPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>native EventSource</title><p>native EventSource reference</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The stream was offered for `seconds` and nothing has arrived for 1.5 s: whatever was buffered
 * on the way has been delivered (the server stops at `duration` when it could not keep the pace).
 */
function quietAfterStream(s: ProbeSnapshot, seconds: number): boolean {
  return s.firstAt >= 0 && s.now - s.firstAt > seconds * 1000 && s.now - s.lastAt > 1500;
}

/** Events per second over [first arrival, last arrival], not counting the first batch's events. */
function arrivalRate(s: ProbeSnapshot): number {
  const span = s.lastAt - s.firstAt;
  return span > 0 ? ((s.events - s.firstEvents) / span) * 1000 : NaN;
}

/** The demo server's cumulative count of events sent (GET /metrics). */
async function demoMessagesSent(host: HostProcess): Promise<number> {
  const res = await fetch(`${host.demoUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { messagesSent?: unknown };
  if (typeof body.messagesSent !== 'number') throw new Error("5: the demo server's /metrics has no messagesSent");
  return body.messagesSent;
}

interface LoadRun {
  rate: number;
  events: number;
  longTasks: number;
  longTaskMs: number;
  clicks: number[];
  heap: number;
}

/** Centre of the Theme toggle, looked up before every click: its label (and width) changes. */
async function themeCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByRole('button', { name: /^Theme:/ }).boundingBox();
  if (!box) throw new Error('5: the Theme toggle is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function uiRun(page: Page, url: string, count: number, seconds: number): Promise<LoadRun> {
  await page.bringToFront();
  await probe(page).reset(count);
  await connect(page, url);
  let nextClick = Date.now() + 200;
  const snap = await waitFor(
    page,
    seconds * 1000 + 20_000,
    (s) => s.targetAt >= 0 || quietAfterStream(s, seconds),
    async () => {
      const wait = nextClick - Date.now();
      if (wait > 0) await sleep(Math.min(wait, 100));
      // Click only while the stream flows: that is the latency that matters.
      if (Date.now() >= nextClick) {
        nextClick = Date.now() + 200;
        const at = await themeCentre(page);
        await page.mouse.click(at.x, at.y);
      }
    },
  );
  await sleep(200); // the last click's frame
  const withClicks = await probe(page).snapshot(true);
  await finishSession(page);
  return {
    rate: arrivalRate(snap),
    events: snap.events,
    longTasks: withClicks.longTasks,
    longTaskMs: withClicks.longTaskMs,
    clicks: withClicks.clicks,
    heap: withClicks.heap,
  };
}

async function nativeRun(
  page: Page,
  url: string,
  count: number,
  seconds: number,
): Promise<{ rate: number; events: number }> {
  await page.bringToFront();
  await probe(page).reset(count);
  await page.evaluate((u) => (globalThis as unknown as ProbeGlobal).__benchProbe.startEventSource(u), url);
  const snap = await waitFor(page, seconds * 1000 + 20_000, (s) => s.targetAt >= 0 || quietAfterStream(s, seconds));
  await page.evaluate(() => (globalThis as unknown as ProbeGlobal).__benchProbe.stopEventSource());
  return { rate: arrivalRate(snap), events: snap.events };
}

async function uiUnderLoad(
  browser: BenchBrowser,
  page: Page,
  host: HostProcess,
  o: {
    runs: number;
    rates: number[];
    seconds: number;
    log: (l: string) => void;
    profile: Profiler;
    profiledRate: number;
  },
): Promise<BenchRow[]> {
  const plain = await startPlainPageServer();
  const native = await browser.newPage();
  try {
    await native.addInitScript({ content: PROBE_SCRIPT });
    await native.goto(plain.url);
    const rows: BenchRow[] = [];
    for (const rate of o.rates) {
      // rate 0 = unpaced: the firehose writes as fast as the reader takes it, for `seconds`.
      const label = rate === 0 ? 'unpaced' : `${formatRate(rate)} ev/s`;
      const count = rate === 0 ? 1_000_000 : Math.round(rate * o.seconds);
      // count ends the stream on time when the pace is kept; duration cuts it when it is not, so
      // the offer lasts `seconds` (+1 s for connection setup) either way.
      const url = `${host.demoUrl}/scenarios/firehose?rate=${rate}&count=${count}&duration=${o.seconds + 1}`;
      const ui: LoadRun[] = [];
      const ref: { rate: number; events: number }[] = [];
      // What the demo server really sent per run (its /metrics counter), for both sides.
      const sentUi: number[] = [];
      const sentNative: number[] = [];
      for (let run = 0; run < o.runs; run++) {
        let before = await demoMessagesSent(host);
        ui.push(await uiRun(page, url, count, o.seconds));
        sentUi.push((await demoMessagesSent(host)) - before);
        before = await demoMessagesSent(host);
        ref.push(await nativeRun(native, url, count, o.seconds));
        sentNative.push((await demoMessagesSent(host)) - before);
        o.log(
          `    ${label} run ${run + 1}: UI ${formatRate(ui.at(-1)!.rate)}/s (${ui.at(-1)!.events} of ${sentUi.at(-1)} sent), ` +
            `native ${formatRate(ref.at(-1)!.rate)}/s (${ref.at(-1)!.events} of ${sentNative.at(-1)} sent)`,
        );
      }
      if (o.profile && rate === o.profiledRate) await o.profile(page, () => uiRun(page, url, count, o.seconds));
      const uiRate = median(ui.map((r) => r.rate));
      const nativeRate = median(ref.map((r) => r.rate));
      const clicks = ui.flatMap((r) => r.clicks);
      const clickP50 = quantile(clicks, 0.5);
      const clickP95 = quantile(clicks, 0.95);
      const clickMax = clicks.length ? Math.max(...clicks) : NaN;
      const longTasks = median(ui.map((r) => r.longTasks));
      const longTaskMs = median(ui.map((r) => r.longTaskMs));
      // When the UI received every event the server sent it, the UI limited nothing: the rate is
      // the server's (the demo shares the host's process and event loop on the UI side).
      const tookAll = median(ui.map((r) => r.events)) >= median(sentUi);
      const met = (uiRate >= 0.95 * nativeRate || tookAll) && clicks.length > 0 && clickP95 <= 100;
      rows.push({
        id: `5-${rate === 0 ? 'max' : formatRate(rate)}`,
        name: `UI under load: ${label} offered for ${o.seconds} s`,
        value:
          `${formatRate(uiRate)} ev/s reach the renderer; long tasks ${longTasks} (${longTaskMs.toFixed(0)} ms); ` +
          `clicks p50 ${clickP50.toFixed(0)} / p95 ${clickP95.toFixed(0)} / max ${clickMax.toFixed(0)} ms (n=${clicks.length}); ` +
          `heap ${(median(ui.map((r) => r.heap)) / 2 ** 20).toFixed(0)} MiB`,
        reference: `native EventSource ${formatRate(nativeRate)} ev/s; server sent ${formatRate(median(sentUi))} / ${formatRate(median(sentNative))} events of ${formatRate(count)} offered`,
        budget: '≥ 0.95 × native (or all the server sent), click p95 ≤ 100 ms',
        met,
        data: {
          offered: rate,
          uiEventsPerSecond: uiRate,
          nativeEventsPerSecond: nativeRate,
          ratio: uiRate / nativeRate,
          uiEvents: median(ui.map((r) => r.events)),
          nativeEvents: median(ref.map((r) => r.events)),
          serverSentUi: median(sentUi),
          serverSentNative: median(sentNative),
          uiTookAllSent: tookAll ? 1 : 0,
          longTasks,
          longTaskMs,
          clickP50,
          clickP95,
          clickMax,
          clicks: clicks.length,
          heapBytes: median(ui.map((r) => r.heap)),
        },
      });
    }
    return rows;
  } finally {
    await native.close();
    await plain.close();
  }
}

async function gcHeap(page: Page): Promise<number> {
  // CDP's HeapProfiler (not the Network domain): a full GC so the figure is live data only.
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
  } finally {
    await cdp.detach();
  }
  return (await probe(page).snapshot()).heap;
}

async function heapRow(
  browser: BenchBrowser,
  o: { events: number; segments: number; timeoutMs: number },
): Promise<BenchRow> {
  const host = await startHostProcess();
  try {
    const page = await openApp(browser, host);
    await page.bringToFront();
    // Reconnect on: each connection of the firehose ends after `segment` events and the engine
    // reconnects 3 s later (Last-Event-ID continues the ids) into the SAME session. The gaps are
    // quiet points where the heap can be read without batches in flight.
    await page.getByLabel('Reconnect', { exact: true }).selectOption('on');
    const baseline = await gcHeap(page);
    const segment = Math.ceil(o.events / o.segments);
    const url = `${host.demoUrl}/scenarios/firehose?rate=0&count=${segment}&duration=${Math.ceil(o.timeoutMs / 1000)}`;
    await probe(page).reset(o.events);
    const started = Date.now();
    await connect(page, url);
    // Progress is what the back end has read (its stats ride on the batches): when the renderer
    // cannot keep up, the back end's ring overwrites records before they are sent (`skipped`).
    const points: { events: number; heap: number }[] = [];
    let last = await probe(page).snapshot();
    for (let k = 1; k <= o.segments; k++) {
      const left = Math.max(1000, o.timeoutMs - (Date.now() - started));
      last = await waitFor(
        page,
        left,
        (s) => s.sessionEvents >= k * segment && s.now - s.lastAt > 1000,
        () => sleep(100),
      );
      if (last.sessionEvents < k * segment) break;
      points.push({ events: last.sessionEvents, heap: await gcHeap(page) });
    }
    await finishSession(page);
    await page.close();
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    const first = points[0];
    const end = points.at(-1);
    const complete = points.length === o.segments;
    // The budget needs the ring full at the first point (smoke runs are too small for that).
    const ringFull = !!first && first.events >= 2 * RENDERER_RING;
    return {
      id: '5-heap',
      name: `UI JS heap while ${formatRate(last.sessionEvents)} events stream into one session`,
      value:
        `${points.map((p) => `${formatRate(p.events)}: ${mib(p.heap)}`).join(', ')} (empty app ${mib(baseline)}); ` +
        `the renderer got ${formatRate(last.events)} events, the back end skipped ${formatRate(last.skipped)} records it could not take`,
      reference: `renderer ring ${formatRate(RENDERER_RING)} records`,
      budget: ringFull
        ? 'flat once the ring is full: last ≤ 1.25 × first point'
        : 'none (too few events to fill the ring)',
      met: !ringFull ? null : complete && !!end && end.heap <= first.heap * 1.25,
      data: {
        events: last.sessionEvents,
        rendererEvents: last.events,
        skippedRecords: last.skipped,
        heapFirst: first?.heap ?? NaN,
        heapEnd: end?.heap ?? NaN,
        heapBaseline: baseline,
        firstEvents: first?.events ?? NaN,
      },
    };
  } finally {
    await host.close();
  }
}
