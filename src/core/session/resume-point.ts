/**
 * What a recording that starts in the middle of a stream needs from before its first record: the
 * SSE decoder's last event ID and reconnection time, and the head (connecting state, response,
 * open state) of the connection it joins. Followed record by record, so it survives the ring
 * buffer dropping the records it came from.
 */
import type { StreamRecord } from '#shared/records';

export interface ResumePoint {
  /** The connection the stream is on (0 before the first attempt). */
  connection: number;
  lastEventId: string;
  /** The last `retry:` value, or null when no retry field was seen. */
  retryMs: number | null;
  /** The opening records of `connection`, oldest first. */
  head: StreamRecord[];
}

/** A connection's head is its connecting state, its response and its open state: a few records. */
const MAX_HEAD = 8;

export function createResumePoint(lastEventId = ''): ResumePoint {
  return { connection: 0, lastEventId, retryMs: null, head: [] };
}

export function copyResumePoint(point: ResumePoint): ResumePoint {
  return { ...point, head: [...point.head] };
}

/** Moves `point` past `record`, as the engine's decoder moved past it. */
export function advanceResumePoint(point: ResumePoint, record: StreamRecord): void {
  switch (record.kind) {
    case 'state':
      if (record.reason === 'connecting' || record.reason === 'reconnecting') {
        point.connection = record.connection;
        point.head = [record];
        // The engine names the Last-Event-ID it sends, and sends one whenever it is non-empty.
        point.lastEventId = record.lastEventId ?? '';
      } else if (record.connection === point.connection && record.readyState === 1 && point.head.length < MAX_HEAD) {
        point.head.push(record);
      }
      return;
    case 'response':
      if (record.connection === point.connection && point.head.length < MAX_HEAD) point.head.push(record);
      return;
    case 'event':
      point.lastEventId = record.lastEventId;
      return;
    case 'retry':
      point.retryMs = record.ms;
      return;
    default:
      return;
  }
}
