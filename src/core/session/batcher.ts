/**
 * Coalesces new records of ALL sessions into one Batch per flush, per subscriber. Flushes are at
 * least `delayMs` apart (default 16 ms, one frame), so a firehose produces at most ~60 messages a
 * second; there are never per-record timers or messages. A change after a quiet period (no flush
 * for `delayMs`) is flushed at once, on the next turn of the event loop (so what the same network
 * read produced still goes in one batch): a trickle's records do not wait for a window to close.
 * Under a steady stream a change waits only for the rest of the window since the last flush.
 *
 * Each subscriber has its own cursor per session. A subscriber that reports itself busy (the host:
 * its socket's send buffer is full) is skipped; its next batch is simply larger. When the ring
 * buffer overwrote records the subscriber never got, the batch says how many in `skipped`.
 */
import type { Batch, SessionInfo } from '#shared/api';
import type { StreamRecord } from '#shared/records';
import type { Session } from './session';
import { nodeTimers, type Timers } from '../timers';

export interface BatchSubscriberOptions {
  /** True while the consumer cannot take more (checked at each flush). Default: never busy. */
  isBusy?: () => boolean;
}

export interface Batcher {
  /** Called on every change; arms the flush (see above) when it is not armed. O(1). */
  schedule(): void;
  /** Adds a subscriber; sessions existing now are delivered from the oldest record their ring holds. */
  subscribe(listener: (batch: Batch) => void, options?: BatchSubscriberOptions): () => void;
  /** Flushes now (tests, shutdown). */
  flush(): void;
  /** Stops the timer; no more batches. */
  close(): void;
}

export interface BatcherOptions {
  /** The sessions to watch, in a stable order. */
  sessions: () => Iterable<Session>;
  /** Least time between two flushes. Default 16 ms (within 16–50): a record waits at most about one frame. */
  delayMs?: number;
  /** Most records in one batch; the rest follow at the next flush. Default 1,000 (~0.4 MB as the
   * browser host sends a firehose's events): a page parses and applies that in a few tens of ms,
   * so a click waits at most that long. At 10,000 (~4 MB) each batch was a task of 130–180 ms in
   * the page, and clicks under a firehose waited for them (BENCHMARKS.md, row 5). */
  maxRecords?: number;
  /** How long to wait before asking a busy subscriber again. Default 50 ms. */
  busyRetryMs?: number;
  /** Node's timers unless a test passes a fake clock. */
  timers?: Timers;
}

interface Subscriber {
  listener: (batch: Batch) => void;
  isBusy: () => boolean;
  /** Next seq to deliver per session. */
  cursors: Map<string, number>;
  /** Session version last sent per session. */
  versions: Map<string, number>;
}

/** See BatcherOptions.maxRecords. */
const DEFAULT_MAX_BATCH_RECORDS = 1_000;

