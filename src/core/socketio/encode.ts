/**
 * What a Socket.IO client writes, as WebSocket text frames, with the protocols' own encoders.
 * Arguments come from JSON (flags, the composer, a recording), so a packet never has binary
 * attachments and always encodes to one text frame.
 */
import { encodePacket, type PacketType as EnginePacketType } from 'engine.io-parser';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';

const encoder = new Encoder();

/** One Engine.IO packet as the text of a frame. */
export function engineIoText(type: EnginePacketType, data?: string): string {
  let text = '';
  // engine.io-parser's Node encoder calls back synchronously.
  encodePacket(data === undefined ? { type } : { type, data }, false, (encoded) => {
    text = String(encoded);
  });
  return text;
}

function socketIoText(packet: Packet): string {
  const parts = encoder.encode(packet) as unknown[];
  if (parts.length !== 1 || typeof parts[0] !== 'string') throw new Error('a JSON-only packet encoded to binary parts');
  return engineIoText('message', parts[0]);
}

/** CONNECT to a namespace, with the auth payload if any. */
export function connectText(nsp: string, auth: Record<string, unknown> | undefined): string {
  return socketIoText({ type: PacketType.CONNECT, nsp, ...(auth !== undefined ? { data: auth } : {}) });
}

/** DISCONNECT from a namespace. */
export function disconnectText(nsp: string): string {
  return socketIoText({ type: PacketType.DISCONNECT, nsp });
}

/** An EVENT asking for the acknowledgement `ackId`. */
export function eventText(nsp: string, event: string, args: readonly unknown[], ackId: number): string {
  return socketIoText({ type: PacketType.EVENT, nsp, data: [event, ...args], id: ackId });
}

/** The answer to a ping. */
export const PONG_TEXT = engineIoText('pong');
