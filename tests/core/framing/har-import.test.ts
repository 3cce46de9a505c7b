import { describe, expect, it } from 'vitest';
import { importHar } from '../../../src/core/recording/har';
import { deriveRecords } from '../../../src/core/recording/replayer';

describe('HAR import of an NDJSON response', () => {
  it('imports an application/x-ndjson entry as an NDJSON stream: one event per line', () => {
    const body = '{"message":{"content":"a"},"done":false}\n{"message":{"content":"b"},"done":true}\n';
    const har = {
      log: {
        entries: [
          {
            request: { url: 'http://127.0.0.1:1/other', method: 'GET' },
            response: { status: 200, content: { mimeType: 'text/html', text: '<p>' } },
          },
          {
            startedDateTime: '2026-11-30T12:00:00.000Z',
            request: { url: 'http://127.0.0.1:11434/api/chat', method: 'POST', postData: { text: '{}' } },
            response: {
              status: 200,
              headers: [{ name: 'Content-Type', value: 'application/x-ndjson' }],
              content: { mimeType: 'application/x-ndjson', text: body },
            },
            timings: { wait: 5, receive: 20 },
          },
        ],
      },
    };
    const recording = importHar('chat.har', har);
    expect(recording.records.find((r) => r.kind === 'response')).toMatchObject({ framing: 'ndjson' });
    const events = deriveRecords(recording).filter((r) => r.kind === 'event');
    expect(events.map((e) => (e.kind === 'event' ? e.data : ''))).toEqual(body.trim().split('\n'));
  });
});
