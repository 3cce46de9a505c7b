/**
 * Decoding adds a field to records and nothing else: a JSON-RPC session over WebSocket and one
 * over NDJSON are recorded, and the file holds the bytes and frames exactly as sent (no decoded
 * field); the replay decodes them again to the same records the live session had.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { openStream } from '../../../src/core/open-stream';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { deriveRecords } from '../../../src/core/recording/replayer';
import { createSequencedSink } from '../../../src/core/stream';
import type { StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-jsonrpc-');

async function recordLive(request: StreamRequest, file: string, sendOnOpen?: string[]) {
  const live: StreamRecord[] = [];
  const recorder = createRecorder(file, { transport: request.url.startsWith('ws') ? 'ws' : 'sse', request });
  const connection = openStream(
    { request, ...(sendOnOpen ? { sendOnOpen } : {}) },
    createSequencedSink('live', (r) => {
      live.push(r);
      recorder.write(r);
    }),
  );
  await connection.done;
  await recorder.close();
  return live;
}

/** What a view compares: everything but the session id. */
const comparable = (records: StreamRecord[]) => records.map(({ sessionId: _s, ...r }) => r);

describe('JSON-RPC decoding never changes what is recorded', () => {
  it('WebSocket: frames recorded as sent, decoded again on replay, answers paired with the request frame', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const SENT = '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}';
    wss.on('connection', (ws) =>
      ws.on('message', () => {
        ws.send(SENT);
        ws.close(1000, 'done');
      }),
    );
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`;
    const file = join(dir, 'ws.ssrec');
    try {
      const live = await recordLive({ url }, file, ['{"jsonrpc":"2.0","id":1,"method":"tools/list"}']);
      const out = live.find((r) => r.kind === 'frame' && r.dir === 'out')!;
      const answer = live.find((r) => r.kind === 'frame' && r.dir === 'in' && r.opcode === 'text');
      expect(answer).toMatchObject({
        data: SENT,
        decoded: { kind: 'response', id: 1, method: 'tools/list', requestSeq: out.seq },
      });
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain('decoded');
      expect(text).toContain(JSON.stringify(SENT));
      const replayed = deriveRecords(await readRecordingFile(file), 'live');
      const frames = (rs: StreamRecord[]) => comparable(rs.filter((r) => r.kind === 'frame'));
      expect(frames(replayed)).toEqual(frames(live));
    } finally {
      wss.close();
      await new Promise<void>((r) => http.close(() => r()));
    }
  });

  it('NDJSON: the chunks are the bytes sent, and the replay gives the same decoded events', async () => {
    const BODY =
      '{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":1}}\n' +
      '{"jsonrpc":"2.0","id":5,"result":{"ok":true}}\n';
    const http = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.end(BODY);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/rpc`;
    const file = join(dir, 'ndjson.ssrec');
    try {
      const request: StreamRequest = {
        url,
        method: 'POST',
        body: '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"_meta":{"progressToken":"t"}}}',
      };
      const live = await recordLive(request, file);
      const events = live.filter((r) => r.kind === 'event');
      expect(events.map((e) => e.decoded)).toEqual([
        expect.objectContaining({ method: 'notifications/progress', forId: 5 }),
        expect.objectContaining({ kind: 'response', id: 5, method: 'tools/call' }),
      ]);
      const recording = await readRecordingFile(file);
      const bytes = Buffer.concat(recording.records.flatMap((r) => (r.kind === 'chunk' ? [Buffer.from(r.bytes)] : [])));
      expect(bytes.toString('utf8')).toBe(BODY);
      const replayed = deriveRecords(recording, 'live').filter((r) => r.kind === 'event');
      expect(comparable(replayed)).toEqual(comparable(events));
    } finally {
      await new Promise<void>((r) => http.close(() => r()));
    }
  });
});
