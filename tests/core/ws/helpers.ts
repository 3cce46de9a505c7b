// Test plumbing for the WebSocket engine: a record collector and the per-test cleanup of what a
// test opened (the servers are in tests/support/servers.ts).
import { afterEach } from 'vitest';
import { within } from '../../support/wait';
import type { WsTestServer } from '../../support/servers';
import type { StreamRecord } from '../../../src/shared/records';
import { createSequencedSink, type RecordSink, type WsStreamConnection } from '../../../src/core/stream';

export interface Collector {
  records: StreamRecord[];
  sink: RecordSink;
  /** Resolves with the first record matching, waiting up to `ms`. */
  waitFor<R extends StreamRecord>(match: (r: StreamRecord) => r is R, ms?: number): Promise<R>;
  waitFor(match: (r: StreamRecord) => boolean, ms?: number): Promise<StreamRecord>;
  of<K extends StreamRecord['kind']>(kind: K): Array<Extract<StreamRecord, { kind: K }>>;
  /** The readyState sequence of state records. */
  states(): number[];
}

export function collect(): Collector {
  const records: StreamRecord[] = [];
  const waiters: Array<{ match: (r: StreamRecord) => boolean; resolve: (r: StreamRecord) => void }> = [];
  const sink = createSequencedSink('test', (record) => {
    records.push(record);
    for (const w of [...waiters]) {
      if (w.match(record)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(record);
      }
    }
  });
  return {
    records,
    sink,
    waitFor(match: (r: StreamRecord) => boolean, ms = 5000): Promise<StreamRecord> {
      const found = records.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(entry), 1);
          reject(new Error(`no matching record within ${ms} ms; got kinds: ${records.map((r) => r.kind).join(',')}`));
        }, ms);
        const entry = {
          match,
          resolve: (r: StreamRecord) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.push(entry);
      });
    },
    of<K extends StreamRecord['kind']>(kind: K) {
      return records.filter((r) => r.kind === kind) as Array<Extract<StreamRecord, { kind: K }>>;
    },
    states() {
      return records.filter((r) => r.kind === 'state').map((r) => r.readyState);
    },
  };
}

export const isOpen = (r: StreamRecord): boolean => r.kind === 'state' && r.readyState === 1;
export const isClosed = (r: StreamRecord): boolean => r.kind === 'state' && r.readyState === 3;

/** What one test opened: its server and its connection, each set by the test. */
export interface OpenedPerTest {
  server: WsTestServer | null;
  conn: WsStreamConnection | null;
}

/**
 * Holds each test's server and connection and closes them after the test (registers an
 * afterEach): the connection first, waiting for its end, then the server.
 */
export function openedPerTest(): OpenedPerTest {
  const t: OpenedPerTest = { server: null, conn: null };
  afterEach(async () => {
    t.conn?.close();
    if (t.conn) await within(t.conn.done, 5000, 'done after close');
    t.conn = null;
    await t.server?.close();
    t.server = null;
  });
  return t;
}
