import { describe, expect, it } from 'vitest';
import type { RawData, WebSocket } from 'ws';
import { createWsConnection } from '../../../src/core/ws/connection';
import { WsSendError } from '../../../src/core/ws/outgoing';
import { collect, isOpen, openedPerTest } from './helpers';
import { startWsServer } from '../../support/servers';
import { within } from '../../support/wait';

const opened = openedPerTest();

interface Received {
  data: Buffer;
  isBinary: boolean;
}

/** A server that keeps what it receives and echoes nothing. */
async function recordingServer(): Promise<{
  received: Received[];
  pings: Buffer[];
  next: (n: number) => Promise<void>;
}> {
  const received: Received[] = [];
  const pings: Buffer[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) if (received.length + pings.length >= w.n) w.resolve();
  };
  opened.server = await startWsServer((ws: WebSocket) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      received.push({ data: Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), isBinary });
      check();
    });
    ws.on('ping', (data: Buffer) => {
      pings.push(data);
      check();
    });
  });
  return {
    received,
    pings,
    next: (n) =>
      within(
        new Promise<void>((resolve) => {
          waiters.push({ n, resolve });
          check();
        }),
        5000,
        `server receives ${n}`,
      ),
  };
}

describe('sending on a WebSocket', () => {
  it('sends text, JSON, binary from hex and base64, and a ping; each becomes an out frame record', async () => {
    const srv = await recordingServer();
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server!.url } }, c.sink);
    opened.conn = mine;
    await c.waitFor(isOpen);
    mine.send({ type: 'text', data: 'hello ✓' });
    mine.send({ type: 'text', data: JSON.stringify({ op: 'subscribe', channel: 'ticks' }) });
    mine.send({ type: 'binary', encoding: 'hex', data: '0x DE:AD be-ef 00' });
    mine.send({ type: 'binary', encoding: 'base64', data: 'AAEC/w==' });
    mine.send({ type: 'ping', data: 'p1' });
    await srv.next(5);
    await c.waitFor((r) => r.kind === 'frame' && r.dir === 'in' && r.opcode === 'pong');

    expect(srv.received.map((m) => [m.isBinary, m.isBinary ? m.data.toString('hex') : m.data.toString()])).toEqual([
      [false, 'hello ✓'],
      [false, '{"op":"subscribe","channel":"ticks"}'],
      [true, 'deadbeef00'],
      [true, '000102ff'],
    ]);
    expect(srv.pings.map((p) => p.toString())).toEqual(['p1']);

    const frames = c.of('frame');
    expect(frames.map((f) => [f.dir, f.opcode, f.data, f.size])).toEqual([
      ['out', 'text', 'hello ✓', 9],
      ['out', 'text', '{"op":"subscribe","channel":"ticks"}', 36],
      ['out', 'binary', Buffer.from('deadbeef00', 'hex').toString('base64'), 5],
      ['out', 'binary', 'AAEC/w==', 4],
      ['out', 'ping', Buffer.from('p1').toString('base64'), 2],
      ['in', 'pong', Buffer.from('p1').toString('base64'), 2],
    ]);
    expect(Array.from(frames[2]!.bytes!)).toEqual([0xde, 0xad, 0xbe, 0xef, 0x00]);
  });

  it('refuses bad hex and bad base64 with a clear one-line error and sends nothing', async () => {
    const srv = await recordingServer();
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server!.url } }, c.sink);
    opened.conn = mine;
    await c.waitFor(isOpen);
    const attempt = (fn: () => void): WsSendError => {
      try {
        fn();
      } catch (err) {
        if (err instanceof WsSendError) return err;
        throw err;
      }
      throw new Error('send did not throw');
    };
    const oddHex = attempt(() => mine.send({ type: 'binary', encoding: 'hex', data: 'abc' }));
    expect(oddHex.code).toBe('invalid-hex');
    expect(oddHex.message).toBe('invalid hex: odd number of digits (3)');
    const notHex = attempt(() => mine.send({ type: 'binary', encoding: 'hex', data: 'zz' }));
    expect(notHex.message).toBe('invalid hex: unexpected character "z"');
    const badB64 = attempt(() => mine.send({ type: 'binary', encoding: 'base64', data: 'ab$d' }));
    expect(badB64.code).toBe('invalid-base64');
    expect(badB64.message).toBe('invalid base64: unexpected character "$"');
    const bigPing = attempt(() => mine.send({ type: 'ping', data: 'x'.repeat(126) }));
    expect(bigPing.code).toBe('ping-too-large');
    // The connection is still fine and nothing bad went out.
    mine.send({ type: 'text', data: 'still here' });
    await srv.next(1);
    expect(srv.received.map((m) => m.data.toString())).toEqual(['still here']);
    expect(c.of('frame').map((f) => f.data)).toEqual(['still here']);
    expect(mine.readyState).toBe(1);
  });

  it('refuses to send before the connection is OPEN and after it closed', async () => {
    opened.server = await startWsServer(() => {}, { onUpgrade: () => true });
    const c = collect();
    const mine = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    opened.conn = mine;
    expect(() => mine.send({ type: 'text', data: 'too early' })).toThrow(
      /cannot send: the WebSocket is CONNECTING, not OPEN/,
    );
    mine.close();
    await within(mine.done, 2000, 'done');
    expect(() => mine.send({ type: 'text', data: 'too late' })).toThrow(/not OPEN/);
    expect(c.of('frame')).toEqual([]);
  });

  it('sends the request headers and negotiates a subprotocol; the response record names it', async () => {
    opened.server = await startWsServer(() => {}, {
      wss: { handleProtocols: (protocols) => (protocols.has('v2.json') ? 'v2.json' : false), perMessageDeflate: true },
    });
    const c = collect();
    opened.conn = createWsConnection(
      {
        request: {
          url: `${opened.server.url}/feed?x=1`,
          headers: [
            ['Authorization', 'Bearer s3cret'],
            ['X-Trace', 'a'],
            ['X-Trace', 'b'],
          ],
          protocols: ['v1.json', 'v2.json'],
        },
      },
      c.sink,
    );
    await c.waitFor(isOpen);
    const req = opened.server.upgrades[0]!;
    expect(req.url).toBe('/feed?x=1');
    expect(req.headers.authorization).toBe('Bearer s3cret');
    expect(req.headers['x-trace']).toBe('a, b');
    expect(req.headers['sec-websocket-protocol']).toBe('v1.json,v2.json');
    const [response] = c.of('response');
    expect(response!.protocol).toBe('v2.json');
    expect(response!.headers['sec-websocket-protocol']).toBe('v2.json');
    expect(response!.extensions).toMatch(/permessage-deflate/);
    expect(c.of('state')[1]!.message).toContain('v2.json');
  });
});
