import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingToText } from '../../../src/core/recording/codec';
import { exportHar, importHar } from '../../../src/core/recording/har';
import { loadAnyRecording, loadRecordingFile, sniffFormat } from '../../../src/core/recording/load-any';
import { importRawSse, splitAtBlocks } from '../../../src/core/recording/raw-sse';
import { createRecorder } from '../../../src/core/recording/recorder';
import { deriveRecords } from '../../../src/core/recording/replayer';
import type { Recording } from '../../../src/shared/recording-format';
import type { EventRecord, FrameRecord } from '../../../src/shared/records';
import { syntheticRecording } from './helpers';
import { FIXTURES_DIR } from '../../support/fixtures';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-interop-');

function events(recording: Recording): EventRecord[] {
  return deriveRecords(recording).filter((r): r is EventRecord => r.kind === 'event');
}

function chunkBytes(recording: Recording): Buffer {
  return Buffer.concat(recording.records.flatMap((r) => (r.kind === 'chunk' ? [Buffer.from(r.bytes)] : [])));
}

describe('raw SSE bodies', () => {
  it('splits at blank lines (LF, CRLF, CR) without changing a byte', () => {
    const cases = [
      'data: a\n\ndata: b\n\n',
      'data: a\r\n\r\n:c\r\n\r\ndata: tail',
      'data: a\r\rdata: b\r\r',
      '\n\ndata: x\n\n',
    ];
    for (const text of cases) {
      const bytes = new TextEncoder().encode(text);
      const pieces = splitAtBlocks(bytes);
      expect(Buffer.concat(pieces.map((p) => Buffer.from(p))).toString()).toBe(text);
    }
    expect(
      splitAtBlocks(new TextEncoder().encode('data: a\r\n\r\n:c\r\n\r\ndata: tail')).map((p) =>
        Buffer.from(p).toString(),
      ),
    ).toEqual(['data: a\r\n\r\n', ':c\r\n\r\n', 'data: tail']);
  });

  it('imports every fixture byte-exact, one chunk per block, with synthetic gaps and a warning', () => {
    for (const name of [
      'openai-chat-completions.sse',
      'anthropic-messages.sse',
      'crlf-heartbeats.sse',
      'wikimedia-recentchange.sse',
      'mcp-streamable-http.sse',
    ]) {
      const body = readFileSync(join(FIXTURES_DIR, name));
      const rec = loadAnyRecording(name, new Uint8Array(body));
      expect(rec.header.source).toEqual({ kind: 'raw-sse', name });
      expect(chunkBytes(rec).equals(body)).toBe(true);
      expect(rec.warnings[0]).toMatch(/synthetic/);
      expect(events(rec).length).toBeGreaterThan(0);
    }
    const rec = importRawSse(
      'crlf-heartbeats.sse',
      new Uint8Array(readFileSync(join(FIXTURES_DIR, 'crlf-heartbeats.sse'))),
      { gapMs: 40, t0: 1000 },
    );
    const chunks = rec.records.filter((r) => r.kind === 'chunk');
    expect(chunks.map((c) => c.t)).toEqual(chunks.map((_, k) => 1000 + 40 * k));
    const evs = events(rec);
    expect(evs[0]).toMatchObject({ type: 'notification', lastEventId: '100', id: '100' });
    expect(evs[1]).toMatchObject({ data: 'line one\nline two', id: '101' });
  });
});

