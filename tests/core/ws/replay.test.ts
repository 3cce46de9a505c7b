// A recorded WebSocket session, written to disk by the recorder, read back, and served by the
// replay server to a ws client: same frames, same order, the gaps approximately kept.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWsConnection } from '../../../src/core/ws/connection';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { startReplayServer, type ReplayServer } from '../../../src/core/recording/replay-server';
import { createWsReplayHandler, wsServedConnections } from '../../../src/core/recording/ws-replay';
import { deriveRecords } from '../../../src/core/recording/replayer';
import type { Recording } from '../../../src/shared/recording-format';
import type { StreamRequest } from '../../../src/shared/request';
import type { FrameRecord } from '../../../src/shared/records';
import { collect, type Collector } from './helpers';
import { startWsServer, type WsTestServer as TestServer } from '../../support/servers';
import { within } from '../../support/wait';

let server: TestServer | null = null;
let replay: ReplayServer | null = null;
const dirs: string[] = [];

afterEach(async () => {
  await replay?.close();
  replay = null;
  await server?.close();
  server = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs a live session against `server`, recording it to a file, and reads the file back. */
async function recordSession(request: StreamRequest): Promise<{ recording: Recording; live: Collector }> {
  const dir = mkdtempSync(join(tmpdir(), 'ws-replay-'));
  dirs.push(dir);
  const path = join(dir, 'session.ssrec');
  const recorder = createRecorder(path, { transport: 'ws', request });
  const live = collect();
  const conn = createWsConnection({ request }, (draft) => {
    recorder.write(draft);
    return live.sink(draft);
  });
  await within(conn.done, 5000, 'recorded session');
  await recorder.close();
  expect(recorder.error).toBeNull();
  return { recording: await readRecordingFile(path), live };
}

const inbound = (c: Collector): FrameRecord[] => c.of('frame').filter((f) => f.dir === 'in');
const shape = (frames: FrameRecord[]): Array<[string, string, number]> => frames.map((f) => [f.opcode, f.data, f.size]);

describe('replaying a WebSocket recording through the replay server', () => {
  it('sends the same frames in the same order with the recorded gaps, then the recorded close', async () => {
    server = await startWsServer((ws) => {
      ws.send('first');
      setTimeout(() => ws.send(Buffer.from([1, 2, 3, 250])), 120);
      setTimeout(() => ws.ping('hb'), 200);
      setTimeout(() => ws.send(JSON.stringify({ n: 3, text: 'ünïcode' })), 320);
      setTimeout(() => ws.close(4001, 'recorded goodbye'), 400);
    });
    const { recording, live } = await recordSession({ url: `${server.url}/feed` });
    expect(recording.header.transport).toBe('ws');
    const recorded = inbound(live);
    expect(recorded.map((f) => f.opcode)).toEqual(['text', 'binary', 'ping', 'text', 'close']);

    replay = await startReplayServer(recording, { speed: 1, wsReplay: createWsReplayHandler });
    expect(replay.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const c = collect();
    const conn = createWsConnection({ request: { url: replay.url } }, c.sink);
    await within(conn.done, 5000, 'replayed session');

    const replayed = inbound(c);
    expect(shape(replayed)).toEqual(shape(recorded));
    expect(replayed.at(-1)).toMatchObject({ code: 4001, reason: 'recorded goodbye' });
    expect(Buffer.from(replayed[1]!.bytes!)).toEqual(Buffer.from([1, 2, 3, 250]));
    // The client answered the replayed ping, as it did live.
    expect(c.of('frame').some((f) => f.dir === 'out' && f.opcode === 'pong')).toBe(true);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });

    // Gaps between consecutive frames are kept: within 60 ms each way (a loaded machine), and
    // the whole span is clearly not "all at once".
    const gaps = (frames: FrameRecord[]): number[] => frames.slice(1).map((f, i) => f.t - frames[i]!.t);
    const liveGaps = gaps(recorded);
    const replayGaps = gaps(replayed);
    for (let i = 0; i < liveGaps.length; i++) expect(Math.abs(replayGaps[i]! - liveGaps[i]!)).toBeLessThan(60);
    expect(replayed.at(-1)!.t - replayed[0]!.t).toBeGreaterThan(300);
  });

  it('scales the gaps by the speed (2 = twice as fast, 0 = no waiting)', async () => {
    server = await startWsServer((ws) => {
      ws.send('a');
      setTimeout(() => ws.send('b'), 300);
      setTimeout(() => ws.close(1000, 'end'), 320);
    });
    const { recording } = await recordSession({ url: server.url });

    replay = await startReplayServer(recording, { speed: 2, wsReplay: createWsReplayHandler });
    const fast = collect();
    const conn = createWsConnection({ request: { url: replay.url } }, fast.sink);
    await within(conn.done, 5000, 'speed 2');
    const [a, b] = inbound(fast);
    expect([a!.data, b!.data]).toEqual(['a', 'b']);
    expect(b!.t - a!.t).toBeGreaterThan(110);
    expect(b!.t - a!.t).toBeLessThan(230);
    await replay.close();

    replay = await startReplayServer(recording, { speed: 0, wsReplay: createWsReplayHandler });
    const instant = collect();
    const conn0 = createWsConnection({ request: { url: replay.url } }, instant.sink);
    await within(conn0.done, 5000, 'speed 0');
    const frames0 = inbound(instant);
    expect(frames0.map((f) => f.data)).toEqual(['a', 'b', '1000 end']);
    expect(frames0[1]!.t - frames0[0]!.t).toBeLessThan(100);
  });

  it('replays a rejected handshake as the recorded HTTP refusal', async () => {
    server = await startWsServer(() => {}, {
      onUpgrade(_req, socket) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 9\r\nConnection: close\r\n\r\nno ticket',
        );
        return true;
      },
    });
    const { recording } = await recordSession({ url: server.url });
    replay = await startReplayServer(recording, { wsReplay: createWsReplayHandler });
    const c = collect();
    const conn = createWsConnection({ request: { url: replay.url } }, c.sink);
    await within(conn.done, 5000, 'replayed refusal');
    expect(c.of('response')[0]).toMatchObject({ status: 401, statusText: 'Unauthorized', body: 'no ticket' });
    expect(c.of('response')[0]!.headers['www-authenticate']).toBe('Bearer');
    expect(c.of('error')[0]).toMatchObject({ code: 'http-status', status: 401, fatal: true });
  });

  it('replays a socket that died without a close frame as an abrupt end', async () => {
    server = await startWsServer((ws) => {
      ws.send('only');
      setTimeout(() => ws.terminate(), 50);
    });
    const { recording } = await recordSession({ url: server.url });
    expect(wsServedConnections(recording.records)[0]!.ending.how).toBe('abort');
    // No wsReplay option: the replay server serves WebSocket recordings by default.
    replay = await startReplayServer(recording);
    const c = collect();
    const conn = createWsConnection({ request: { url: replay.url } }, c.sink);
    await within(conn.done, 5000, 'replayed abort');
    expect(inbound(c).map((f) => f.data)).toEqual(['only']);
    expect(c.of('error')[0]).toMatchObject({ code: 'network' });
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'network-error' });
  });

  it('negotiates the recorded subprotocol and keeps serving until the client leaves when the recorded client closed', async () => {
    server = await startWsServer((ws) => ws.send('hello'), { wss: { handleProtocols: () => 'chat.v1' } });
    const dir = mkdtempSync(join(tmpdir(), 'ws-replay-'));
    dirs.push(dir);
    const path = join(dir, 'user-closed.ssrec');
    const request: StreamRequest = { url: server.url, protocols: ['chat.v1'] };
    const recorder = createRecorder(path, { transport: 'ws', request });
    const live = collect();
    const liveConn = createWsConnection({ request }, (d) => {
      recorder.write(d);
      return live.sink(d);
    });
    await live.waitFor((r) => r.kind === 'frame' && r.dir === 'in');
    liveConn.close();
    await within(liveConn.done, 5000, 'live closed');
    await recorder.close();
    const recording = await readRecordingFile(path);
    expect(wsServedConnections(recording.records)[0]!.ending).toEqual({ how: 'hold' });

    replay = await startReplayServer(recording, { wsReplay: createWsReplayHandler });
    const c = collect();
    const conn = createWsConnection({ request: { url: replay.url, protocols: ['chat.v1'] } }, c.sink);
    await c.waitFor((r) => r.kind === 'frame' && r.dir === 'in');
    expect(c.of('response')[0]!.protocol).toBe('chat.v1');
    await new Promise((r) => setTimeout(r, 100));
    expect(conn.readyState).toBe(1);
    conn.close();
    await within(conn.done, 5000, 'client closed');
    expect(c.records.at(-1)).toMatchObject({ reason: 'closed-by-user' });
  });

  it('answers a plain HTTP request to a WebSocket replay with 426', async () => {
    server = await startWsServer((ws) => ws.close(1000));
    const { recording } = await recordSession({ url: server.url });
    replay = await startReplayServer(recording, { wsReplay: createWsReplayHandler });
    const res = await fetch(replay.url.replace(/^ws/, 'http'));
    expect(res.status).toBe(426);
    await res.text();
  });

  it('replays in-app (the replayer) with every frame record as recorded, timestamps included', async () => {
    server = await startWsServer((ws) => {
      ws.send('x');
      ws.send(Buffer.from('ff00', 'hex'));
      setTimeout(() => ws.close(1000, 'fin'), 30);
    });
    const { recording, live } = await recordSession({ url: server.url });
    const derived = deriveRecords(recording);
    const pick = (f: FrameRecord): unknown => ({
      t: f.t,
      dir: f.dir,
      opcode: f.opcode,
      data: f.data,
      size: f.size,
      code: f.code,
      reason: f.reason,
    });
    const derivedFrames = derived.filter((r): r is FrameRecord => r.kind === 'frame');
    expect(derivedFrames.map(pick)).toEqual(live.of('frame').map(pick));
    expect(Array.from(derivedFrames[1]!.bytes!)).toEqual([0xff, 0]);
    expect(derived.filter((r) => r.kind === 'state').map((r) => (r as { readyState: number }).readyState)).toEqual(
      live.states(),
    );
  });
});
