/**
 * Per-connection timing figures derived from records alone, so live sessions, recordings and
 * replays all give the same numbers.
 */
import type { StreamRecord } from './records';

/** When each phase of one connection attempt happened (wall-clock ms); null when it did not. */
export interface ConnectionTimings {
  /** The connection attempt (records' `connection`). */
  connection: number;
  /** The request was handed to fetch. */
  requestSentAt: number | null;
  /** The response head arrived (TTFB = responseAt - requestSentAt). */
  responseAt: number | null;
  /** The first body chunk arrived. */
  firstByteAt: number | null;
  /** The first event was dispatched. */
  firstEventAt: number | null;
}

/** Minimal record shape needed, so drafts (without sessionId/seq) work too. */
type TimedRecord = Pick<StreamRecord, 'kind' | 't' | 'connection'> & { requestSentAt?: number };

/**
 * Timings of every connection attempt seen in `records`, in order of first appearance.
 * Pure: one pass, no clock.
 */
export function connectionTimings(records: Iterable<TimedRecord>): ConnectionTimings[] {
  const byConnection = new Map<number, ConnectionTimings>();
  for (const record of records) {
    let entry = byConnection.get(record.connection);
    if (!entry) {
      entry = {
        connection: record.connection,
        requestSentAt: null,
        responseAt: null,
        firstByteAt: null,
        firstEventAt: null,
      };
      byConnection.set(record.connection, entry);
    }
    if (record.kind === 'response' && entry.responseAt === null) {
      entry.responseAt = record.t;
      entry.requestSentAt = record.requestSentAt ?? null;
    } else if (record.kind === 'chunk' && entry.firstByteAt === null) {
      entry.firstByteAt = record.t;
    } else if (record.kind === 'event' && entry.firstEventAt === null) {
      entry.firstEventAt = record.t;
    }
  }
  return [...byConnection.values()];
}
