import type { StreamRecord } from '#shared/records';

/** A received message as the analysis panels see it, whatever the transport. */
export interface ReceivedMessage {
  t: number;
  /** Text payload: SSE event data, or an inbound WebSocket text frame. Null for binary frames. */
  text: string | null;
  /** Payload size in bytes. */
  size: number;
}

/**
 * The received message a record carries, or null: SSE events and inbound WebSocket data frames
 * count; outbound frames, control frames and everything else do not.
 */
export function receivedMessage(record: StreamRecord): ReceivedMessage | null {
  if (record.kind === 'event') return { t: record.t, text: record.data, size: record.size };
  if (record.kind === 'frame' && record.dir === 'in') {
    if (record.opcode === 'text') return { t: record.t, text: record.data, size: record.size };
    if (record.opcode === 'binary') return { t: record.t, text: null, size: record.size };
  }
  return null;
}

/** Bytes that crossed the wire for a record: SSE chunks, or any inbound WebSocket frame. */
export function wireBytesIn(record: StreamRecord): number {
  if (record.kind === 'chunk') return record.bytes.byteLength;
  if (record.kind === 'frame' && record.dir === 'in') return record.size;
  return 0;
}
