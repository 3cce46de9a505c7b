/**
 * Rules about what happens across connections: whether the server honours Last-Event-ID, and
 * whether the client is hammering it with reconnects.
 */
import type { StreamRecord } from '../../../shared/records';
import type { Report, RuleModule } from '../types';

/** Tunables of the reconnection rules. */
export interface ReconnectionOptions {
  /** Reconnects within `stormWindowMs` that make a storm. Default 5. */
  stormCount?: number;
  /** Default 10 000 ms. */
  stormWindowMs?: number;
  /** Event ids remembered for the Last-Event-ID rule (oldest forgotten first). Default 50 000. */
  maxRememberedIds?: number;
}

export function createReconnectionRules(report: Report, options: ReconnectionOptions = {}): RuleModule {
  const stormCount = options.stormCount ?? 5;
  const stormWindowMs = options.stormWindowMs ?? 10_000;
  const maxIds = options.maxRememberedIds ?? 50_000;

  // id → the first event that carried it (Map keeps insertion order: the oldest go first).
  const seenIds = new Map<string, { seq: number; connection: number }>();
  // The Last-Event-ID the current connection was opened with, and the state record saying so.
  let resumed: { connection: number; lastEventId: string; seq: number } | null = null;
  const reconnects: Array<{ t: number; seq: number }> = [];

  return {
    observe(record: StreamRecord) {
      if (record.kind === 'state') {
        if (record.reason === 'connecting' || record.reason === 'reconnecting') {
          resumed = record.lastEventId ? { connection: record.connection, lastEventId: record.lastEventId, seq: record.seq } : null;
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
      const earlier = seenIds.get(record.id);
      if (earlier && resumed && resumed.connection === record.connection && earlier.connection < record.connection) {
        report({
          rule: 'last-event-id-ignored',
          message: `after reconnecting with Last-Event-ID ${JSON.stringify(resumed.lastEventId)} the server sent event id ${JSON.stringify(record.id)} again, which the client already had: it ignores Last-Event-ID and replays from the start`,
          refs: [resumed.seq, earlier.seq, record.seq],
          t: record.t,
          connection: record.connection,
        });
      }
      if (!earlier) {
        seenIds.set(record.id, { seq: record.seq, connection: record.connection });
        if (seenIds.size > maxIds) seenIds.delete(seenIds.keys().next().value as string);
      }
    },
    ended() {},
    tick() {},
  };
}
