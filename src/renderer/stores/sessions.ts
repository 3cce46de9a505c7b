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
  remove(id: string): void;
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
  remove: (id) =>
    set((s) => {
      rings.delete(id);
      expectedSeq.delete(id);
      appliedClear.delete(id);
      forgotten.add(id);
      const { [id]: _gone, ...sessions } = s.sessions;
      const order = s.order.filter((x) => x !== id);
      return { sessions, order, activeId: s.activeId === id ? (order[order.length - 1] ?? null) : s.activeId };
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
 * Apply one batch: session infos first (a cleared or rebuilt session drops what this page holds),
 * then records into the rings, dropping ones already received and counting the seqs that never
 * came as skipped; then a single store update.
 */
export function ingestBatch(batch: Batch): void {
  // Opt-in benchmark hook (bench/ui.ts installs it in the page to count arrivals); absent in normal use.
  (globalThis as { __streamscopeBench?: (batch: Batch) => void }).__streamscopeBench?.(batch);
  const touched = new Set<string>();
  const cleared = new Set<string>();
  for (const info of batch.sessions) {
    if (forgotten.has(info.id)) continue;
    if (applyInfo(info)) cleared.add(info.id);
    touched.add(info.id);
  }
  const gaps = new Map<string, number>();
  for (const record of batch.records) {
    const id = record.sessionId;
    if (forgotten.has(id)) continue;
    const expected = expectedSeq.get(id) ?? record.seq;
    if (record.seq < expected) continue;
    if (record.seq > expected) gaps.set(id, (gaps.get(id) ?? 0) + record.seq - expected);
    expectedSeq.set(id, record.seq + 1);
    getRecords(id).push(record);
    touched.add(id);
  }
  useSessions.setState((s) => {
    const versions = { ...s.versions };
    for (const id of touched) versions[id] = (versions[id] ?? 0) + 1;
    let sessions = s.sessions;
    let order = s.order;
    if (batch.sessions.length) {
      sessions = { ...s.sessions };
      for (const info of batch.sessions) {
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

/** Subscribe the store to the API's batches; returns the unsubscribe function. */
export function startIngest(api: InspectorApi): () => void {
  void api.sessions.list().then((res) => {
    if (res.ok) for (const info of res.value) if (!forgotten.has(info.id)) useSessions.getState().upsert(info);
  });
  return api.sessions.subscribe(ingestBatch);
}
