import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../src/shared/records';
import { createRecordRing, type RecordRing } from '../../src/renderer/lib/record-ring';
import {
  createCurrentErrorTracker,
  ERROR_SCAN_LIMIT,
  findCurrentError,
} from '../../src/renderer/features/sessions/current-error';

let seq = 0;
const base = (connection: number) => ({ sessionId: 's', seq: seq++, t: 1000 + seq, connection });
const open = (connection: number): StreamRecord => ({
  ...base(connection),
  kind: 'state',
  readyState: 1,
  reason: 'open',
  message: 'HTTP 200',
});
const connecting = (connection: number): StreamRecord => ({
  ...base(connection),
  kind: 'state',
  readyState: 0,
  reason: 'reconnecting',
  message: 'reconnecting',
});
const response = (connection: number, status: number): StreamRecord => ({
  ...base(connection),
  kind: 'response',
  status,
  statusText: status === 200 ? 'OK' : 'Unauthorized',
  headers: {},
  url: 'http://x/',
  redirected: false,
  requestSentAt: 0,
  body: status === 200 ? undefined : 'invalid key',
});
const error = (connection: number, fatal: boolean): StreamRecord => ({
  ...base(connection),
  kind: 'error',
  code: 'http-status',
  message: 'HTTP 401',
  fatal,
});
const comment = (connection: number): StreamRecord => ({ ...base(connection), kind: 'comment', text: 'keep-alive' });

/** A ring that counts its reads. */
function countingRing(capacity: number): RecordRing & { reads: number } {
  const ring = createRecordRing(capacity);
  const counted = Object.create(ring) as RecordRing & { reads: number };
  counted.reads = 0;
  counted.get = (i: number) => {
    counted.reads++;
    return ring.get(i);
  };
  return counted;
}

describe('the error banner’s current error, batch by batch', () => {
  it('agrees with a full scan after every batch: an error, its response, a reconnect, a clear', () => {
    const ring = createRecordRing(50);
    const tracker = createCurrentErrorTracker();
    const batches: Array<() => StreamRecord[]> = [
      () => [connecting(1), response(1, 200), open(1)],
      () => Array.from({ length: 10 }, () => comment(1)),
      () => [error(1, false), connecting(2)],
      () => [response(2, 401), error(2, false)],
      () => [comment(2)],
      () => [connecting(3), response(3, 200), open(3)],
      () => Array.from({ length: 60 }, () => comment(3)), // past the ring's capacity: the last read is evicted
      () => [error(3, true)],
    ];
    const seen: Array<string | null> = [];
    for (const next of batches) {
      for (const r of next()) ring.push(r);
      const got = tracker.update(ring);
      expect(got).toEqual(findCurrentError(ring));
      seen.push(got ? `${got.error.connection}:${got.response?.status ?? '-'}` : null);
    }
    // Connection 3's response was evicted with the 60 comments: the error shows without it.
    expect(seen).toEqual([null, null, '1:200', '2:401', '2:401', null, null, '3:-']);
    ring.clear();
    expect(tracker.update(ring)).toBeNull();
    ring.push(error(4, true));
    expect(tracker.update(ring)?.error.connection).toBe(4);
  });

  it('reads only the records added since the last batch while nothing is wrong', () => {
    const ring = countingRing(100_000);
    const tracker = createCurrentErrorTracker();
    ring.push(open(1));
    for (let i = 0; i < 20_000; i++) ring.push(comment(1));
    tracker.update(ring);
    // A healthy session whose open is far back: each batch of 16 costs a handful of reads, not a
    // full scan's ERROR_SCAN_LIMIT.
    ring.reads = 0;
    for (let b = 0; b < 100; b++) {
      for (let i = 0; i < 16; i++) ring.push(comment(1));
      expect(tracker.update(ring)).toBeNull();
    }
    expect(ring.reads).toBeLessThanOrEqual(100 * 18);
    expect(ring.reads).toBeLessThan(ERROR_SCAN_LIMIT);
  });
});
