/**
 * NDJSON, JSON-seq and raw bodies through the CLI, against a plain node:http server that streams
 * the way Ollama and LLM gateways do: tail, record, replay (printed and served), check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRecordingFile } from '../../src/core/recording/reader';
import { startServer, writeParts, type Handler, type TestServer } from '../support/servers';
import { runCli, ensureBuilt, firstLine, startCli, withoutTimes } from '../support/cli';
import { tempDir } from '../support/temp';

const dir = tempDir('streamscope-cli-ndjson-');
beforeAll(ensureBuilt, 120_000);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The bytes an Ollama-like server sends: a line split across writes, a stray non-JSON line, no final LF. */
const PARTS = [
  '{"message":{"content":"Hel"},"done":false}\n{"message":{"con',
  'tent":"lo"},"done":false}\n',
  'WARN: slow backend\n',
  '{"message":{"content":""},"done":true,"eval_count":2}',
];
const BODY = PARTS.join('');

function ndjsonServer(contentType = 'application/x-ndjson', parts = PARTS): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    res.flushHeaders();
    void writeParts(res, parts, { gapMs: 5 });
  };
}

/** A child process may take seconds to start on a loaded 2-core machine. */
const SLOW = { timeoutMs: 30_000 };

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('NDJSON streams in the CLI', { timeout: 60_000 }, () => {
  it('tail: each line is a message event, the response says framing ndjson, a GET does not reconnect', async () => {
    server = await startServer(ndjsonServer());
    const run = await runCli(['tail', server.url('/api/chat'), '--json'], SLOW);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const out = lines(run.stdout);
    expect(out.find((l) => l.kind === 'response')).toMatchObject({ status: 200, framing: 'ndjson' });
    expect(out.filter((l) => l.kind === 'event').map(({ t: _t, ...e }) => e)).toEqual([
      { kind: 'event', type: 'message', data: '{"message":{"content":"Hel"},"done":false}', lastEventId: '', id: null },
      { kind: 'event', type: 'message', data: '{"message":{"content":"lo"},"done":false}', lastEventId: '', id: null },
      { kind: 'event', type: 'message', data: 'WARN: slow backend', lastEventId: '', id: null },
      {
        kind: 'event',
        type: 'message',
        data: '{"message":{"content":""},"done":true,"eval_count":2}',
        lastEventId: '',
        id: null,
      },
    ]);
    expect(out.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'stream-ended' });
    // Read once, like fetch: one request although it was a GET.
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.accept).toBe('text/event-stream');
  });

  it('tail --format ndjson reads a text/plain body and asks for NDJSON; without it the body is refused', async () => {
    server = await startServer(ndjsonServer('text/plain; charset=utf-8'));
    const refused = await runCli(['tail', server.url(), '--json'], SLOW);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^streamscope: connection failed: Content-Type "text\/plain": expected text\/event-stream/,
    );
    const run = await runCli(['tail', server.url(), '--json', '--format', 'ndjson', '--max-events', '2'], SLOW);
    expect(run.code).toBe(0);
    expect(lines(run.stdout).filter((l) => l.kind === 'event')).toHaveLength(2);
    expect(server.requests.at(-1)!.headers.accept).toBe('application/x-ndjson');
  });

  it('tail --format raw shows the chunks only; a bad --format is a usage error', async () => {
    server = await startServer(ndjsonServer('text/plain'));
    const run = await runCli(['tail', server.url(), '--json', '--format', 'raw'], SLOW);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.some((l) => l.kind === 'event')).toBe(false);
    const chunks = out.filter((l) => l.kind === 'chunk');
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data as string, 'base64'))).toString()).toBe(BODY);
    const bad = await runCli(['tail', server.url(), '--format', 'xml'], SLOW);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format expects one of sse, ndjson, json-seq, raw, got "xml"/);
  });

  it('json-seq: RS-delimited texts are events, framing json-seq', async () => {
    const RS = '\u001e';
    server = await startServer(ndjsonServer('application/json-seq', [`${RS}{"a":1}\n${RS}`, '{"b":2}\n']));
    const run = await runCli(['tail', server.url(), '--json'], SLOW);
    const out = lines(run.stdout);
    expect(out.find((l) => l.kind === 'response')).toMatchObject({ framing: 'json-seq' });
    expect(out.filter((l) => l.kind === 'event').map((e) => e.data)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('record keeps the bytes exactly; replay prints what tail printed; replay --serve serves NDJSON', async () => {
    server = await startServer(ndjsonServer());
    const file = join(dir, 'chat.ssrec');
    const rec = await runCli(['record', server.url('/api/chat'), '-o', file, '-d', '{"model":"x"}'], SLOW);
    expect(rec.code).toBe(0);
    expect(rec.stderr).toMatch(/^recorded 4 events/);
    const recording = await readRecordingFile(file);
    const chunks = recording.records.flatMap((r) => (r.kind === 'chunk' ? [Buffer.from(r.bytes)] : []));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(BODY);
    expect(readFileSync(file, 'utf8')).not.toContain('"kind":"event"');

    const live = await runCli(['tail', server.url('/api/chat'), '--json', '-d', '{"model":"x"}'], SLOW);
    const replayed = await runCli(['replay', file, '--json', '--speed', '0'], SLOW);
    expect(replayed.code).toBe(0);
    // The same records, but for the response head's date and such.
    const records = (s: string) =>
      withoutTimes(s).map((l) => (l.kind === 'response' ? { ...l, headers: expect.any(Object) } : l));
    expect(records(replayed.stdout)).toEqual(records(live.stdout));

    const serving = startCli(['replay', file, '--serve', '--speed', '0']);
    try {
      const url = (await firstLine(serving)).slice('listening '.length);
      const res = await fetch(url, { method: 'POST', body: '{}' });
      expect(res.headers.get('content-type')).toBe('application/x-ndjson');
      expect(await res.text()).toBe(BODY);
    } finally {
      serving.kill('SIGTERM');
    }
  });

  it('check: assertions on NDJSON lines, and a warning for the line that is not JSON', async () => {
    server = await startServer(ndjsonServer());
    const run = await runCli(
      [
        'check',
        server.url(),
        '--json',
        '--expect',
        'json(done)=true',
        '--expect',
        'count() = 4',
        '--expect',
        'no-diagnostics>=warning',
      ],
      SLOW,
    );
    const report = JSON.parse(run.stdout) as {
      assertions: Array<{ ok: boolean }>;
      diagnostics: Array<{ rule: string; severity: string; message: string }>;
    };
    expect(report.assertions.map((a) => a.ok)).toEqual([true, true, false]);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({
        rule: 'line-not-json',
        severity: 'warning',
        message: expect.stringContaining('WARN: slow backend'),
      }),
    ]);
    expect(run.code).toBe(1);
  });
});
