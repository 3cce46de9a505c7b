/**
 * Reads Socket.IO v4 packets (and the Engine.IO 4 packets around them) out of WebSocket frames,
 * with the protocols' own parsers: engine.io-parser for the Engine.IO layer, socket.io-parser for
 * what a `message` carries. Text frames hold one Engine.IO packet each; a binary frame is one
 * attachment of the BINARY_EVENT/BINARY_ACK sent just before it in the same direction.
 * Nothing here changes a frame: the result is only what it says.
 */
import { decodePacket } from 'engine.io-parser';
import { Decoder, PacketType, type Packet } from 'socket.io-parser';
import type { SocketIoDecoded, SocketIoPacketType } from '#shared/decoded';
import { errorMessage } from '#shared/error-message';

type Direction = 'in' | 'out';

/** Attachments a binary packet still waits for, in one direction. */
interface Pending {
  nsp: string;
  event?: string;
  attachments: number;
  next: number;
}

/** A binary packet with more attachments than this is read as invalid (socket.io's default is 10). */
const MAX_ATTACHMENTS = 1000;

const ENGINE_TYPES: ReadonlySet<string> = new Set(['open', 'close', 'ping', 'pong', 'upgrade', 'noop']);

export interface SocketIoFrameDecoder {
  /** A text frame: one Engine.IO packet. */
  text(dir: Direction, text: string): SocketIoDecoded;
  /** A binary frame: an attachment of the last binary packet of this direction. */
  binary(dir: Direction): SocketIoDecoded;
  /** A new connection: nothing pending carries over. */
  reset(): void;
}

function invalid(error: string): SocketIoDecoded {
  return { protocol: 'socket.io', type: 'invalid', error };
}

/** Finite numbers only: an Engine.IO handshake from a hostile peer may say anything. */
function numberField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The Engine.IO `open` packet's handshake, as far as it is well-formed. */
function openPacket(data: unknown): SocketIoDecoded {
  const out: SocketIoDecoded = { protocol: 'socket.io', type: 'open' };
  let handshake: unknown;
  try {
    handshake = JSON.parse(typeof data === 'string' ? data : '');
  } catch {
    return invalid('Engine.IO open packet without a JSON handshake');
  }
  if (typeof handshake !== 'object' || handshake === null || Array.isArray(handshake))
    return invalid('Engine.IO open packet without a handshake object');
  const fields = handshake as Record<string, unknown>;
  if (typeof fields.sid === 'string') out.sid = fields.sid;
  const pingInterval = numberField(fields.pingInterval);
  if (pingInterval !== undefined) out.pingInterval = pingInterval;
  const pingTimeout = numberField(fields.pingTimeout);
  if (pingTimeout !== undefined) out.pingTimeout = pingTimeout;
  return out;
}

/**
 * socket.io-parser only hands a binary packet over once its attachments are in. To say what the
 * header frame itself holds, it is completed at once with empty stand-ins, which are then put
 * back as the placeholders the wire carries ({"_placeholder":true,"num":i}).
 */
function withPlaceholders(value: unknown, standIns: readonly Buffer[]): unknown {
  if (Buffer.isBuffer(value)) {
    const num = standIns.indexOf(value);
    return num === -1 ? value : { _placeholder: true, num };
  }
  if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, standIns));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withPlaceholders(v, standIns);
    return out;
  }
  return value;
}

function fromPacket(packet: Packet, attachments: number): SocketIoDecoded {
  const out: SocketIoDecoded = {
    protocol: 'socket.io',
    type: PacketType[packet.type] as SocketIoPacketType,
    nsp: packet.nsp,
  };
  const data: unknown = packet.data;
  switch (packet.type) {
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT: {
      const list = data as unknown[];
      if (typeof list[0] === 'string') {
        out.event = list[0];
        out.args = list.slice(1);
      } else {
        out.args = list;
      }
      break;
    }
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      out.args = data as unknown[];
      break;
    default:
      if (data !== undefined) out.data = data;
  }
  if (packet.id !== undefined) out.ackId = packet.id;
  if (packet.type === PacketType.BINARY_EVENT || packet.type === PacketType.BINARY_ACK) out.attachments = attachments;
  return out;
}

export function createSocketIoFrameDecoder(): SocketIoFrameDecoder {
  const pending: Record<Direction, Pending | null> = { in: null, out: null };

  /** One Socket.IO packet (an Engine.IO message's text). Throws what socket.io-parser throws. */
  function readPacket(text: string): { packet: Packet; attachments: number } {
    const decoder = new Decoder({ maxAttachments: MAX_ATTACHMENTS });
    let packet: Packet | undefined;
    decoder.on('decoded', (p: Packet) => {
      packet = p;
    });
    try {
      decoder.add(text);
      const standIns: Buffer[] = [];
      while (packet === undefined && standIns.length < MAX_ATTACHMENTS) {
        const standIn = Buffer.alloc(0);
        standIns.push(standIn);
        decoder.add(standIn);
      }
      if (packet === undefined) throw new Error('binary packet never completed');
      if (standIns.length > 0) {
        // socket.io-parser hands a completed binary packet over as a plain EVENT/ACK.
        packet.type = packet.type === PacketType.ACK ? PacketType.BINARY_ACK : PacketType.BINARY_EVENT;
        packet.data = withPlaceholders(packet.data, standIns);
      }
      return { packet, attachments: standIns.length };
    } finally {
      decoder.destroy();
    }
  }

  function message(dir: Direction, text: string): SocketIoDecoded {
    let read: { packet: Packet; attachments: number };
    try {
      read = readPacket(text);
    } catch (err) {
      return invalid(`not a Socket.IO packet: ${errorMessage(err)}`);
    }
    const decoded = fromPacket(read.packet, read.attachments);
    // A new header replaces one whose attachments never came: the next binary frames are its.
    pending[dir] =
      read.attachments > 0
        ? {
            nsp: read.packet.nsp,
            attachments: read.attachments,
            next: 0,
            ...(decoded.event !== undefined ? { event: decoded.event } : {}),
          }
        : null;
    return decoded;
  }

  return {
    text(dir, text) {
      const packet = decodePacket(text);
      switch (packet.type) {
        case 'message':
          return message(dir, String(packet.data ?? ''));
        case 'open':
          return openPacket(packet.data);
        case 'error':
          return invalid('not an Engine.IO packet');
        default: {
          if (!ENGINE_TYPES.has(packet.type)) return invalid('not an Engine.IO packet');
          const out: SocketIoDecoded = { protocol: 'socket.io', type: packet.type };
          // "2probe"/"3probe" during a transport upgrade.
          if (typeof packet.data === 'string' && packet.data !== '') out.data = packet.data;
          return out;
        }
      }
    },
    binary(dir) {
      const p = pending[dir];
      if (p === null) return invalid('a binary frame with no BINARY_EVENT or BINARY_ACK before it');
      const out: SocketIoDecoded = {
        protocol: 'socket.io',
        type: 'attachment',
        nsp: p.nsp,
        attachment: p.next,
        attachments: p.attachments,
        ...(p.event !== undefined ? { event: p.event } : {}),
      };
      p.next++;
      if (p.next === p.attachments) pending[dir] = null;
      return out;
    },
    reset() {
      pending.in = null;
      pending.out = null;
    },
  };
}