describe('HAR', () => {
  const sseBody = readFileSync(join(FIXTURES_DIR, 'openai-chat-completions.sse'), 'utf8');
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      entries: [
        {
          startedDateTime: '2024-05-01T10:00:00.000Z',
          request: { method: 'GET', url: 'https://example.test/app.js', headers: [] },
          response: {
            status: 200,
            headers: [{ name: 'content-type', value: 'text/javascript' }],
            content: { mimeType: 'text/javascript', text: 'x' },
          },
          timings: { wait: 5, receive: 1 },
        },
        {
          startedDateTime: '2024-05-01T10:00:01.000Z',
          request: {
            method: 'POST',
            url: 'https://api.example.test/v1/chat/completions',
            headers: [
              { name: ':authority', value: 'api.example.test' },
              { name: 'Authorization', value: 'Bearer sk-live' },
              { name: 'Content-Type', value: 'application/json' },
            ],
            postData: { mimeType: 'application/json', text: '{"stream":true}' },
          },
          response: {
            status: 200,
            statusText: 'OK',
            headers: [
              { name: 'content-type', value: 'text/event-stream; charset=utf-8' },
              { name: 'set-cookie', value: 'a=1' },
            ],
            content: { size: sseBody.length, mimeType: 'text/event-stream', text: sseBody },
          },
          timings: { blocked: 1, dns: -1, connect: -1, send: 1, wait: 200, receive: 1000 },
        },
        {
          startedDateTime: '2024-05-01T10:00:02.000Z',
          request: { method: 'GET', url: 'wss://ws.example.test/feed', headers: [] },
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            headers: [],
            content: { size: 0, mimeType: 'x-unknown' },
          },
          timings: { wait: 30 },
          _resourceType: 'websocket',
          _webSocketMessages: [
            { type: 'send', time: 1714557602.1, opcode: 1, data: '{"subscribe":"ticks"}' },
            { type: 'receive', time: 1714557602.25, opcode: 1, data: '{"tick":1}' },
            { type: 'receive', time: 1714557602.5, opcode: 2, data: Buffer.from([1, 2, 3, 250]).toString('base64') },
          ],
        },
      ],
    },
  };

  it('imports the text/event-stream response: request, redacted secrets, body byte-exact, events derived', () => {
    const rec = loadAnyRecording('chat.har', JSON.stringify(har));
    expect(rec.header.transport).toBe('sse');
    expect(rec.header.source).toEqual({ kind: 'har', name: 'chat.har', entry: 1 });
    expect(rec.header.request).toMatchObject({
      method: 'POST',
      url: 'https://api.example.test/v1/chat/completions',
      body: '{"stream":true}',
    });
    expect(rec.header.request.headers).toEqual([
      ['Authorization', '[redacted]'],
      ['Content-Type', 'application/json'],
    ]);
    const response = rec.records.find((r) => r.kind === 'response')!;
    expect(response).toMatchObject({ status: 200, headers: { 'set-cookie': '[redacted]' } });
    expect(response.t - Date.parse('2024-05-01T10:00:01.000Z')).toBe(202);
    expect(chunkBytes(rec).toString('utf8')).toBe(sseBody);
    const evs = events(rec);
    expect(evs.at(-1)!.data).toBe('[DONE]');
    const chunks = rec.records.filter((r) => r.kind === 'chunk');
    expect(chunks.at(-1)!.t - chunks[0]!.t).toBeCloseTo(1000, 6);
    expect(rec.warnings.join('\n')).toMatch(/synthetic/);
    expect(rec.warnings.join('\n')).toMatch(/1 more streaming entries/);
  });

  it("imports Chrome's _webSocketMessages as frames", () => {
    const wsOnly = { log: { ...har.log, entries: [har.log.entries[2]] } };
    const rec = importHar('ws.har', wsOnly);
    expect(rec.header.transport).toBe('ws');
    expect(rec.header.request.url).toBe('wss://ws.example.test/feed');
    const frames = rec.records.filter((r): r is Omit<FrameRecord, 'sessionId' | 'seq'> => r.kind === 'frame');
    expect(frames.map((f) => [f.dir, f.opcode, f.data, f.size])).toEqual([
      ['out', 'text', '{"subscribe":"ticks"}', 21],
      ['in', 'text', '{"tick":1}', 10],
      ['in', 'binary', 'AQID+g==', 4],
    ]);
    expect([...frames[2]!.bytes!]).toEqual([1, 2, 3, 250]);
    expect(frames[1]!.t).toBeCloseTo(1714557602250, 3);
    expect(rec.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3 });
  });

  it('exports a recording as HAR that imports back with the same bytes, chunking, times and events', () => {
    const original = syntheticRecording([
      { at: 0, text: 'id: 1\ndata: one\n\n' },
      { at: 35.5, text: 'data: tw' },
      { at: 90, text: 'o\n\n' },
    ]);
    const harDoc = exportHar(original);
    const text = JSON.stringify(harDoc);
    const back = loadAnyRecording('export.har', text);
    expect(back.warnings).toEqual([]);
    const pick = (r: Recording) =>
      r.records.filter((x) => x.kind === 'chunk').map((c) => [c.t, Buffer.from(c.bytes).toString()]);
    expect(pick(back)).toEqual(pick(original));
    expect(events(back).map((e) => [e.data, e.lastEventId, e.t])).toEqual(
      events(original).map((e) => [e.data, e.lastEventId, e.t]),
    );
    const entry = (harDoc.log as { entries: Array<{ response: { content: { text: string } } }> }).entries[0]!;
    expect(entry.response.content.text).toBe('id: 1\ndata: one\n\ndata: two\n\n');
  });

  it('exports a WebSocket recording with _webSocketMessages that imports back', () => {
    const rec = importHar('ws.har', { log: { ...har.log, entries: [har.log.entries[2]] } });
    const back = importHar('again.har', JSON.parse(JSON.stringify(exportHar(rec))));
    const frames = (r: Recording) =>
      r.records.filter((x) => x.kind === 'frame').map((f) => f.kind === 'frame' && [f.dir, f.opcode, f.data]);
    expect(frames(back)).toEqual(frames(rec));
  });

  it('refuses a HAR with no stream, and invalid JSON, in one line', () => {
    expect(() => loadAnyRecording('x.har', JSON.stringify({ log: { entries: [har.log.entries[0]] } }))).toThrow(
      /no text\/event-stream response/,
    );
    expect(() => loadAnyRecording('x.har', '{"log": [')).toThrow(/invalid JSON/);
  });
});

