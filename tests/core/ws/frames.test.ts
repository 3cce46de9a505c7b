import { now } from '../../../src/core/clock';
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect, isClosed, isOpen, openedPerTest } from './helpers';
import { startWsServer } from '../../support/servers';
import { within } from '../../support/wait';

const opened = openedPerTest();

describe('WebSocket frames in', () => {
  it('records the handshake, then text and binary frames with size and arrival stamps', async () => {
    const binary = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]);
    opened.server = await startWsServer((ws) => {
      ws.send('héllo');
      ws.send(binary);
    });
    const c = collect();
    const before = now();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await c.waitFor((r) => r.kind === 'frame' && r.opcode === 'binary');

    const [response] = c.of('response');
    expect(response).toMatchObject({ status: 101, connection: 1, url: opened.server.url });
    expect(response!.headers.upgrade?.toLowerCase()).toBe('websocket');
    expect(Object.keys(response!.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(response!.requestSentAt).toBeGreaterThanOrEqual(before);
    expect(response!.t).toBeGreaterThanOrEqual(response!.requestSentAt);

    const states = c.of('state');
    expect(states.slice(0, 2).map((s) => [s.readyState, s.reason])).toEqual([
      [0, 'connecting'],
      [1, 'open'],
    ]);
    expect(states[1]!.message).toMatch(/open after \d+(\.\d)? ms/);

    const frames = c.of('frame');
    expect(frames.map((f) => [f.dir, f.opcode])).toEqual([
      ['in', 'text'],
      ['in', 'binary'],
    ]);
    expect(frames[0]).toMatchObject({ data: 'héllo', size: 6 });
    expect(frames[0]!.bytes).toBeUndefined();
    expect(frames[1]).toMatchObject({ data: binary.toString('base64'), size: 5 });
    expect(Buffer.from(frames[1]!.bytes!)).toEqual(binary);
    // Arrival stamps are wall-clock, ordered, and after the handshake.
    expect(frames[0]!.t).toBeGreaterThanOrEqual(response!.t);
    expect(frames[1]!.t).toBeGreaterThanOrEqual(frames[0]!.t);
    expect(Math.abs(frames[1]!.t - Date.now())).toBeLessThan(5000);
    // seq is monotonic in emission order.
    expect(c.records.map((r) => r.seq)).toEqual(c.records.map((_, i) => i));
  });

  it('receives an 8 MiB binary frame intact', async () => {
    const big = randomBytes(8 * 1024 * 1024);
    opened.server = await startWsServer((ws) => ws.send(big));
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    const frame = await c.waitFor((r) => r.kind === 'frame' && r.dir === 'in', 15_000);
    if (frame.kind !== 'frame') throw new Error('not a frame');
    expect(frame.size).toBe(big.byteLength);
    expect(Buffer.from(frame.bytes!).equals(big)).toBe(true);
    expect(frame.data.length).toBe(Math.ceil(big.byteLength / 3) * 4);
    expect(c.of('error')).toEqual([]);
  });

  it('answers a server ping with a pong carrying the same payload, and records both', async () => {
    let resolvePong!: (data: Buffer) => void;
    const gotPong = new Promise<Buffer>((resolve) => (resolvePong = resolve));
    opened.server = await startWsServer((ws) => {
      ws.on('pong', (data) => resolvePong(data));
      ws.ping(Buffer.from('are you there'));
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    const pong = await within(gotPong, 5000, 'server got pong');
    expect(pong.toString()).toBe('are you there');
    const frames = c.of('frame');
    expect(frames.map((f) => [f.dir, f.opcode, Buffer.from(f.data, 'base64').toString()])).toEqual([
      ['in', 'ping', 'are you there'],
      ['out', 'pong', 'are you there'],
    ]);
    expect(frames[0]!.size).toBe(13);
    expect(frames[1]!.t).toBeGreaterThanOrEqual(frames[0]!.t);
  });

  it('refuses a message over limits.maxEventBytes with an error record and a 1009 close, without crashing', async () => {
    let resolveClose!: (code: number) => void;
    const serverClosed = new Promise<number>((resolve) => (resolveClose = resolve));
    opened.server = await startWsServer((ws) => {
      ws.on('close', (code) => resolveClose(code));
      ws.send('small');
      ws.send(Buffer.alloc(4096, 1));
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url }, limits: { maxEventBytes: 1024 } }, c.sink);
    await within(opened.conn.done, 5000, 'done after too-large');
    expect(await within(serverClosed, 5000, 'server saw close')).toBe(1009);
    const errors = c.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'event-too-large', fatal: true });
    expect(errors[0]!.message).toContain('1024');
    expect(c.of('frame').map((f) => [f.dir, f.opcode, f.code ?? null])).toEqual([
      ['in', 'text', null],
      ['out', 'close', 1009],
    ]);
    const last = c.records.at(-1)!;
    expect(last).toMatchObject({ kind: 'state', readyState: 3, reason: 'event-too-large' });
    expect(c.states()).toEqual([0, 1, 2, 3]);
    expect(opened.conn.readyState).toBe(3);
  });

  it('records a fragmented message once, when its last fragment arrives', async () => {
    opened.server = await startWsServer((ws) => {
      ws.send('par', { fin: false });
      setTimeout(() => ws.send('tial', { fin: true }), 30);
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    const frame = await c.waitFor((r) => r.kind === 'frame');
    expect(frame).toMatchObject({ opcode: 'text', data: 'partial', size: 7 });
    expect(c.of('frame')).toHaveLength(1);
  });

  it('keeps frames flowing: inbound records appear in the order the server sent them', async () => {
    opened.server = await startWsServer((ws) => {
      for (let i = 0; i < 200; i++) ws.send(`m${i}`);
    });
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await c.waitFor((r) => r.kind === 'frame' && r.data === 'm199');
    const frames = c.of('frame');
    expect(frames.map((f) => f.data)).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.t).toBeGreaterThanOrEqual(frames[i - 1]!.t);
    expect(c.records.some(isOpen)).toBe(true);
    expect(c.records.some(isClosed)).toBe(false);
  });
});
