/**
 * A Socket.IO session recorded against a real `socket.io` server, written to disk, read back and
 * served by the replay server: the real `socket.io-client` connects to it and receives the same
 * events (binary attachments included), and stays connected past the recorded frames because
 * the replay keeps pinging.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { openStream } from '../../../src/core/open-stream';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { startReplayServer, type ReplayServer } from '../../../src/core/recording/replay-server';
import type { StreamConnection } from '../../../src/core/stream';
import type { StreamRequest } from '../../../src/shared/request';
import { startSocketIoServer, type TestSocketIoServer } from './socketio-server';

let server: TestSocketIoServer | undefined;
let replay: ReplayServer | undefined;
let client: Socket | undefined;
const dirs: string[] = [];
afterEach(async () => {
  client?.disconnect();
  client = undefined;
  await replay?.close();
  replay = undefined;
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Records a live Socket.IO session until `events` EVENT/BINARY_EVENT packets came in. */
async function record(request: StreamRequest, events: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sio-replay-'));
  dirs.push(dir);
  const path = join(dir, 'sio.ssrec');
  const recorder = createRecorder(path, { transport: 'ws', request });
  let seen = 0;
  let seq = 0;
  const connection: StreamConnection = openStream({ request }, (draft) => {
    recorder.write(draft);
    if (draft.kind === 'frame' && draft.dir === 'in' && draft.decoded?.protocol === 'socket.io') {
      if (draft.decoded.type === 'EVENT' || draft.decoded.type === 'BINARY_EVENT') seen++;
      if (seen === events) queueMicrotask(() => connection.close());
    }
    return seq++;
  });
  await connection.done;
  await recorder.close();
  return readRecordingFile(path);
}

/** Collects every event the client gets, as [name, ...args]. */
function listen(socket: Socket): unknown[][] {
  const got: unknown[][] = [];
  socket.onAny((event: string, ...args: unknown[]) => got.push([event, ...args]));
  return got;
}

const until = async (check: () => boolean, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('replay --serve of a Socket.IO recording', { timeout: 20_000 }, () => {
  it('socket.io-client connects and receives the recorded events, binary attachments rebuilt', async () => {
    server = await startSocketIoServer();
    const recording = await record(
      {
        url: server.url,
        socketio: {
          emits: [
            { event: 'ticks', args: [3] },
            { event: 'file', args: [] },
          ],
        },
      },
      4,
    );
    replay = await startReplayServer(recording, { speed: 1 });
    client = connectClient(replay.url.replace(/^ws/, 'http'), { transports: ['websocket'], reconnection: false });
    const got = listen(client);
    await until(() => got.length === 4, 'four events');
    expect(client.connected).toBe(true);
    expect(got.slice(0, 3)).toEqual([0, 1, 2].map((i) => ['tick', { i }]));
    const [name, file, bytes, nested] = got[3] as [string, string, Buffer, { thumb: Buffer }];
    expect([name, file]).toEqual(['file', 'a.bin']);
    expect(Buffer.from(bytes)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(Buffer.from(nested.thumb).toString()).toBe('hi');
  });

  it('keeps a client connected past the recorded frames by pinging at the recorded interval', async () => {
    server = await startSocketIoServer({ pingInterval: 100, pingTimeout: 300 });
    const recording = await record({ url: server.url, socketio: { emits: [{ event: 'ticks', args: [1] }] } }, 1);
    replay = await startReplayServer(recording, { speed: 1 });
    client = connectClient(replay.url.replace(/^ws/, 'http'), { transports: ['websocket'], reconnection: false });
    const got = listen(client);
    let reason: string | null = null;
    client.on('disconnect', (r) => (reason = r));
    await until(() => got.length === 1, 'the tick');
    // Three times pingInterval + pingTimeout: without pings the client would have given up.
    await new Promise((r) => setTimeout(r, 1200));
    expect(reason).toBeNull();
    expect(client.connected).toBe(true);
  });
});
