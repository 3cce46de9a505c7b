/**
 * The Socket.IO engine against a real `socket.io` server: handshake, namespaces, auth, emits and
 * their acknowledgements, binary attachments, the heartbeat, and what each frame decodes to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink, type WsStreamConnection } from '../../../src/core/stream';
import type { SocketIoDecoded } from '../../../src/shared/decoded';
import type { FrameRecord, StreamRecord } from '../../../src/shared/records';
import type { SocketIoRequest } from '../../../src/shared/request';
import { startSocketIoServer, type ServerOptions, type TestSocketIoServer } from './socketio-server';

let server: TestSocketIoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Run {
  records: StreamRecord[];
  connection: WsStreamConnection;
  /** Resolves with the first record that `match` accepts (already seen ones included). */
  until(match: (r: StreamRecord) => boolean): Promise<StreamRecord>;
}

function open(url: string, socketio: SocketIoRequest): Run {
  const records: StreamRecord[] = [];
  const waiters: Array<{ match: (r: StreamRecord) => boolean; resolve: (r: StreamRecord) => void }> = [];
  const connection = openStream(
    { request: { url, socketio } },
    createSequencedSink('s', (r) => {
      records.push(r);
      for (const w of [...waiters]) {
        if (w.match(r)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    }),
  ) as WsStreamConnection;
  return {
    records,
    connection,
    until: (match) =>
      new Promise((resolve) => {
        const seen = records.find(match);
        if (seen) resolve(seen);
        else waiters.push({ match, resolve });
      }),
  };
}

const frames = (records: StreamRecord[], dir?: 'in' | 'out'): FrameRecord[] =>
  records.filter((r): r is FrameRecord => r.kind === 'frame' && (dir === undefined || r.dir === dir));
const decodedOf = (records: StreamRecord[], dir?: 'in' | 'out'): SocketIoDecoded[] =>
  frames(records, dir).flatMap((f) => (f.decoded?.protocol === 'socket.io' ? [f.decoded] : []));
const isEvent = (name: string) => (r: StreamRecord) =>
  r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.event === name && r.dir === 'in';

async function startServer(options?: ServerOptions): Promise<TestSocketIoServer> {
  server = await startSocketIoServer(options);
  return server;
}

describe('Socket.IO sessions', { timeout: 20_000 }, () => {
  it('handshakes, emits with acks, and decodes every frame without touching its data', async () => {
    const { url } = await startServer();
    const run = open(url, {
      emits: [
        { event: 'echo', args: ['hi', { n: 1 }] },
        { event: 'ticks', args: [3] },
      ],
    });
    await run.until(
      (r) =>
        r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.type === 'ACK' && r.decoded.ackId === 1,
    );
    run.connection.close();
    await run.connection.done;

    const response = run.records.find((r) => r.kind === 'response');
    expect(response).toMatchObject({ status: 101 });
    expect((response as { url: string }).url).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\/\?EIO=4&transport=websocket$/,
    );
    const inbound = decodedOf(run.records, 'in');
    expect(inbound[0]).toMatchObject({
      protocol: 'socket.io',
      type: 'open',
      sid: expect.any(String),
      pingInterval: 25000,
    });
    expect(inbound[1]).toMatchObject({ type: 'CONNECT', nsp: '/', data: { sid: expect.any(String) } });
    expect(inbound.filter((d) => d.type === 'EVENT')).toEqual(
      [0, 1, 2].map((i) => ({ protocol: 'socket.io', type: 'EVENT', nsp: '/', event: 'tick', args: [{ i }] })),
    );
    expect(inbound.filter((d) => d.type === 'ACK')).toEqual([
      { protocol: 'socket.io', type: 'ACK', nsp: '/', args: ['hi', { n: 1 }], ackId: 0 },
      { protocol: 'socket.io', type: 'ACK', nsp: '/', args: ['done'], ackId: 1 },
    ]);
    const out = frames(run.records, 'out').filter((f) => f.opcode === 'text');
    expect(out.map((f) => f.data)).toEqual(['40', '420["echo","hi",{"n":1}]', '421["ticks",3]', '41']);
    expect(out.map((f) => (f.decoded as SocketIoDecoded).type)).toEqual(['CONNECT', 'EVENT', 'EVENT', 'DISCONNECT']);
    // Decoding only adds a field: the data is the frame's text as it came.
    const tick = frames(run.records, 'in').find(
      (f) => f.decoded?.protocol === 'socket.io' && f.decoded.type === 'EVENT',
    )!;
    expect(tick.data).toBe('42["tick",{"i":0}]');
    expect(tick.size).toBe(Buffer.byteLength(tick.data));
    expect(run.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
    await new Promise((r) => setTimeout(r, 50));
    expect(server!.disconnects).toEqual(['client namespace disconnect']);
  });

  it('answers every ping: the session outlives many of the server ping intervals', async () => {
    const { url } = await startServer({ pingInterval: 100, pingTimeout: 400 });
    const run = open(url, {});
    // Without pongs socket.io closes the session after pingInterval + pingTimeout (500 ms).
    await run.until((r) => r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.type === 'CONNECT');
    const pongs = (): FrameRecord[] => frames(run.records, 'out').filter((f) => f.data === '3');
    await run.until(() => pongs().length >= 8);
    expect(server!.connected()).toBe(1);
    expect(decodedOf(run.records, 'in').filter((d) => d.type === 'ping').length).toBeGreaterThanOrEqual(8);
    expect(pongs().every((f) => (f.decoded as SocketIoDecoded).type === 'pong')).toBe(true);
    expect(run.records.some((r) => r.kind === 'state' && r.readyState === 3)).toBe(false);
    run.connection.close();
    await run.connection.done;
  });

  it('joins a namespace with auth; a refused CONNECT is a fatal connect-error', async () => {
    const { url } = await startServer();
    const ok = open(url, { namespace: '/admin', auth: { token: 'letmein' } });
    const welcome = await ok.until(isEvent('welcome'));
    expect((welcome as FrameRecord).decoded).toEqual({
      protocol: 'socket.io',
      type: 'EVENT',
      nsp: '/admin',
      event: 'welcome',
      args: ['admin'],
    });
    expect(frames(ok.records, 'out')[0]!.data).toBe('40/admin,{"token":"letmein"}');
    ok.connection.close();
    await ok.connection.done;

    const refused = open(url, { namespace: '/admin', auth: { token: 'wrong' } });
    await refused.connection.done;
    expect(decodedOf(refused.records, 'in').find((d) => d.type === 'CONNECT_ERROR')).toEqual({
      protocol: 'socket.io',
      type: 'CONNECT_ERROR',
      nsp: '/admin',
      data: { message: 'not authorized' },
    });
    expect(refused.records.find((r) => r.kind === 'error')).toMatchObject({
      code: 'connect-error',
      fatal: true,
      message: 'Socket.IO refused namespace /admin: not authorized',
    });
    expect(refused.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3 });
  });

  it('binary attachments: the header counts as the event, each attachment frame says whose it is', async () => {
    const { url } = await startServer();
    const run = open(url, { emits: [{ event: 'file', args: [] }] });
    await run.until(
      (r) =>
        r.kind === 'frame' &&
        r.decoded?.protocol === 'socket.io' &&
        r.decoded.type === 'attachment' &&
        r.decoded.attachment === 1,
    );
    run.connection.close();
    await run.connection.done;
    const inbound = frames(run.records, 'in');
    const header = inbound.find((f) => f.decoded?.protocol === 'socket.io' && f.decoded.type === 'BINARY_EVENT')!;
    expect(header.decoded).toEqual({
      protocol: 'socket.io',
      type: 'BINARY_EVENT',
      nsp: '/',
      event: 'file',
      args: ['a.bin', { _placeholder: true, num: 0 }, { thumb: { _placeholder: true, num: 1 } }],
      attachments: 2,
    });
    const attachments = inbound.filter((f) => f.opcode === 'binary');
    expect(attachments.map((f) => f.decoded)).toEqual([
      { protocol: 'socket.io', type: 'attachment', nsp: '/', event: 'file', attachment: 0, attachments: 2 },
      { protocol: 'socket.io', type: 'attachment', nsp: '/', event: 'file', attachment: 1, attachments: 2 },
    ]);
    expect(Buffer.from(attachments[0]!.bytes!)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(Buffer.from(attachments[1]!.bytes!).toString()).toBe('hi');
  });

  it('a server-side disconnect ends the session cleanly; app-sent events get the next ack ids', async () => {
    const { url } = await startServer();
    const run = open(url, { emits: [{ event: 'echo', args: [1] }] });
    await run.until((r) => r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.type === 'ACK');
    run.connection.send({ type: 'event', event: 'echo', args: ['again'] });
    const ack = await run.until(
      (r) =>
        r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.type === 'ACK' && r.decoded.ackId === 1,
    );
    expect((ack as FrameRecord).decoded).toMatchObject({ args: ['again'] });
    run.connection.send({ type: 'event', event: 'leave', args: [] });
    await run.connection.done;
    expect(decodedOf(run.records, 'in').at(-1)).toMatchObject({ type: 'DISCONNECT', nsp: '/' });
    expect(run.records.some((r) => r.kind === 'error')).toBe(false);
    expect(server!.disconnects).toEqual(['server namespace disconnect']);
  });
});
