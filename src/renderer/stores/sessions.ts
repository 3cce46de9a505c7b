import { create } from 'zustand';
import type { Batch, InspectorApi, SessionInfo } from '../../shared/api';
import { createRecordRing, type RecordRing } from './record-ring';

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
  /** Records the back end told us we never received, per session. */
  skipped: Record<string, number>;
  setActive(id: string | null): void;
  upsert(info: SessionInfo): void;
  remove(id: string): void;
}

const rings = new Map<string, RecordRing>();
/** Sessions the user closed: a batch already in flight must not bring their tab back. */
const forgotten = new Set<string>();

/** The mutable record ring of a session (created on first use). Read it after a version bump. */
export function getRecords(sessionId: string): RecordRing {
  let ring = rings.get(sessionId);
  if (!ring) {
    ring = createRecordRing(RENDERER_RING_CAPACITY);
    rings.set(sessionId, ring);
  }
  return ring;
}

export const useSessions = create<SessionsState>((set) => ({
  sessions: {},
  order: [],
  activeId: null,
  versions: {},
  skipped: {},
  setActive: (id) => set({ activeId: id }),
  upsert: (info) =>
    set((s) => ({
      sessions: { ...s.sessions, [info.id]: info },
      order: s.order.includes(info.id) ? s.order : [...s.order, info.id],
      activeId: s.activeId ?? info.id,
    })),
  remove: (id) =>
    set((s) => {
      rings.delete(id);
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

/** Apply one batch: records into the rings, then a single store update. */
export function ingestBatch(batch: Batch): void {
  // Opt-in benchmark hook (bench/ui.ts installs it in the page to count arrivals); absent in normal use.
  (globalThis as { __streamscopeBench?: (batch: Batch) => void }).__streamscopeBench?.(batch);
  const touched = new Set<string>();
  for (const record of batch.records) {
    if (forgotten.has(record.sessionId)) continue;
    getRecords(record.sessionId).push(record);
    touched.add(record.sessionId);
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
    if (batch.skipped.length) {
      skipped = { ...s.skipped };
      for (const { sessionId, count } of batch.skipped) skipped[sessionId] = (skipped[sessionId] ?? 0) + count;
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
