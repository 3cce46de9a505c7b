import { create } from 'zustand';
import type { Batch, InspectorApi, SessionInfo } from '#shared/api';
import { getListIndex } from '../lib/list-index';
import { createRecordRing, type RecordRing } from '../lib/record-ring';

/** Renderer-side retention per session; the back end's ring buffer stays the authority. */
export const RENDERER_RING_CAPACITY = 100_000;

interface SessionsState {
  /** Latest info (stats, readyState, replay status) per session. */
  sessions: Record<string, SessionInfo>;
  /** Tab order. */
  order: string[];
  activeId: string | null;
  /** Bumped once per batch that touched the session: subscribe to this, read records from the ring. */
  versions: Record<string, number>;
  /** Records this page never received (the back end no longer held them), per session. */
  skipped: Record<string, number>;
  setActive(id: string | null): void;
  upsert(info: SessionInfo): void;
  /** Forgets a closed tab; a `successor` (a tab opened to replace it) takes its place in the strip. */
  remove(id: string, successor?: string): void;
}

const rings = new Map<string, RecordRing>();
/** Sessions the user closed: a batch already in flight must not bring their tab back. */
const forgotten = new Set<string>();
/**
 * Per session, the seq the next record should carry: a smaller one was already received (a
 * reconnected page is sent the back end's history again), a larger one means records in between
 * never reached this page.
 */
const expectedSeq = new Map<string, number>();
/** Per session, the back end's clearedSeq last applied here. */
const appliedClear = new Map<string, number>();

/** The mutable record ring of a session (created on first use). Read it after a version bump. */
export function getRecords(sessionId: string): RecordRing {
  let ring = rings.get(sessionId);
  if (!ring) {
    ring = createRecordRing(RENDERER_RING_CAPACITY);
    rings.set(sessionId, ring);
  }
  return ring;
}

/** What the list holds of what arrived, and where the rest went. held + skipped + evicted = arrived. */
export interface RecordLoss {
  held: number;
  /** Never received by this page: the back end had dropped them before they could be sent. */
  skipped: number;
  /** Received, then overwritten in this page's buffer. */
  evicted: number;
  arrived: number;
}

export function recordLoss(sessionId: string, skipped: number): RecordLoss {
  const ring = getRecords(sessionId);
  return { held: ring.length, skipped, evicted: ring.evicted, arrived: ring.length + skipped + ring.evicted };
}

/**
 * Applies what a session's info says about its records: the ring is sized like the back end's
 * (never above RENDERER_RING_CAPACITY), and when the back end removed records on purpose (Clear,
 * a replay's seek rebuilding its view) this page drops what it holds too. Returns true then.
 */
function applyInfo(info: SessionInfo): boolean {
  const capacity = Math.min(info.capacity, RENDERER_RING_CAPACITY);
  const ring = rings.get(info.id);
  if (!ring || (ring.total === 0 && ring.capacity !== capacity)) rings.set(info.id, createRecordRing(capacity));
  const applied = appliedClear.get(info.id);
  if (applied !== undefined && info.clearedSeq <= applied) return false;
  appliedClear.set(info.id, info.clearedSeq);
  // From here on, records are expected from clearedSeq: one that comes later means a gap.
  expectedSeq.set(info.id, Math.max(info.clearedSeq, applied === undefined ? (expectedSeq.get(info.id) ?? 0) : 0));
  if (applied === undefined) return false;
  getRecords(info.id).clear();
  getListIndex(info.id).reset();
  return true;
}

export const useSessions = create<SessionsState>((set) => ({
  sessions: {},
  order: [],
  activeId: null,
  versions: {},
  skipped: {},
  setActive: (id) => set({ activeId: id }),
  upsert: (info) =>
    set((s) => {
      const cleared = applyInfo(info);
      return {
        sessions: { ...s.sessions, [info.id]: info },
        order: s.order.includes(info.id) ? s.order : [...s.order, info.id],
        activeId: s.activeId ?? info.id,
        ...(cleared
          ? {
              versions: { ...s.versions, [info.id]: (s.versions[info.id] ?? 0) + 1 },
              skipped: { ...s.skipped, [info.id]: 0 },
            }
          : {}),
      };
    }),
  remove: (id, successor) =>
    set((s) => {
      rings.delete(id);
      expectedSeq.delete(id);
      appliedClear.delete(id);
      forgotten.add(id);
      const { [id]: _gone, ...sessions } = s.sessions;
      const heir = successor !== undefined && successor in sessions ? successor : null;
      const order = heir
        ? s.order.filter((x) => x !== heir).map((x) => (x === id ? heir : x))
        : s.order.filter((x) => x !== id);
      const fallback = heir ?? order[order.length - 1] ?? null;
      return { sessions, order, activeId: s.activeId === id ? fallback : s.activeId };
    }),
}));

/** Re-render trigger for one session's records: changes once per batch, never per record. */
export function useSessionVersion(sessionId: string | null): number {
  return useSessions((s) => (sessionId ? (s.versions[sessionId] ?? 0) : 0));
}

/** Empty a session's renderer-side records (e.g. after sessions.clear). */
export function clearRecords(sessionId: string): void {
  getRecords(sessionId).clear();
  useSessions.setState((s) => ({ versions: { ...s.versions, [sessionId]: (s.versions[sessionId] ?? 0) + 1 } }));
}

