/** A SessionInfo as the back end reports a fresh live SSE session: what renderer store tests feed in. */
import type { SessionInfo } from '../../src/shared/api';

export function sessionInfo(id: string, clearedSeq = 0, capacity = 100_000): SessionInfo {
  return {
    id,
    transport: 'sse',
    source: 'live',
    title: id,
    request: { url: 'http://x/' },
    readyState: 1,
    capacity,
    clearedSeq,
    buffered: 0,
    recording: false,
    stats: {
      records: 0,
      events: 0,
      framesIn: 0,
      framesOut: 0,
      comments: 0,
      errors: 0,
      bytes: 0,
      reconnects: 0,
      eventRate: 0,
      bytesRate: 0,
      ttfbMs: null,
      firstEventMs: null,
      latency: null,
      interArrival: null,
      startedAt: 0,
      connectedMs: 0,
    },
  };
}
