/**
 * The in-page side of the UI rows, injected with page.addInitScript before the app loads. It is
 * plain JavaScript in a string because bench/ compiles without the DOM library. It measures:
 * - arrivals: the renderer's opt-in hook `globalThis.__streamscopeBench(batch)` (called first
 *   thing in stores/sessions.ts ingestBatch) counts records, events and batches with the time of
 *   the first and last batch, and when the event count reached `target`;
 * - native EventSource arrivals (the reference), counted the same way by `startEventSource`;
 * - long tasks (PerformanceObserver 'longtask'): count and total ms since the last reset;
 * - while rows are watched, the hook also takes each event's "sentAt" at its arrival;
 * - rows: a MutationObserver on the document reads each newly rendered row of the "Events" grid
 *   (by data-seq), takes the "sentAt" in its data preview and stamps it twice on the page's wall
 *   clock (performance.timeOrigin + performance.now()): in the DOM (observer callback, after
 *   React's commit) and once the frame that paints it has been painted (a message-channel task
 *   posted from that frame's rendering steps runs after its style/layout/paint, as for clicks).
 *   That frame is the current one when the row came in during a frame's animation-frame
 *   callbacks (the app renders there), else the next one. To know which, the probe wraps
 *   requestAnimationFrame: each frame's first callback marks "in a frame" until that task runs.
 *   With the arrival of the row's record (by seq), the two parts arrival → DOM and DOM → frame;
 * - clicks: a capture listener takes the input event's own timeStamp (when the browser created
 *   it, so time queued behind long tasks counts) to the end of the next frame (rAF, then a
 *   message-channel task that runs after that frame's style/layout/paint).
 * Times are performance.now() values except the row stamps, which are wall clock.
 */

/** What `snapshot()` returns (JSON-safe). */
export interface ProbeSnapshot {
  records: number;
  events: number;
  batches: number;
  /** performance.now() of the first and last batch with records (or native message); -1 before any. */
  firstAt: number;
  lastAt: number;
  /** Events in the first batch (excluded from rates measured over [firstAt, lastAt]). */
  firstEvents: number;
  /** performance.now() when `events` reached `target` (-1 if not yet). */
  targetAt: number;
  longTasks: number;
  longTaskMs: number;
  /** Records the back end reported as never delivered (its ring overwrote them first). */
  skipped: number;
  /** The highest events count the back end reported in a session's stats. */
  sessionEvents: number;
  /** Click → next frame painted, ms. */
  clicks: number[];
  /** Row in the DOM − sentAt, and the row's frame painted − sentAt (wall clock, uncorrected), ms. */
  rowDom: number[];
  rowFrame: number[];
  /** The sentAt of each rowFrame sample (Node's wall clock). */
  rowSentAt: number[];
  /** Event record reaching the renderer (hook) − sentAt, while rows are watched, ms. */
  arrive: number[];
  /** The parts of rowFrame for rows whose record's arrival was seen: arrival → row in the DOM, and
   * row in the DOM → its frame painted, ms (same clock, no offset to correct). */
  arriveToDom: number[];
  domToFrame: number[];
  /** performance.memory.usedJSHeapSize (bytes), -1 where unavailable. */
  heap: number;
  /** performance.now() when the snapshot was taken. */
  now: number;
}

/** The probe's page API, reached through globalThis.__benchProbe in page.evaluate. */
export interface PageProbe {
  reset(target: number): void;
  watchRows(on: boolean): void;
  snapshot(withSamples: boolean): ProbeSnapshot;
  startEventSource(url: string): void;
  stopEventSource(): void;
}

export interface ProbeGlobal {
  __benchProbe: PageProbe;
}