describe('opening any file', () => {
  it('sniffs recordings, HAR and raw bodies, from memory and from disk', async () => {
    const recPath = join(dir, 'a.ssrec');
    const recorder = createRecorder(recPath, { transport: 'sse', request: { url: 'http://x/' } });
    for (const r of syntheticRecording([{ at: 0, text: 'data: hi\n\n' }]).records) recorder.write(r);
    await recorder.close();
    const harPath = join(dir, 'a.har');
    writeFileSync(harPath, JSON.stringify(exportHar(syntheticRecording([{ at: 0, text: 'data: hi\n\n' }]))));
    const rawPath = join(dir, 'a.sse');
    writeFileSync(rawPath, 'data: hi\n\n');

    expect(sniffFormat(readFileSync(recPath, 'utf8'))).toBe('recording');
    expect(sniffFormat(readFileSync(harPath, 'utf8'))).toBe('har');
    expect(sniffFormat('data: hi\n\n')).toBe('raw-sse');
    for (const path of [recPath, harPath, rawPath]) {
      const rec = await loadRecordingFile(path);
      expect(events(rec).map((e) => e.data)).toEqual(['hi']);
      const fromText = loadAnyRecording(path, readFileSync(path, 'utf8'));
      expect(events(fromText).map((e) => e.data)).toEqual(['hi']);
    }
  });

  it('saves an imported recording as recording text that loads back identically', () => {
    const imported = loadAnyRecording(
      'crlf.sse',
      new Uint8Array(readFileSync(join(FIXTURES_DIR, 'crlf-heartbeats.sse'))),
    );
    const text = recordingToText(imported);
    const back = loadAnyRecording('saved.ssrec', text);
    expect(back.warnings).toEqual([]);
    expect(back.header).toEqual(imported.header);
    expect(back.records).toEqual(imported.records);
  });

  it('reports a damaged recording with its line number instead of importing it as a body', () => {
    const text = readFileSync(join(dir, 'a.ssrec'), 'utf8').split('\n');
    text[2] = '{"kind":"chunk"';
    expect(() => loadAnyRecording('a.ssrec', text.join('\n'))).toThrow('line 3: invalid JSON');
  });
});

describe('opening a file that is none of the formats', () => {
  it('refuses text with no event-stream line in one line, instead of replaying nothing', () => {
    expect(() => loadAnyRecording('hostname', 'build-box-7\n')).toThrow(/^not a recording, a HAR file or an SSE body/);
  });

  it('says an empty file is empty, whether read as text or as bytes', () => {
    expect(() => loadAnyRecording('empty.sse', '')).toThrow(/^the file is empty \(0 bytes\)$/);
    expect(() => loadAnyRecording('empty.sse', new Uint8Array(0))).toThrow(/^the file is empty \(0 bytes\)$/);
  });

  it('still accepts every fixture shape as a raw SSE body', () => {
    for (const body of [': ok\n\n', 'data: x\n\n', '\uFEFFevent: e\ndata\n\n', 'id: 1\r\rdata: y\r\r', 'retry: 5\n']) {
      expect(loadAnyRecording('body.sse', body).header.source?.kind).toBe('raw-sse');
    }
  });
});