/**
 * How often the views re-render under a stream. Every batch goes into the rings at once; the store
 * update that re-renders the views (versions, infos, skipped counts) is made in the next animation
 * frame, so batches that arrive between two frames share one render: the page can paint no more
 * often than that, and a render per batch made it render twice per frame at 1k events/s, when
 * frames were what kept it busy (BENCHMARKS.md, row 4b). After a heavy update (it carried
 * {@link HEAVY_PUBLISH_RECORDS} records or more) the next one also waits until
 * {@link PUBLISH_INTERVAL_MS} have passed: the list's rows are replaced wholesale either way (more
 * records than rows in view), and each update costs the page a render and a frame of layout and
 * paint per row in view, which at tens of thousands of records a second left clicks waiting.
 * A hidden page gets no frames: a timer stands in ({@link FRAME_WAIT_MS}).
 */
export const PUBLISH_INTERVAL_MS = 50;
export const HEAVY_PUBLISH_RECORDS = 100;
/** Longest a store update waits for an animation frame (a hidden page gets none). */
export const FRAME_WAIT_MS = 100;

/** What batches applied to the rings have not yet told the store. */
const pending = {
  touched: new Set<string>(),
  cleared: new Set<string>(),
  gaps: new Map<string, number>(),
  infos: new Map<string, SessionInfo>(),
  records: 0,
};
let lastPublishAt = -Infinity;
let lastPublishRecords = 0;
let publishTimer: ReturnType<typeof setTimeout> | null = null;
let publishFrame: number | null = null;

function cancelScheduledPublish(): void {
  if (publishTimer !== null) clearTimeout(publishTimer);
  if (publishFrame !== null) cancelAnimationFrame(publishFrame);
  publishTimer = null;
  publishFrame = null;
}

/** Publishes in the next animation frame, or after FRAME_WAIT_MS without one. Without a page, now. */
function publishInFrame(): void {
  if (typeof requestAnimationFrame !== 'function') return publish();
  publishFrame = requestAnimationFrame(publish);
  publishTimer = setTimeout(publish, FRAME_WAIT_MS);
}

/**
 * Publishes once the interval since a heavy update has passed (see PUBLISH_INTERVAL_MS), in a
 * frame; once, however many batches ask before it.
 */
function schedulePublish(): void {
  if (publishFrame !== null || publishTimer !== null) return;
  const wait = lastPublishRecords < HEAVY_PUBLISH_RECORDS ? 0 : lastPublishAt + PUBLISH_INTERVAL_MS - performance.now();
  if (wait <= 0) publishInFrame();
  else
    publishTimer = setTimeout(() => {
      publishTimer = null;
      publishInFrame();
    }, wait);
}

/** Tells the store what the pending batches changed: one update, one render of the views. */
function publish(): void {
  cancelScheduledPublish();
  const { touched, cleared, gaps, infos } = pending;
  lastPublishAt = performance.now();
  lastPublishRecords = pending.records;
  pending.touched = new Set();
  pending.cleared = new Set();
  pending.gaps = new Map();
  pending.infos = new Map();
  pending.records = 0;
  useSessions.setState((s) => {
    const versions = { ...s.versions };
    for (const id of touched) if (!forgotten.has(id)) versions[id] = (versions[id] ?? 0) + 1;
    let sessions = s.sessions;
    let order = s.order;
    if (infos.size) {
      sessions = { ...s.sessions };
      for (const info of infos.values()) {
        if (forgotten.has(info.id)) continue;
        sessions[info.id] = info;
        if (!order.includes(info.id)) order = [...order, info.id];
      }
    }
    let skipped = s.skipped;
    if (cleared.size || gaps.size) {
      skipped = { ...s.skipped };
      for (const id of cleared) skipped[id] = 0;
      for (const [id, count] of gaps) skipped[id] = (skipped[id] ?? 0) + count;
    }
    return { versions, sessions, order, skipped };
  });
}

/**
 * Apply one batch: session infos first (a cleared or rebuilt session drops what this page holds),
 * then records into the rings, dropping ones already received and counting the seqs that never
 * came as skipped; then a single store update, now or (see PUBLISH_INTERVAL_MS) shared with the
 * next batches.
 */
export function ingestBatch(batch: Batch): void {
  // Opt-in benchmark hook (bench/ui.ts installs it in the page to count arrivals); absent in normal use.
  (globalThis as { __streamscopeBench?: (batch: Batch) => void }).__streamscopeBench?.(batch);
  let structural = false;
  for (const info of batch.sessions) {
    if (forgotten.has(info.id)) continue;
    if (applyInfo(info)) {
      // Counted from the clear on: gaps before it no longer mean anything.
      pending.cleared.add(info.id);
      pending.gaps.delete(info.id);
      structural = true;
    }
    if (!(info.id in useSessions.getState().sessions)) structural = true;
    pending.infos.set(info.id, info);
    pending.touched.add(info.id);
  }
  for (const record of batch.records) {
    const id = record.sessionId;
    if (forgotten.has(id)) continue;
    const expected = expectedSeq.get(id) ?? record.seq;
    if (record.seq < expected) continue;
    if (record.seq > expected) pending.gaps.set(id, (pending.gaps.get(id) ?? 0) + record.seq - expected);
    expectedSeq.set(id, record.seq + 1);
    getRecords(id).push(record);
    pending.touched.add(id);
    pending.records++;
  }
  // A clear or a new tab is shown at once: the rings already changed under the views.
  if (structural) publish();
  else schedulePublish();
}

/** Subscribe the store to the API's batches; returns the unsubscribe function. */
export function startIngest(api: InspectorApi): () => void {
  void api.sessions.list().then((res) => {
    if (res.ok) for (const info of res.value) if (!forgotten.has(info.id)) useSessions.getState().upsert(info);
  });
  return api.sessions.subscribe(ingestBatch);
}
