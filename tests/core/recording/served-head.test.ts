/**
 * `replay --serve` decides how a browser treats what it serves, not the recording: stream bodies
 * as text/event-stream, anything else as text/plain with nosniff, never a cookie, and a recorded
 * status or header that is not valid HTTP is one line of error instead of an empty reply.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRecorder } from '../../../src/core/recording/recorder';
import { startReplayServer } from '../../../src/core/recording/replay-server';
import type { Recording } from '../../../src/shared/recording-format';
import type { ResponseRecord } from '../../../src/shared/records';
import { runCli, ensureBuilt } from '../../support/cli';
import { syntheticRecording } from './helpers';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-served-head-');
beforeAll(ensureBuilt, 120_000);

/** A one-chunk recording whose response head is patched with `head`. */
function recordingWith(head: Partial<ResponseRecord>, body = 'data: a\n\n'): Recording {
  const recording = syntheticRecording([{ at: 0, text: body }]);
  const response = recording.records.find((r) => r.kind === 'response')!;
  Object.assign(response, head);
  return recording;
}

async function served(recording: Recording): Promise<{ status: number; headers: Headers; body: string }> {
  const server = await startReplayServer(recording, { speed: 0 });
  try {
    const res = await fetch(server.url);
    return { status: res.status, headers: res.headers, body: await res.text() };
  } finally {
    await server.close();
  }
}

describe('replay server response heads', () => {
  it('serves a recorded text/html body with a script as text/plain, nosniff, without its cookie', async () => {
    const got = await served(
      recordingWith(
        { headers: { 'content-type': 'text/html', 'set-cookie': 'session=stolen; Path=/', 'x-kept': 'yes' } },
        '<script>alert(1)</script>',
      ),
    );
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('set-cookie')).toBeNull();
    expect(got.headers.get('x-kept')).toBe('yes');
    expect(got.body).toBe('<script>alert(1)</script>');
  });

  it('keeps an event stream an event stream, still without cookies', async () => {
    const got = await served(
      recordingWith({ headers: { 'content-type': 'text/event-stream; charset=utf-8', 'set-cookie': 'a=b' } }),
    );
    expect(got.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('set-cookie')).toBeNull();
    expect(got.body).toBe('data: a\n\n');
  });

  it('keeps the JSON stream types (NDJSON, JSON-seq) too: none of them renders as a page', async () => {
    for (const type of ['application/x-ndjson', 'application/jsonl', 'application/json-seq']) {
      const got = await served(recordingWith({ headers: { 'content-type': type }, framing: 'ndjson' }, '{"a":1}\n'));
      expect(got.headers.get('content-type')).toBe(type);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.body).toBe('{"a":1}\n');
    }
  });

  it('refuses an invalid recorded status or header with one line, before listening', async () => {
    await expect(startReplayServer(recordingWith({ status: 0 }))).rejects.toThrow(
      /^cannot serve recorded connection 1: the recorded status 0 is not a valid HTTP status$/,
    );
    await expect(
      startReplayServer(
        recordingWith({ headers: { 'content-type': 'text/event-stream', 'x-a': 'b\r\nSet-Cookie: c=d' } }),
      ),
    ).rejects.toThrow(/^cannot serve recorded connection 1: the recorded value of header "x-a" is not valid HTTP/);
    await expect(startReplayServer(recordingWith({ headers: { 'bad name': 'x' } }))).rejects.toThrow(
      /header name "bad name" is not valid HTTP$/,
    );
  });

  it('streamscope replay --serve says so in one line and exits 1', async () => {
    const file = join(dir, 'bad-status.ssrec');
    const recorder = createRecorder(file, { transport: 'sse', request: { url: 'http://x/' } });
    for (const r of recordingWith({ status: 99 }).records) recorder.write(r);
    await recorder.close();
    const run = await runCli(['replay', file, '--serve']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'streamscope: cannot serve recorded connection 1: the recorded status 99 is not a valid HTTP status\n',
    );
  });
});
