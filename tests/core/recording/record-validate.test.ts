/**
 * Loaders keep only the known fields of a recording, each of its checked type, and refuse
 * values nested or repeated beyond bounds before parsing them (issue: a recording nested
 * 100,000 deep ended the browser host when it was sent on).
 */
import { describe, expect, it } from 'vitest';
import { loadAnyRecording } from '../../../src/core/recording/load-any';
import { parseRecordingText, RecordingFormatError } from '../../../src/core/recording/reader';

const header = {
  format: 'streamscope-recording',
  version: 1,
  app: 'test',
  created: '2026-01-01T00:00:00.000Z',
  transport: 'sse',
  request: { url: 'http://127.0.0.1:1/sse' },
  redacted: true,
};

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

function fileOf(lines: unknown[]): string {
  return lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
}

function loadError(text: string): string {
  try {
    loadAnyRecording('hostile', text);
  } catch (err) {
    expect(err).toBeInstanceOf(RecordingFormatError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
}

describe('recording loader: known fields only', () => {
  it('drops unknown fields (including "__proto__") from the header and every record', () => {
    const extra = { deep: JSON.parse(nested(5)) as unknown, big: 'x'.repeat(1000) };
    const text = fileOf([
      { ...header, extra, request: { ...header.request, extra, method: 'GET' } },
      '{"kind":"state","t":1,"connection":1,"readyState":0,"reason":"connecting","message":"m","__proto__":{"polluted":1},"extra":[[1]]}',
      {
        kind: 'response',
        t: 2,
        connection: 1,
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'text/event-stream' },
        url: 'http://127.0.0.1:1/sse',
        redirected: false,
        requestSentAt: 1,
        extra,
      },
      { kind: 'chunk', t: 3, connection: 1, data: Buffer.from('data: a\n\n').toString('base64'), extra },
      { kind: 'end', t: 4, records: 3, extra },
    ]);
    const recording = parseRecordingText(text);
    expect(recording.header).toEqual({ ...header, request: { ...header.request, method: 'GET' } });
    expect(Object.keys(recording.records[0]!)).toEqual(['kind', 't', 'connection', 'readyState', 'reason', 'message']);
    expect(Object.getPrototypeOf(recording.records[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(recording.records[1]!).sort()).toEqual(
      ['connection', 'headers', 'kind', 'redirected', 'requestSentAt', 'status', 'statusText', 't', 'url'].sort(),
    );
    expect(Object.keys(recording.records[2]!)).toEqual(['kind', 't', 'connection', 'bytes']);
    // Everything loaded can be sent on as JSON.
    expect(() => JSON.stringify(recording)).not.toThrow();
  });

  it('refuses a record nested 100,000 deep with one line naming it, before parsing it', () => {
    const deep = `{"kind":"state","t":1,"connection":1,"readyState":0,"reason":"x","message":"m","extra":${nested(100_000)}}`;
    const started = performance.now();
    expect(loadError(fileOf([header, deep]))).toBe('line 2: JSON nested deeper than 8 levels');
    expect(performance.now() - started).toBeLessThan(1000);
    const body = `{"format":"streamscope-recording","version":1,"app":"t","created":"x","transport":"sse","request":{"url":"http://a/","body":${nested(100_000)}}}`;
    expect(loadError(fileOf([body]))).toBe('line 1: JSON nested deeper than 8 levels');
  });

  it('refuses wrong types with the line and the field', () => {
    expect(loadError(fileOf([{ ...header, request: { url: 'http://a/', body: { a: 1 } } }]))).toBe(
      'line 1: header: "request": "body" must be a string',
    );
    expect(loadError(fileOf([{ ...header, request: { url: 'http://a/', headers: [['a', 1]] } }]))).toMatch(
      /^line 1: header: "request"\.headers must be a list/,
    );
    expect(loadError(fileOf([header, { kind: 'state', t: '1', connection: 1 }]))).toBe(
      'line 2: state record: "t" must be a number',
    );
    expect(
      loadError(
        fileOf([
          header,
          {
            kind: 'response',
            t: 1,
            connection: 1,
            status: 200,
            statusText: 'OK',
            headers: { a: { b: 1 } },
            url: 'u',
            redirected: false,
            requestSentAt: 1,
          },
        ]),
      ),
    ).toMatch(/^line 2: response record: "headers" must be an object of at most \d+ strings$/);
    expect(loadError(fileOf([header, { kind: 'toString', t: 1, connection: 1 }]))).toBe(
      'line 2: unknown record kind "toString"',
    );
  });

  it('keeps a valid "resume" (known fields only) and refuses a malformed one with one line', () => {
    const resume = { connection: 2, lastEventId: '41', retryMs: 250 };
    const kept = parseRecordingText(fileOf([{ ...header, resume: { ...resume, extra: 'x'.repeat(1000) } }]));
    expect(kept.header.resume).toEqual(resume);
    expect(parseRecordingText(fileOf([{ ...header, resume: { ...resume, retryMs: null } }])).header.resume).toEqual({
      ...resume,
      retryMs: null,
    });
    const refused = (bad: unknown): string => loadError(fileOf([{ ...header, resume: bad }]));
    expect(refused('yes')).toBe('line 1: header: "resume" must be an object');
    expect(refused([1])).toBe('line 1: header: "resume" must be an object');
    expect(refused({ ...resume, connection: 0 })).toBe(
      'line 1: header: "resume": "connection" must be an integer from 1 to 2147483648',
    );
    expect(refused({ ...resume, lastEventId: 7 })).toBe('line 1: header: "resume": "lastEventId" must be a string');
    // An id with a line break would inject fields into a served replay's `id:` line.
    for (const lastEventId of ['a\nretry: 1', 'a\rb', 'a\0b', 'x'.repeat(1024 * 1024 + 1)]) {
      expect(refused({ ...resume, lastEventId })).toBe(
        'line 1: header: "resume": "lastEventId" must be at most 1 MiB, without line breaks or NUL',
      );
    }
    for (const retryMs of [-1, 1.5, '250', undefined, Number.MAX_SAFE_INTEGER + 2]) {
      expect(refused({ ...resume, retryMs })).toMatch(
        /^line 1: header: "resume": "retryMs" must be an integer from 0 to \d+ or null$/,
      );
    }
  });
});

describe('HAR loader: known fields only', () => {
  const entry = {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    request: {
      method: 'GET',
      url: 'http://127.0.0.1:1/sse',
      headers: [
        { name: 'Accept', value: 'text/event-stream' },
        { name: 'X-Bad', value: { deep: [[1]] } },
      ],
      extra: [[[1]]],
    },
    response: {
      status: 200,
      statusText: 'OK',
      headers: [
        { name: 'Content-Type', value: 'text/event-stream' },
        { name: '__proto__', value: 'x' },
      ],
      content: { mimeType: 'text/event-stream', text: 'data: a\n\n', extra: { a: [1] } },
    },
    timings: { receive: 10, wait: 'soon' },
    extra: { a: 1 },
  };

  it('keeps only the fields it reads, each of its type', () => {
    const recording = loadAnyRecording('x.har', JSON.stringify({ log: { entries: [entry] } }));
    expect(recording.header.request).toEqual({
      url: 'http://127.0.0.1:1/sse',
      method: 'GET',
      headers: [['Accept', 'text/event-stream']],
    });
    const response = recording.records.find((r) => r.kind === 'response')!;
    expect(response.kind === 'response' && Object.keys(response.headers)).toEqual(['content-type', '__proto__']);
    expect(() => JSON.stringify(recording)).not.toThrow();
  });

  it('skips entries whose URL is not a string, and refuses a HAR nested 100,000 deep', () => {
    const bad = { ...entry, request: { ...entry.request, url: { href: 'http://a/' } } };
    expect(loadError(JSON.stringify({ log: { entries: [bad] } }))).toMatch(/no text\/event-stream response/);
    expect(loadError(`{"log":{"entries":[],"x":${nested(100_000)}}}`)).toBe(
      'not a HAR file this reader accepts (JSON nested deeper than 32 levels)',
    );
  });
});
