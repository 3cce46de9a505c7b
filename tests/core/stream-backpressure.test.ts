/**
 * consumerReady: a consumer that cannot keep up (the CLI's stdout into a slow pipe) stops the
 * engines reading, so the server is held back by TCP instead of records piling up in memory.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from '../../src/core/open-stream';
import type { RecordDraft } from '../../src/shared/records';
import { beginStream, startServer, type TestServer } from '../support/servers';
import { startWsServer, type WsTestServer } from '../support/servers';
import { until } from '../support/wait';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes events forever (as fast as the socket drains), counting them, until the client leaves. */
function endlessEvents(res: ServerResponse, sent: { events: number }): void {
  beginStream(res);
  const batch = 'data: 0123456789012345678901234567890123456789\n\n'.repeat(100);
  const pump = (): void => {
    while (!res.destroyed) {
      sent.events += 100;
      if (!res.write(batch)) return void res.once('drain', pump);
    }
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

let servers: Array<TestServer | WsTestServer> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('a consumer that is behind (consumerReady)', () => {
  it('SSE: no read happens while the consumer is busy; reading resumes when it is ready', async () => {
    const sent = { events: 0 };
    const server = await startServer((_req, res) => endlessEvents(res, sent));
    servers.push(server);
    let events = 0;
    let busy: { promise: Promise<void>; release: () => void } | null = null;
    const connection = openStream(
      {
        request: { url: server.url('/'), reconnect: false },
        consumerReady: () => busy?.promise ?? null,
      },
      (draft: RecordDraft) => {
        if (draft.kind === 'event') {
          events++;
          if (events === 1000 && busy === null) {
            let release!: () => void;
            busy = { promise: new Promise<void>((resolve) => (release = resolve)), release };
          }
        }
        return 0;
      },
    );
    await until('1000 events', () => busy !== null);
    // Whatever the read that crossed 1000 held, nothing more is read while busy.
    await sleep(100);
    const atPause = events;
    const sentAtPause = sent.events;
    await sleep(700);
    expect(events).toBe(atPause);
    // The server is held back by TCP: the socket buffers fill, then its writes wait.
    expect(sent.events - sentAtPause).toBeLessThan(2_000_000);
    busy!.release();
    busy = null;
    await until('1000 more events', () => events > atPause + 1000);
    connection.close();
    await connection.done;
  });

  it('WebSocket: the socket is paused while the consumer is busy and resumed after', async () => {
    let sent = 0;
    const server = await startWsServer((ws) => {
      // Bounded batches per turn: this server shares the event loop with the client under test.
      const pump = (): void => {
        if (ws.readyState !== ws.OPEN) return;
        for (let i = 0; i < 200 && ws.bufferedAmount < 1024 * 1024; i++) ws.send(`frame ${sent++}`);
        setTimeout(pump, 1);
      };
      pump();
    });
    servers.push(server);
    let frames = 0;
    let busy: { promise: Promise<void>; release: () => void } | null = null;
    const connection = openStream(
      { request: { url: server.url }, consumerReady: () => busy?.promise ?? null },
      (draft: RecordDraft) => {
        if (draft.kind === 'frame' && draft.dir === 'in') {
          frames++;
          if (frames === 1000 && busy === null) {
            let release!: () => void;
            busy = { promise: new Promise<void>((resolve) => (release = resolve)), release };
          }
        }
        return 0;
      },
    );
    await until('1000 frames', () => busy !== null);
    // Frames already parsed from the last read may still come; then nothing.
    await sleep(300);
    const atPause = frames;
    await sleep(700);
    expect(frames).toBe(atPause);
    busy!.release();
    busy = null;
    await until('1000 more frames', () => frames > atPause + 1000);
    connection.close();
    await connection.done;
  });
});
