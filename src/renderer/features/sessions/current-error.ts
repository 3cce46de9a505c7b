import type { ErrorRecord, ResponseRecord, StreamRecord } from '#shared/records';
import type { RecordRing } from '../../lib/record-ring';

/** The error since the connection was last OPEN, with the response head of its connection. */
export interface CurrentError {
  error: ErrorRecord;
  response: ResponseRecord | null;
}

/** How far back a scan looks: errors sit near the end of a session that failed. */
export const ERROR_SCAN_LIMIT = 5000;

/** Whether a record can change the answer: an error, or the connection (re)opening. */
function decides(r: StreamRecord): boolean {
  return r.kind === 'error' || (r.kind === 'state' && r.readyState === 1);
}

/** Scans backwards from the newest record, at most {@link ERROR_SCAN_LIMIT} records. */
export function findCurrentError(ring: RecordRing): CurrentError | null {
  let error: ErrorRecord | null = null;
  let response: ResponseRecord | null = null;
  for (let i = ring.length - 1, n = 0; i >= 0 && n < ERROR_SCAN_LIMIT; i--, n++) {
    const r = ring.get(i);
    if (!r) continue;
    // Reached the moment the connection (re)opened before finding an error: nothing is wrong now.
    if (!error && r.kind === 'state' && r.readyState === 1) break;
    if (!error && r.kind === 'error') error = r;
    if (error && r.kind === 'response' && r.connection === error.connection) {
      response = r;
      break;
    }
    if (error && r.connection < error.connection) break;
  }
  return error ? { error, response } : null;
}

/**
 * {@link findCurrentError}, kept up to date batch by batch: only the records added since the last
 * call are read, unless one of them is an error or an open (then the whole scan runs again), or
 * the last record read is gone (a clear, or evicted), or more were added than a scan reads. A
 * healthy firehose session used to cost a 5,000-record scan per batch, since its one open sits at
 * its start.
 */
export function createCurrentErrorTracker(): { update(ring: RecordRing): CurrentError | null } {
  let lastRead: StreamRecord | null = null;
  let found: CurrentError | null = null;
  const rescan = (ring: RecordRing): CurrentError | null => {
    found = findCurrentError(ring);
    lastRead = ring.length > 0 ? (ring.get(ring.length - 1) ?? null) : null;
    return found;
  };
  return {
    update(ring) {
      if (lastRead === null) return rescan(ring);
      for (let i = ring.length - 1, n = 0; ; i--, n++) {
        if (i < 0 || n >= ERROR_SCAN_LIMIT) return rescan(ring);
        const r = ring.get(i);
        if (r === lastRead) break;
        if (r && decides(r)) return rescan(ring);
      }
      lastRead = ring.get(ring.length - 1) ?? null;
      return found;
    },
  };
}
