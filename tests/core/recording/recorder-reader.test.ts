import { readFileSync, writeFileSync, appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../../../src/core/recording/recorder';
import { parseRecordingText, readRecordingFile, RecordingFormatError } from '../../../src/core/recording/reader';
import type { ErrorRecord, RecordDraft } from '../../../src/shared/records';
import { RECORDING_FORMAT, REDACTED } from '../../../src/shared/recording-format';
import { APP_VERSION } from '../../../src/shared/version';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-rec-');

const request = {
  url: 'http://127.0.0.1:1/sse',
  method: 'POST',
  headers: [
    ['Authorization', 'Bearer sk-secret'],
    ['Cookie', 'session=abc'],
    ['X-Api-Key', 'k-123'],
    ['Accept', 'text/event-stream'],
  ] as Array<[string, string]>,
  body: '{"q":1}',
};

const T0 = 1_700_000_000_000.25;
const sample: RecordDraft[] = [
  { kind: 'state', t: T0, connection: 1, readyState: 0, reason: 'connecting', message: 'connecting' },
  {
    kind: 'response',
    t: T0 + 5,
    connection: 1,
    status: 200,
    statusText: 'OK',
    url: request.url,
    redirected: false,
    requestSentAt: T0 + 1,
    headers: { 'content-type': 'text/event-stream', 'set-cookie': 'id=42' },
  },
  { kind: 'state', t: T0 + 5, connection: 1, readyState: 1, reason: 'open', message: 'open' },
  { kind: 'chunk', t: T0 + 6.5, connection: 1, bytes: new Uint8Array([100, 97, 116, 97, 58, 32, 0xe2, 0x82]) },
  {
    kind: 'event',
    t: T0 + 7,
    connection: 1,
    type: 'message',
    data: 'x',
    lastEventId: '',
    id: null,
    chunks: [3, 4],
    size: 1,
  },
  { kind: 'chunk', t: T0 + 7, connection: 1, bytes: new Uint8Array([0xac, 10, 10]) },
  { kind: 'comment', t: T0 + 8, connection: 1, text: 'ignored: derived' },
  { kind: 'error', t: T0 + 9, connection: 1, code: 'network', message: 'socket hang up', fatal: false },
  { kind: 'error', t: T0 + 9, connection: 1, code: 'parse', message: 'derived again on load', fatal: false },
  { kind: 'state', t: T0 + 9, connection: 1, readyState: 2, reason: 'closed-by-user', message: 'closed' },
];

function recordTo(path: string, records: RecordDraft[], redact?: boolean): Promise<void> {
  const rec = createRecorder(path, { transport: 'sse', request }, redact === undefined ? {} : { redact });
  for (const r of records) rec.write(r);
  return rec.close();
}

describe('recording format', () => {
  it('writes a versioned header and only the stored records, and reads them back byte-exact', async () => {
    const path = join(dir, 'roundtrip.ssrec');
    await recordTo(path, sample);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({
      format: RECORDING_FORMAT,
      version: 1,
      app: APP_VERSION,
      transport: 'sse',
      redacted: true,
    });
    expect(new Date(header.created).getTime()).toBeGreaterThan(0);
    // event, comment and the decoder's own parse error are derived on load, never stored.
    expect(lines.slice(1).map((l) => JSON.parse(l).kind)).toEqual([
      'state',
      'response',
      'state',
      'chunk',
      'chunk',
      'error',
      'state',
      'end',
    ]);
    expect(JSON.parse(lines[4]!)).toEqual({
      kind: 'chunk',
      t: T0 + 6.5,
      connection: 1,
      data: Buffer.from([100, 97, 116, 97, 58, 32, 0xe2, 0x82]).toString('base64'),
    });

    const rec = await readRecordingFile(path);
    expect(rec.warnings).toEqual([]);
    expect(rec.records).toHaveLength(7);
    const chunks = rec.records.filter((r) => r.kind === 'chunk');
    expect(chunks.map((c) => [...c.bytes])).toEqual([
      [100, 97, 116, 97, 58, 32, 0xe2, 0x82],
      [0xac, 10, 10],
    ]);
    expect(chunks[0]!.t).toBe(T0 + 6.5);
    expect(rec.records[1]).toMatchObject({ kind: 'response', status: 200, requestSentAt: T0 + 1 });
  });

  it('redacts Authorization, Cookie, X-Api-Key and Set-Cookie by default, keeps them when asked', async () => {
    const redacted = join(dir, 'redacted.ssrec');
    await recordTo(redacted, sample);
    const text = readFileSync(redacted, 'utf8');
    expect(text).not.toContain('sk-secret');
    expect(text).not.toContain('session=abc');
    expect(text).not.toContain('k-123');
    expect(text).not.toContain('id=42');
    const rec = parseRecordingText(text);
    expect(rec.header.request.headers).toEqual([
      ['Authorization', REDACTED],
      ['Cookie', REDACTED],
      ['X-Api-Key', REDACTED],
      ['Accept', 'text/event-stream'],
    ]);
    expect(rec.header.request.body).toBe('{"q":1}');
    expect(rec.records[1]).toMatchObject({ headers: { 'set-cookie': REDACTED, 'content-type': 'text/event-stream' } });

    const kept = join(dir, 'kept.ssrec');
    await recordTo(kept, sample, false);
    const keptRec = await readRecordingFile(kept);
    expect(keptRec.header.redacted).toBe(false);
    expect(keptRec.header.request.headers![0]).toEqual(['Authorization', 'Bearer sk-secret']);
  });

  it('writes records to disk within the flush interval, before close', async () => {
    const path = join(dir, 'flush.ssrec');
    const rec = createRecorder(path, { transport: 'sse', request }, { flushIntervalMs: 20 });
    rec.write(sample[0]!);
    rec.write(sample[3]!);
    await new Promise((r) => setTimeout(r, 150));
    const loaded = await readRecordingFile(path);
    expect(loaded.records.map((r) => r.kind)).toEqual(['state', 'chunk']);
    expect(loaded.warnings.join()).toMatch(/no end line/);
    await rec.close();
  });
});

describe('reading damaged recordings', () => {
  const header = JSON.stringify({
    format: RECORDING_FORMAT,
    version: 1,
    app: '0.1.0',
    created: new Date(0).toISOString(),
    transport: 'sse',
    request: { url: 'http://x/' },
    redacted: true,
  });
  const state = JSON.stringify({
    kind: 'state',
    t: 1,
    connection: 1,
    readyState: 0,
    reason: 'connecting',
    message: '',
  });
  const chunk = JSON.stringify({
    kind: 'chunk',
    t: 2,
    connection: 1,
    data: Buffer.from('data: a\n\n').toString('base64'),
  });

  function errorOf(text: string): RecordingFormatError {
    try {
      parseRecordingText(text);
    } catch (err) {
      if (err instanceof RecordingFormatError) return err;
      throw err;
    }
    throw new Error('expected a RecordingFormatError');
  }

  it('names the line of invalid JSON', () => {
    const err = errorOf([header, state, '{"kind":"chunk",', chunk, ''].join('\n'));
    expect(err.message).toBe('line 3: invalid JSON');
    expect(err.line).toBe(3);
  });

  it('names the line and kind of an unknown record kind', () => {
    expect(errorOf([header, state, chunk, '{"kind":"x","t":1}', ''].join('\n')).message).toBe(
      'line 4: unknown record kind "x"',
    );
  });

  it('names the field that is wrong', () => {
    expect(errorOf([header, '{"kind":"chunk","t":1,"connection":1,"data":"@@"}', ''].join('\n')).message).toBe(
      'line 2: chunk record: "data" must be base64',
    );
    expect(errorOf([header, '{"kind":"state","t":"soon","connection":1}', ''].join('\n')).message).toBe(
      'line 2: state record: "t" must be a number',
    );
  });

  it('refuses a file that is not a recording', () => {
    expect(errorOf('{"hello":1}\n').message).toMatch(/^line 1: not a Streamscope recording/);
    expect(errorOf('').message).toMatch(/empty file/);
  });

  it('refuses a newer major version with a message saying so', () => {
    const v2 = header.replace('"version":1', '"version":2');
    expect(errorOf([v2, state, ''].join('\n')).message).toMatch(
      /^line 1: recording format version 2 is newer than this Streamscope reads \(version 1\)/,
    );
  });

  it('tolerates a truncated last line with a warning and keeps the complete lines', () => {
    const rec = parseRecordingText([header, state, chunk, '{"kind":"chunk","t":3,"conn'].join('\n'));
    expect(rec.records.map((r) => r.kind)).toEqual(['state', 'chunk']);
    expect(rec.warnings[0]).toBe('line 4: incomplete last line ignored (the recording was cut off)');
    expect(rec.warnings[1]).toMatch(/no end line/);
  });

  it('counts the records a cut-off file held in words that fit the count', () => {
    expect(parseRecordingText([header, state, ''].join('\n')).warnings).toEqual([
      'the recording has no end line: it was cut off (crash or kill); loaded 1 record up to line 2',
    ]);
    expect(parseRecordingText([header, state, chunk, ''].join('\n')).warnings[0]).toMatch(/loaded 2 records up/);
  });

  it('does not excuse a broken line that was followed by a newline', () => {
    expect(errorOf([header, state, '{"kind":"chunk","t":3,"conn', ''].join('\n')).message).toBe('line 3: invalid JSON');
  });

  it('reports file errors with line numbers too', async () => {
    const path = join(dir, 'broken.ssrec');
    writeFileSync(path, [header, state, chunk, 'nope', ''].join('\n'));
    await expect(readRecordingFile(path)).rejects.toThrow('line 4: invalid JSON');
  });

  it('streams a multi-megabyte file with progress and no collected records when given onRecord', async () => {
    const path = join(dir, 'big.ssrec');
    writeFileSync(path, header + '\n');
    const payload = Buffer.alloc(48 * 1024, 'a').toString('base64');
    const line = JSON.stringify({ kind: 'chunk', t: 2, connection: 1, data: payload }) + '\n';
    appendFileSync(path, line.repeat(100)); // ~6.5 MB
    const total = statSync(path).size;
    const progress: number[] = [];
    let seen = 0;
    const rec = await readRecordingFile(path, {
      onProgress: (p) => {
        expect(p.totalBytes).toBe(total);
        progress.push(p.bytesRead);
      },
      onRecord: (r) => {
        if (r.kind === 'chunk') seen += r.bytes.byteLength;
      },
    });
    expect(seen).toBe(100 * 48 * 1024);
    expect(rec.records).toEqual([]);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(total);
  });
});

describe('disk errors while recording', () => {
  function errorsWhileRecording(path: string): Promise<Array<Omit<ErrorRecord, 'sessionId' | 'seq'>>> {
    const errors: Array<Omit<ErrorRecord, 'sessionId' | 'seq'>> = [];
    const rec = createRecorder(path, { transport: 'sse', request }, { onError: (e) => errors.push(e), flushBytes: 1 });
    for (const r of sample) rec.write(r);
    return new Promise((resolve) => setTimeout(resolve, 50)).then(async () => {
      for (const r of sample) rec.write(r); // still accepted without throwing
      await rec.close();
      expect(rec.error).not.toBeNull();
      return errors;
    });
  }

  it('turns a path whose parent is a file into one recording-io error record', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const errors = await errorsWhileRecording(join(file, 'rec.ssrec'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'error', code: 'recording-io', fatal: false });
    expect(errors[0]!.message).toMatch(/^cannot record to .*: ENOTDIR/);
  });

  it('turns a directory path into a recording-io error record', async () => {
    const errors = await errorsWhileRecording(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^cannot record to .*: EISDIR/);
  });

  it('turns a full disk (/dev/full) into a recording-io error record', async () => {
    const errors = await errorsWhileRecording('/dev/full');
    expect(errors).toHaveLength(1);
    // It opened, and recording stopped at the first write.
    expect(errors[0]!.message).toMatch(/^recording to \/dev\/full stopped: ENOSPC/);
  });
});
