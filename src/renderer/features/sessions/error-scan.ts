import type { ErrorRecord, ResponseRecord, StreamRecord } from '../../../shared/records';
import { createRingCursor, type RingCursor } from '../../lib/ring-cursor';

export interface Found {
  error: ErrorRecord;
  response: ResponseRecord | null;
}

/**
 * The banner's state, kept up to date from the records pushed since the last render (a firehose
 * costs O(new records) per frame, not a scan back through the ring): the latest error since the
 * connection was last OPEN, with the response head of that error's connection.
 */
export interface ErrorScan {
  sessionId: string;
  cursor: RingCursor;
  found: Found | null;
  visit(r: StreamRecord): void;
  reset(): void;
}

export function createErrorScan(sessionId: string): ErrorScan {
  let lastResponse: ResponseRecord | null = null;
  const scan: ErrorScan = {
    sessionId,
    cursor: createRingCursor(),
    found: null,
    visit(r) {
      if (r.kind === 'response') lastResponse = r;
      // The connection (re)opened: nothing is wrong now.
      else if (r.kind === 'state' && r.readyState === 1) scan.found = null;
      else if (r.kind === 'error')
        scan.found = { error: r, response: lastResponse?.connection === r.connection ? lastResponse : null };
    },
    reset() {
      lastResponse = null;
      scan.found = null;
    },
  };
  return scan;
}