export function createBatcher(options: BatcherOptions): Batcher {
  const delayMs = options.delayMs ?? 16;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_BATCH_RECORDS;
  const busyRetryMs = options.busyRetryMs ?? 50;
  const subscribers = new Set<Subscriber>();
  const timers = options.timers ?? nodeTimers;
  let timer: unknown = null;
  let immediate: unknown = null;
  let lastFlushAt = -Infinity;
  let closed = false;

  function arm(ms: number): void {
    if (timer !== null || immediate !== null || closed) return;
    timer = timers.setTimeout(() => {
      timer = null;
      flushWhenDue();
    }, ms);
  }

  /**
   * Flushes once the window since the last flush has passed. Node's timers count whole
   * milliseconds from the event loop's cached time, so one often ends a fraction of a millisecond
   * early: that rest is waited out with turns of the loop, not with another timer (at least 1 ms,
   * and often 2, which every record of the batch would wait on top of the window).
   */
  function flushWhenDue(): void {
    const early = lastFlushAt + delayMs - timers.now();
    if (early >= 1) arm(early);
    else if (early > 0) {
      immediate = timers.setImmediate(() => {
        immediate = null;
        flushWhenDue();
      });
    } else flush();
  }

  /** A change: flush at the end of the window since the last flush, or now when there is none. */
  function armForChange(): void {
    if (timer !== null || immediate !== null || closed) return;
    const wait = lastFlushAt + delayMs - timers.now();
    if (wait >= 1) {
      arm(wait);
      return;
    }
    // Due now or within the millisecond: on the next turn (or the few after it).
    immediate = timers.setImmediate(() => {
      immediate = null;
      flushWhenDue();
    });
  }

  function cancelPending(): void {
    if (timer !== null) timers.clearTimeout(timer);
    if (immediate !== null) timers.clearImmediate(immediate);
    timer = null;
    immediate = null;
  }

  /** Builds one subscriber's batch; returns null when it has nothing new. */
  function collect(sub: Subscriber, live: Session[]): { batch: Batch; more: boolean } | null {
    const records: StreamRecord[] = [];
    const skipped: Batch['skipped'] = [];
    const sessions: SessionInfo[] = [];
    let budget = maxRecords;
    let more = false;
    for (const s of live) {
      let cursor = sub.cursors.get(s.id) ?? 0;
      // Records removed by an explicit clear() are not "skipped": the user asked for it.
      if (cursor < s.ring.clearedSeq) cursor = s.ring.clearedSeq;
      if (cursor < s.ring.firstSeq) {
        skipped.push({ sessionId: s.id, count: s.ring.firstSeq - cursor });
        cursor = s.ring.firstSeq;
      }
      if (cursor < s.ring.nextSeq) {
        const taken = s.ring.slice(cursor, budget);
        for (const r of taken) records.push(r);
        budget -= taken.length;
        cursor += taken.length;
        if (cursor < s.ring.nextSeq) more = true;
      }
      sub.cursors.set(s.id, cursor);
      if (sub.versions.get(s.id) !== s.version) {
        sub.versions.set(s.id, s.version);
        sessions.push(s.info());
      }
    }
    if (records.length === 0 && skipped.length === 0 && sessions.length === 0) return null;
    return { batch: { records, skipped, sessions }, more };
  }

  function flush(): void {
    if (closed) return;
    lastFlushAt = timers.now();
    const live = [...options.sessions()];
    const liveIds = new Set(live.map((s) => s.id));
    let retryBusy = false;
    let more = false;
    for (const sub of subscribers) {
      for (const id of sub.cursors.keys()) if (!liveIds.has(id)) sub.cursors.delete(id);
      for (const id of sub.versions.keys()) if (!liveIds.has(id)) sub.versions.delete(id);
      if (sub.isBusy()) {
        retryBusy = true;
        continue;
      }
      const out = collect(sub, live);
      if (!out) continue;
      if (out.more) more = true;
      try {
        sub.listener(out.batch);
      } catch {
        // A failing consumer must not stop the others; it is the consumer's job to report.
      }
    }
    if (more) arm(delayMs);
    else if (retryBusy) arm(busyRetryMs);
  }

  return {
    schedule() {
      armForChange();
    },
    subscribe(listener, subOptions = {}) {
      const sub: Subscriber = {
        listener,
        isBusy: subOptions.isBusy ?? (() => false),
        cursors: new Map(),
        versions: new Map(),
      };
      // Existing sessions: deliver what the ring still holds (a page that reloads gets its history
      // back, up to the ring's size), and count what it no longer holds as skipped.
      for (const s of options.sessions()) sub.cursors.set(s.id, s.ring.clearedSeq);
      subscribers.add(sub);
      arm(delayMs);
      return () => {
        subscribers.delete(sub);
      };
    },
    flush() {
      cancelPending();
      flush();
    },
    close() {
      closed = true;
      cancelPending();
      subscribers.clear();
    },
  };
}
