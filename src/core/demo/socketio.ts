/**
 * The demo server's Socket.IO v4 endpoint at /socket.io/ (Engine.IO 4, WebSocket transport
 * only), written with the protocols' own parsers rather than the `socket.io` server: the parsers
 * already ship with Streamscope (the client side uses them), while the server package would add
 * a runtime dependency tree to the app and the CLI for one demo route, and would bypass the
 * demo server's own Host check, limits and shutdown.
 *
 * On "/" it sends a binary `snapshot` event (one attachment) once joined, then a `tick` event
 * ({n, at}) every `interval` ms, answers every event that asks for an acknowledgement with its
 * own arguments, and pings every `pingInterval` ms (a client that does not answer within
 * `pingTimeout` is dropped, as socket.io does). Other namespaces get CONNECT_ERROR.
 */
import type { WebSocket } from 'ws';
import { decodePacket } from 'engine.io-parser';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { randomBytes } from 'node:crypto';
import type { DemoMetricsCounter } from './metrics';
import type { QueryReader } from './query';
import type { StreamRegistry } from './sse-stream';
import { createConnectionTimers } from './timers';

export interface SocketIoDemoSettings {
  intervalMs: number;
  durationMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
}

/** Reads interval, duration, pingInterval and pingTimeout (throws QueryError). */
export function readSocketIoDemoSettings(query: QueryReader): SocketIoDemoSettings {
  return {
    intervalMs: query.number('interval', { default: 1000, min: 1, max: 3_600_000 }),
    durationMs:
      query.number('duration', { default: 300, min: 0, max: 86_400, integer: false, exclusiveMin: true }) * 1000,
    pingIntervalMs: query.number('pingInterval', { default: 25_000, min: 10, max: 3_600_000 }),
    pingTimeoutMs: query.number('pingTimeout', { default: 20_000, min: 10, max: 3_600_000 }),
  };
}

/** What the endpoint refuses to read from a client: a packet bigger than this (bytes). */
const MAX_CLIENT_PACKET = 1_000_000;

export function runSocketIoDemo(
  ws: WebSocket,
  settings: SocketIoDemoSettings,
  metrics: DemoMetricsCounter,
  registry: StreamRegistry,
): void {
  const timers = createConnectionTimers();
  const encoder = new Encoder();
  const decoder = new Decoder();
  let joined = false;
  let n = 0;
  let answeredPing = true;
  metrics.wsOpened();
  const untrack = registry.add(() => {
    timers.clear();
    ws.close(1001, 'server shutting down');
  });

  const sendFrame = (frame: string | Buffer): void => {
    if (ws.readyState !== ws.OPEN) return;
    metrics.sent(1, typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength);
    ws.send(frame, { binary: typeof frame !== 'string' });
  };
  /** One Socket.IO packet: a text frame, then its attachments as binary frames. */
  const sendPacket = (packet: Packet): void => {
    for (const part of encoder.encode(packet) as Array<string | Buffer>) {
      sendFrame(typeof part === 'string' ? `4${part}` : part);
    }
  };
  const emit = (event: string, ...args: unknown[]): void =>
    sendPacket({ type: PacketType.EVENT, nsp: '/', data: [event, ...args] });

  function onPacket(packet: Packet): void {
    switch (packet.type) {
      case PacketType.CONNECT:
        if (packet.nsp !== '/') {
          sendPacket({ type: PacketType.CONNECT_ERROR, nsp: packet.nsp, data: { message: 'Invalid namespace' } });
          return;
        }
        if (joined) return;
        joined = true;
        sendPacket({ type: PacketType.CONNECT, nsp: '/', data: { sid: randomBytes(10).toString('base64url') } });
        emit('snapshot', { name: 'demo.bin', size: 4 }, Buffer.from([0xde, 0x4d, 0x00, 0x01]));
        timers.every(settings.intervalMs, () => emit('tick', { n: ++n, at: Date.now() }));
        return;
      case PacketType.DISCONNECT:
        ws.close(1000, 'client left');
        return;
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT:
        if (packet.id !== undefined) {
          const args = Array.isArray(packet.data) ? (packet.data as unknown[]).slice(1) : [];
          sendPacket({ type: PacketType.ACK, nsp: packet.nsp, id: packet.id, data: args });
        }
        return;
    }
  }
  decoder.on('decoded', onPacket);

  ws.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    try {
      if (bytes.byteLength > MAX_CLIENT_PACKET) throw new Error('packet too large');
      if (isBinary) return decoder.add(bytes);
      const packet = decodePacket(bytes.toString('utf8'));
      if (packet.type === 'pong') answeredPing = true;
      else if (packet.type === 'message') decoder.add(packet.data);
      else if (packet.type === 'close') ws.close(1000, 'client closed');
      else if (packet.type === 'error') throw new Error('not an Engine.IO packet');
    } catch {
      // socket.io drops a client that sends what it cannot parse.
      timers.clear();
      ws.close(1003, 'invalid packet');
    }
  });
  ws.on('error', () => metrics.error());
  ws.once('close', () => {
    timers.clear();
    decoder.destroy();
    untrack();
    metrics.wsClosed();
  });

  sendFrame(
    `0${JSON.stringify({
      sid: randomBytes(10).toString('base64url'),
      upgrades: [],
      pingInterval: settings.pingIntervalMs,
      pingTimeout: settings.pingTimeoutMs,
      maxPayload: MAX_CLIENT_PACKET,
    })}`,
  );
  timers.every(settings.pingIntervalMs, () => {
    answeredPing = false;
    sendFrame('2');
    timers.after(settings.pingTimeoutMs, () => {
      if (!answeredPing) ws.close(1000, 'ping timeout');
    });
  });
  timers.after(settings.durationMs, () => {
    timers.clear();
    ws.close(1000, 'duration elapsed');
  });
}
