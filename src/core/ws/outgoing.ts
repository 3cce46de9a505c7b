/**
 * Turns what a user asks to send (WsOutgoing) into wire payloads, with one-line errors for input
 * that cannot be sent. Pure: the connection does the sending and the recording.
 */
import type { WsOutgoing } from '#shared/api';
import { ByteParseError, parseBase64, parseHex } from '#shared/bytes';

/** Why a send was refused. */
export type WsSendErrorCode = 'not-open' | 'invalid-hex' | 'invalid-base64' | 'ping-too-large' | 'invalid-message';

/** A send that could not happen; `message` is one line, fit to show a user. */
export class WsSendError extends Error {
  override name = 'WsSendError';
  constructor(
    readonly code: WsSendErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A message ready for the wire. */
export type EncodedOutgoing =
  | { opcode: 'text'; text: string; size: number }
  | { opcode: 'binary'; bytes: Buffer }
  | { opcode: 'ping'; bytes: Buffer };

/** RFC 6455 §5.5: control frames carry at most 125 bytes of payload. */
export const MAX_CONTROL_PAYLOAD = 125;

/** Validates and encodes an outgoing message; throws WsSendError for anything unsendable. */
export function encodeOutgoing(message: WsOutgoing): EncodedOutgoing {
  switch (message.type) {
    case 'text':
      if (typeof message.data !== 'string') throw new WsSendError('invalid-message', 'text message needs string data');
      return { opcode: 'text', text: message.data, size: Buffer.byteLength(message.data, 'utf8') };
    case 'binary': {
      if (typeof message.data !== 'string')
        throw new WsSendError('invalid-message', 'binary message needs string data');
      if (message.encoding !== 'hex' && message.encoding !== 'base64') {
        throw new WsSendError(
          'invalid-message',
          `binary encoding must be "hex" or "base64", got "${String(message.encoding)}"`,
        );
      }
      try {
        const bytes = message.encoding === 'hex' ? parseHex(message.data) : parseBase64(message.data);
        return { opcode: 'binary', bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      } catch (err) {
        if (err instanceof ByteParseError) {
          throw new WsSendError(message.encoding === 'hex' ? 'invalid-hex' : 'invalid-base64', err.message);
        }
        throw err;
      }
    }
    case 'ping': {
      const bytes = Buffer.from(message.data ?? '', 'utf8');
      if (bytes.byteLength > MAX_CONTROL_PAYLOAD) {
        throw new WsSendError(
          'ping-too-large',
          `ping payload is ${bytes.byteLength} bytes; a control frame carries at most ${MAX_CONTROL_PAYLOAD}`,
        );
      }
      return { opcode: 'ping', bytes };
    }
    case 'event':
      throw new WsSendError('invalid-message', 'events are sent on Socket.IO sessions only');
    default:
      throw new WsSendError('invalid-message', `unknown message type "${String((message as { type: unknown }).type)}"`);
  }
}
