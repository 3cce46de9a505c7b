/**
 * What the replay server needs to speak Engine.IO well enough for a real Socket.IO client: the
 * recorded frames already hold the handshake, the CONNECT answer, events and pings; after the
 * last of them the recorded server would have gone on pinging, and a client that hears no ping
 * for pingInterval + pingTimeout drops the session. So a held replay keeps pinging.
 */
import type { StoredRecord } from '#shared/recording-format';
import type { StreamRequest } from '#shared/request';
import { createSocketIoFrameDecoder } from './decoder';
import { engineIoText } from './encode';

/** The Engine.IO ping a replay sends. */
export const PING_TEXT = engineIoText('ping');

/**
 * Finds a Socket.IO recording's announced pingInterval (ms) in its first open packet, fed the
 * records in order (the replay server's one planning pass); null for other recordings.
 */
export function createRecordedPingInterval(request: StreamRequest): {
  add(record: StoredRecord): void;
  readonly value: number | null;
} {
  const decoder = request.socketio === undefined ? null : createSocketIoFrameDecoder();
  let value: number | null = null;
  let found = false;
  return {
    add(record) {
      if (decoder === null || found) return;
      if (record.kind !== 'frame' || record.dir !== 'in' || record.opcode !== 'text') return;
      const decoded = decoder.text('in', record.data);
      if (decoded.type !== 'open') return;
      found = true;
      if (decoded.pingInterval !== undefined && decoded.pingInterval > 0) value = decoded.pingInterval;
    },
    get value() {
      return value;
    },
  };
}