export const PROBE_SCRIPT = String.raw`(() => {
  if (globalThis.__benchProbe) return;
  const s = {};
  // While rows are watched: when each event record (by seq: one session) reached the page.
  const arrivedAt = new Map();
  let target = Infinity;
  let since = 0;
  const reset = (t) => {
    target = t;
    since = performance.now();
    Object.assign(s, { records: 0, events: 0, batches: 0, firstAt: -1, lastAt: -1, firstEvents: 0, targetAt: -1,
      longTasks: 0, longTaskMs: 0, skipped: 0, sessionEvents: 0, clicks: [], rowDom: [], rowFrame: [], rowSentAt: [], arrive: [], arriveToDom: [], domToFrame: [] });
    arrivedAt.clear();
  };
  reset(Infinity);
  const arrived = (records, events) => {
    s.batches++;
    // Batches carrying only session info (stats refreshes) say nothing about record flow.
    if (records === 0) return;
    const now = performance.now();
    if (s.firstAt < 0) { s.firstAt = now; s.firstEvents = events; }
    s.lastAt = now;
    s.records += records;
    s.events += events;
    if (s.targetAt < 0 && s.events >= target) s.targetAt = now;
  };
  let rowsOn = false;
  const wall = () => performance.timeOrigin + performance.now();
  globalThis.__streamscopeBench = (batch) => {
    let events = 0;
    for (const r of batch.records) if (r.kind === 'event') events++;
    arrived(batch.records.length, events);
    for (const k of batch.skipped) s.skipped += k.count;
    for (const info of batch.sessions) if (info.stats.events > s.sessionEvents) s.sessionEvents = info.stats.events;
    if (!rowsOn) return;
    const t = wall();
    for (const r of batch.records) {
      const m = r.kind === 'event' && /"sentAt":([0-9.]+)/.exec(r.data);
      if (m) { s.arrive.push(t - Number(m[1])); arrivedAt.set(r.seq, t); }
    }
  };

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.startTime >= since) { s.longTasks++; s.longTaskMs += e.duration; }
    }).observe({ type: 'longtask' });
  } catch {}

  let es = null;
  const startEventSource = (url) => {
    es = new EventSource(url);
    es.onmessage = () => arrived(1, 1);
    es.onerror = () => { if (es && es.readyState === 2) es = null; };
  };
  const stopEventSource = () => { if (es) es.close(); es = null; };

  // True from a frame's first animation-frame callback until a task after its paint.
  let inFrame = false;
  const afterPaint = (fn) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = fn;
    ch.port2.postMessage(0);
  };
  const nativeRaf = globalThis.requestAnimationFrame.bind(globalThis);
  globalThis.requestAnimationFrame = (cb) => nativeRaf((ts) => {
    if (!inFrame) { inFrame = true; afterPaint(() => { inFrame = false; }); }
    cb(ts);
  });

  const seen = new Set();
  let pending = [];
  let frameAsked = false;
  const onPainted = () => {
    frameAsked = false;
    const t = wall();
    for (const p of pending) {
      s.rowFrame.push(t - p.sentAt); s.rowSentAt.push(p.sentAt);
      if (p.arrived !== undefined) { s.arriveToDom.push(p.dom - p.arrived); s.domToFrame.push(t - p.dom); }
    }
    pending = [];
  };
  const scan = () => {
    const t = wall();
    const rows = document.querySelectorAll('[role="grid"][aria-label="Events"] [role="row"][data-seq]');
    for (const row of rows) {
      const seq = row.getAttribute('data-seq');
      if (seen.has(seq)) continue;
      seen.add(seq);
      const cell = row.querySelector('.c-data');
      const m = cell && /"sentAt":([0-9.]+)/.exec(cell.textContent || '');
      if (!m) continue;
      const sentAt = Number(m[1]);
      s.rowDom.push(t - sentAt);
      pending.push({ sentAt, dom: t, arrived: arrivedAt.get(Number(seq)) });
    }
    if (pending.length && !frameAsked) {
      frameAsked = true;
      if (inFrame) afterPaint(onPainted);
      else requestAnimationFrame(() => afterPaint(onPainted));
    }
  };
  const observer = new MutationObserver(scan);
  const watchRows = (on) => {
    observer.disconnect();
    seen.clear();
    pending = [];
    arrivedAt.clear();
    rowsOn = on;
    if (on) observer.observe(document.documentElement, { childList: true, subtree: true });
  };

  addEventListener('click', (e) => {
    // Only real input: a button may click something else programmatically (e.g. a file input).
    if (!e.isTrusted) return;
    const t0 = e.timeStamp;
    requestAnimationFrame(() => afterPaint(() => s.clicks.push(performance.now() - t0)));
  }, true);

  const snapshot = (withSamples) => {
    const mem = performance.memory;
    const out = Object.assign({}, s, { heap: mem ? mem.usedJSHeapSize : -1, now: performance.now() });
    if (!withSamples) { out.clicks = []; out.rowDom = []; out.rowFrame = []; out.rowSentAt = []; out.arrive = []; out.arriveToDom = []; out.domToFrame = []; }
    return out;
  };
  globalThis.__benchProbe = { reset, watchRows, snapshot, startEventSource, stopEventSource };
})();`;
