/**
 * Many concurrent sessions (SSE, WebSocket, replay) and the one batcher that reports on all of
 * them. Knows nothing about engines: callers create a session, attach whatever drives it (a live
 * connection, a replayer) and the manager keeps, counts and batches what it produces.
 */
import type { Batch } from '#shared/api';
import { createBatcher, type Batcher, type BatchSubscriberOptions } from './batcher';
import { createSession, type Session, type SessionOptions } from './session';
import { now } from '../clock';

/** What a caller chooses for a new session; the manager assigns its id and watches its changes. */
export type CreateSessionOptions = Omit<SessionOptions, 'id' | 'onChange' | 'now'>;

export interface SessionManager {
  /** Creates a session and registers it; attach its driver, then give its sink to an engine. */
  create(options: CreateSessionOptions): Session;
  get(id: string): Session | undefined;
  list(): Session[];
  /** Closes the session's driver and forgets it. Returns false when unknown. */
  remove(id: string): boolean;
  subscribe(listener: (batch: Batch) => void, options?: BatchSubscriberOptions): () => void;
  /** Delivers pending changes now. */
  flush(): void;
  /** Closes every session and stops batching. */
  close(): void;
}

export interface SessionManagerOptions {
  /** Flush delay of the batcher; default 16 ms. */
  batchDelayMs?: number;
  /** Most records per batch; default 10,000. */
  maxBatchRecords?: number;
  /** How often open sessions' stats are re-sent even without records (rates decay). Default 1000 ms. */
  statsIntervalMs?: number;
}

export function createSessionManager(options: SessionManagerOptions = {}): SessionManager {
  const sessions = new Map<string, Session>();
  let counter = 0;
  let ticker: ReturnType<typeof setInterval> | null = null;
  const batcher: Batcher = createBatcher({
    sessions: () => sessions.values(),
    delayMs: options.batchDelayMs,
    maxRecords: options.maxBatchRecords,
  });

  // One interval for all sessions (not one per session): refreshes rates and connected time of
  // sessions still running, and stops itself when none are.
  function tick(): void {
    let running = 0;
    for (const s of sessions.values()) {
      if (!s.closed || s.driver?.replayStatus?.().playing) {
        running++;
        // Replays carry old timestamps: only a live stream can be silent right now.
        if (s.source === 'live') s.checkIdle(now());
        s.touch();
      }
    }
    if (running === 0 && ticker !== null) {
      clearInterval(ticker);
      ticker = null;
    }
  }

  function ensureTicker(): void {
    if (ticker !== null) return;
    ticker = setInterval(tick, options.statsIntervalMs ?? 1000);
    ticker.unref?.();
  }

  return {
    create(opts) {
      counter++;
      const id = `s${counter}`;
      const session = createSession({ id, ...opts, onChange: () => batcher.schedule() });
      sessions.set(id, session);
      ensureTicker();
      batcher.schedule();
      return session;
    },
    get(id) {
      return sessions.get(id);
    },
    list() {
      return [...sessions.values()];
    },
    remove(id) {
      const s = sessions.get(id);
      if (!s) return false;
      s.close();
      sessions.delete(id);
      return true;
    },
    subscribe(listener, subOptions) {
      return batcher.subscribe(listener, subOptions);
    },
    flush() {
      batcher.flush();
    },
    close() {
      for (const s of sessions.values()) s.close();
      batcher.close();
      if (ticker !== null) clearInterval(ticker);
      ticker = null;
    },
  };
}
