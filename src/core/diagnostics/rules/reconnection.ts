/**
 * Rules about what happens across connections: whether the server honours Last-Event-ID, and
 * whether the client is hammering it with reconnects.
 */
import type { StreamRecord } from '#shared/records';
import type { Report, RuleModule } from '../types';

/** Tunables of the reconnection rules. */
export interface ReconnectionOptions {
  /** Reconnects within `stormWindowMs` that make a storm. Default 5. */
  stormCount?: number;
  /** Default 10 000 ms. */
  stormWindowMs?: number;
  /**
   * For the Last-Event-ID rule: how many ids are remembered from the start of each connection and
   * from just before each reconnect, and how many events of a resumed connection are checked
   * against them. A server that ignores Last-Event-ID replays from the start or resends the last
   * few, so the edges are where repeats show. Default 1000.
   */
  edgeIds?: number;
  /** Most ids remembered from connection starts in all. Default 50 000. */
  maxRememberedIds?: number;
}

export function createReconnectionRules(report: Report, options: ReconnectionOptions = {}): RuleModule {
  const stormCount = options.stormCount ?? 5;
  const stormWindowMs = options.stormWindowMs ?? 10_000;
  const maxIds = options.maxRememberedIds ?? 50_000;

  const edge = options.edgeIds ?? 1000;
  type Seen = { id: string; seq: number; connection: number };
  // Ids from the first `edge` events of every connection (bounded by maxIds in all).
  const startIds = new Map<string, Seen>();
  // The last `edge` events as a ring of columns: plain array writes, no hashing and no object
  // per event on the hot path (an object each was most of this rule's cost on a firehose).
  const recentIds = new Array<string | undefined>(edge);
  const recentSeqs = new Float64Array(edge);
  const recentConnections = new Float64Array(edge);
  let recentNext = 0;
  // The ring as a Map, taken when a resumed connection starts, for its first `edge` events.
  let beforeResume: Map<string, Seen> | null = null;
  let eventsInConnection = 0;
  let countedConnection = -1;
  // The Last-Event-ID the current connection was opened with, and the state record saying so.
  let resumed: { connection: number; lastEventId: string; seq: number } | null = null;
  const reconnects: Array<{ t: number; seq: number }> = [];

  /** An event with a non-empty id: remembered at the edges, and checked at a resumed start. */
  function sawId(id: string, seq: number, t: number, connection: number): void {
    if (connection !== countedConnection) {
      countedConnection = connection;
      eventsInConnection = 0;
      beforeResume = null;
      if (resumed && resumed.connection === connection) {
        beforeResume = new Map();
        for (let i = 0; i < edge; i++) {
          const known = recentIds[i];
          if (known !== undefined && !beforeResume.has(known))
            beforeResume.set(known, { id: known, seq: recentSeqs[i]!, connection: recentConnections[i]! });
        }
      }
    }
    eventsInConnection++;
    const atStart = eventsInConnection <= edge;
    if (atStart && resumed && resumed.connection === connection) {
      const earlier = startIds.get(id) ?? beforeResume?.get(id);
      if (earlier && earlier.connection < connection) {
        report({
          rule: 'last-event-id-ignored',
          message: `after reconnecting with Last-Event-ID ${JSON.stringify(resumed.lastEventId)} the server sent event id ${JSON.stringify(id)} again, which the client already had: it ignores Last-Event-ID and replays from the start`,
          refs: [resumed.seq, earlier.seq, seq],
          t,
          connection,
        });
      }
    }
    if (atStart && startIds.size < maxIds && !startIds.has(id)) startIds.set(id, { id, seq, connection });
    recentIds[recentNext] = id;
    recentSeqs[recentNext] = seq;
    recentConnections[recentNext] = connection;
    recentNext = (recentNext + 1) % edge;
  }

  return {
    observe(record: StreamRecord) {
      if (record.kind === 'state') {
        if (record.reason === 'connecting' || record.reason === 'reconnecting') {
          resumed = record.lastEventId
            ? { connection: record.connection, lastEventId: record.lastEventId, seq: record.seq }
            : null;
        }
        if (record.reason === 'reconnecting') {
          reconnects.push({ t: record.t, seq: record.seq });
          while (reconnects.length > 0 && record.t - reconnects[0]!.t > stormWindowMs) reconnects.shift();
          if (reconnects.length >= stormCount) {
            report({
              rule: 'reconnect-storm',
              message: `${reconnects.length} reconnects within ${((record.t - reconnects[0]!.t) / 1000).toFixed(1)} s: the stream is dropped right after it opens; check the server's errors and send a retry field with a longer delay`,
              refs: reconnects.map((r) => r.seq),
              t: record.t,
              connection: record.connection,
              scope: 'session',
            });
          }
        }
        return;
      }
      if (record.kind !== 'event' || record.id === null || record.id === '') return;
      sawId(record.id, record.seq, record.t, record.connection);
    },
    quietFor(run) {
      // Only the first `edge` events of a resumed connection can report.
      const connection = run.chunk.connection;
      if (resumed === null || resumed.connection !== connection) return true;
      return countedConnection === connection && eventsInConnection >= edge;
    },
    observeEvents(run, firstSeq) {
      const { text, idStart, idEnd } = run;
      for (let i = 0; i < run.count; i++) {
        const start = idStart[i]!;
        if (start >= 0 && idEnd[i]! > start)
          sawId(text.slice(start, idEnd[i]), firstSeq + i, run.chunk.t, run.chunk.connection);
      }
    },
    ended() {},
    tick() {},
  };
}
