/**
 * A Socket.IO session's auth payload is a credential (the server reads it as
 * `socket.handshake.auth`), and it leaves in the CONNECT packet we write. A recording keeps that
 * frame with the payload's values replaced, exactly as the request's copy in the header is
 * (redactSocketIoAuth): the frame is recognised by being the very text we sent, not by a guess.
 */
import type { StoredRecord } from '#shared/recording-format';
import type { StreamRequest } from '#shared/request';
import { redactSocketIoAuth } from '#shared/redact';
import { connectText } from './encode';

/**
 * For a Socket.IO request with an auth payload: a function hiding it in the CONNECT frames we
 * sent; null for every other request (nothing to hide).
 */
export function socketIoAuthRedactor(request: StreamRequest): ((record: StoredRecord) => StoredRecord) | null {
  const auth = request.socketio?.auth;
  if (auth === undefined) return null;
  const nsp = request.socketio?.namespace ?? '/';
  const sent = connectText(nsp, auth);
  const hidden = connectText(nsp, redactSocketIoAuth(auth));
  return (record) =>
    record.kind === 'frame' && record.dir === 'out' && record.opcode === 'text' && record.data === sent
      ? { ...record, data: hidden, size: Buffer.byteLength(hidden) }
      : record;
}
