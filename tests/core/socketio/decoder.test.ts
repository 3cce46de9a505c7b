/** What the frame decoder makes of well-formed and hostile frames: never a throw, always one line why. */
import { describe, expect, it } from 'vitest';
import { Encoder, PacketType } from 'socket.io-parser';
import { createSocketIoFrameDecoder } from '../../../src/core/socketio/decoder';

describe('Socket.IO frame decoder', () => {
  it('reads what socket.io-parser writes, acks and namespaces included', () => {
    const decoder = createSocketIoFrameDecoder();
    const [text] = new Encoder().encode({ type: PacketType.EVENT, nsp: '/chat', data: ['msg', 'hi', 2], id: 12 }) as [
      string,
    ];
    expect(decoder.text('in', `4${text}`)).toEqual({
      protocol: 'socket.io',
      type: 'EVENT',
      nsp: '/chat',
      event: 'msg',
      args: ['hi', 2],
      ackId: 12,
    });
    expect(decoder.text('in', '43/chat,12["ok"]')).toEqual({
      protocol: 'socket.io',
      type: 'ACK',
      nsp: '/chat',
      args: ['ok'],
      ackId: 12,
    });
    expect(decoder.text('in', '2')).toEqual({ protocol: 'socket.io', type: 'ping' });
    expect(decoder.text('out', '3')).toEqual({ protocol: 'socket.io', type: 'pong' });
    expect(decoder.text('in', '1')).toEqual({ protocol: 'socket.io', type: 'close' });
  });

  it('names what is wrong with frames that are not Engine.IO or Socket.IO packets', () => {
    const decoder = createSocketIoFrameDecoder();
    for (const bad of ['', 'x', '9', '42[', '42{"a":1}', '4 nonsense', '0not json', '0[]', '49', '42["connect"]']) {
      const decoded = decoder.text('in', bad);
      expect(decoded, bad).toMatchObject({ protocol: 'socket.io', type: 'invalid', error: expect.any(String) });
    }
    expect(decoder.binary('in')).toEqual({
      protocol: 'socket.io',
      type: 'invalid',
      error: 'a binary frame with no BINARY_EVENT or BINARY_ACK before it',
    });
    // A handshake from a hostile peer: only well-typed fields are kept.
    expect(decoder.text('in', '0{"sid":5,"pingInterval":"soon","pingTimeout":1e999}')).toEqual({
      protocol: 'socket.io',
      type: 'open',
    });
  });

  it('ties attachments to their packet per direction, and a new connection forgets them', () => {
    const decoder = createSocketIoFrameDecoder();
    expect(decoder.text('in', '461-/up,7[{"_placeholder":true,"num":0}]')).toEqual({
      protocol: 'socket.io',
      type: 'BINARY_ACK',
      nsp: '/up',
      args: [{ _placeholder: true, num: 0 }],
      ackId: 7,
      attachments: 1,
    });
    expect(decoder.binary('out').type).toBe('invalid');
    expect(decoder.binary('in')).toEqual({
      protocol: 'socket.io',
      type: 'attachment',
      nsp: '/up',
      attachment: 0,
      attachments: 1,
    });
    expect(decoder.binary('in').type).toBe('invalid');
    decoder.text('in', '452-["f",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
    decoder.binary('in');
    decoder.reset();
    expect(decoder.binary('in').type).toBe('invalid');
  });
});
