import { extractTimestamp } from '#shared/timestamp';
import type { StreamRecord, Transport } from '#shared/records';
import { createSampleWindow } from '../../lib/percentiles';

/**
 * Size of a WebSocket frame header for a payload (RFC 6455 §5.2): 2 bytes, plus 2 or 8 bytes of
 * extended length above 125 / 65,535 bytes, plus a 4-byte masking key on client-to-server frames.
 * So 2–14 bytes.
 */
export function wsHeaderBytes(payloadBytes: number, masked: boolean): number {
  const length = payloadBytes > 65_535 ? 8 : payloadBytes > 125 ? 2 : 0;
  return 2 + length + (masked ? 4 : 0);
}

/** What the compare view shows for one side. */
export interface CompareFigures {
  transport: Transport;
  messages: number;
  /** Payload bytes of the messages (SSE: event data; WS: frame payloads). */
  payloadBytes: number;
  /** Bytes on the wire for those messages (SSE: chunk bytes; WS: payload + frame headers). */
  wireBytes: number;
  /** (wire − payload) / messages; null before the first message. */
  overheadPerMessage: number | null;
  payloadPerMessage: number | null;
  latency: { count: number; mean: number; p95: number } | null;
  /** Messages per second between the first and the last message. */
  rate: number | null;
}

/**
 * Accumulates one session's figures incrementally. SSE overhead is everything the wire carried
 * beyond the event data (field names, `data: ` prefixes, newlines, ids, comments); WebSocket
 * overhead is the inbound frame headers computed from each payload size (server frames are
 * unmasked). The HTTP response head and the WS handshake are one-off costs and not counted.
 */
export interface CompareSide {
  consume(record: StreamRecord): void;
  reset(): void;
  figures(): CompareFigures;
  /** The most recent latency samples as [arrival ms since epoch, latency ms], oldest first. */
  recentLatencies(): Array<[number, number]>;
}

/** Latency points kept per side for the live chart. */
export const RECENT_POINTS = 300;

/**
 * Both sides' recent latencies on one x axis (seconds since `origin`) as uPlot's aligned data:
 * the union of arrival times, null where a side has no sample.
 */
export function alignLatencies(
  sse: Array<[number, number]>,
  ws: Array<[number, number]>,
  origin: number,
): [number[], Array<number | null>, Array<number | null>] {
  const points: Array<[number, number | null, number | null]> = [
    ...sse.map(([t, v]): [number, number | null, number | null] => [(t - origin) / 1000, v, null]),
    ...ws.map(([t, v]): [number, number | null, number | null] => [(t - origin) / 1000, null, v]),
  ].sort((a, b) => a[0] - b[0]);
  return [points.map((p) => p[0]), points.map((p) => p[1]), points.map((p) => p[2])];
}

export function createCompareSide(transport: Transport, windowSize = 5000): CompareSide {
  const latency = createSampleWindow(windowSize);
  let recent: Array<[number, number]> = [];
  let messages = 0;
  let payload = 0;
  let wire = 0;
  let firstT: number | null = null;
  let lastT: number | null = null;

  const message = (t: number, text: string | null, size: number) => {
    messages++;
    payload += size;
    if (firstT === null) firstT = t;
    lastT = t;
    if (text !== null) {
      const sentAt = extractTimestamp(text);
      if (sentAt !== null) {
        latency.add(t - sentAt);
        recent.push([t, t - sentAt]);
        if (recent.length > RECENT_POINTS * 2) recent = recent.slice(-RECENT_POINTS);
      }
    }
  };

  return {
    consume(record) {
      if (transport === 'sse') {
        if (record.kind === 'chunk') wire += record.bytes.byteLength;
        else if (record.kind === 'event') message(record.t, record.data, record.size);
      } else if (
        record.kind === 'frame' &&
        record.dir === 'in' &&
        (record.opcode === 'text' || record.opcode === 'binary')
      ) {
        wire += record.size + wsHeaderBytes(record.size, false);
        message(record.t, record.opcode === 'text' ? record.data : null, record.size);
      }
    },
    reset() {
      latency.clear();
      recent = [];
      messages = 0;
      payload = 0;
      wire = 0;
      firstT = null;
      lastT = null;
    },
    recentLatencies: () => recent.slice(-RECENT_POINTS),
    figures() {
      const summary = latency.summary();
      const span = firstT !== null && lastT !== null ? (lastT - firstT) / 1000 : 0;
      return {
        transport,
        messages,
        payloadBytes: payload,
        wireBytes: wire,
        overheadPerMessage: messages ? Math.max(0, wire - payload) / messages : null,
        payloadPerMessage: messages ? payload / messages : null,
        latency: summary ? { count: summary.count, mean: summary.mean, p95: summary.p95 } : null,
        rate: messages > 1 && span > 0 ? (messages - 1) / span : null,
      };
    },
  };
}
