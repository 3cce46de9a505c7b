/**
 * A Socket.IO auth payload is a credential: a recording of a session that sent one (against a real
 * `socket.io` server) holds it neither in its header nor in the CONNECT frame, unless redaction is
 * turned off.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../../../src/core/open-stream';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { createSequencedSink } from '../../../src/core/stream';
import type { StreamRequest } from '../../../src/shared/request';
import { startSocketIoServer, type TestSocketIoServer } from './socketio-server';

let server: TestSocketIoServer;
const dir = mkdtempSync(join(tmpdir(), 'streamscope-sio-redact-'));
beforeAll(async () => {
  server = await startSocketIoServer();
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records a session joining /admin with `auth` until its welcome event, then closes it. */
async function recordSession(file: string, redact: boolean): Promise<string> {
  const request: StreamRequest = {
    url: server.url,
    socketio: { namespace: '/admin', auth: { token: 'letmein', note: 's3cret' } },
  };
  const recorder = createRecorder(file, { transport: 'ws', request }, { redact });
  const connection = openStream(
    { request },
    createSequencedSink('s', (r) => {
      recorder.write(r);
      if (r.kind === 'frame' && r.decoded?.protocol === 'socket.io' && r.decoded.event === 'welcome')
        connection.close();
    }),
  );
  await connection.done;
  await recorder.close();
  return readFileSync(file, 'utf8');
}

describe('Socket.IO auth in recordings', { timeout: 20_000 }, () => {
  it('is redacted in the header and in the CONNECT frame sent; the keys and the rest stay', async () => {
    const file = join(dir, 'redacted.ssrec');
    const text = await recordSession(file, true);
    expect(text).not.toContain('letmein');
    expect(text).not.toContain('s3cret');
    const recording = await readRecordingFile(file);
    expect(recording.header.request.socketio).toEqual({
      namespace: '/admin',
      auth: { token: '[redacted]', note: '[redacted]' },
    });
    const connect = recording.records.find((r) => r.kind === 'frame' && r.dir === 'out');
    const data = '40/admin,{"token":"[redacted]","note":"[redacted]"}';
    expect(connect).toMatchObject({ kind: 'frame', opcode: 'text', data, size: data.length });
    // The session itself went on: the server accepted the real token and welcomed us.
    expect(text).toContain('[\\"welcome\\",\\"admin\\"]');
  });

  it('is kept as sent with redaction off', async () => {
    const text = await recordSession(join(dir, 'kept.ssrec'), false);
    expect(text).toContain('40/admin,{\\"token\\":\\"letmein\\",\\"note\\":\\"s3cret\\"}');
  });
});
