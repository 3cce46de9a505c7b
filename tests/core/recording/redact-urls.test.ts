/**
 * Credentials in URLs (`user:password@`, key/token/secret/password-like query parameters) are
 * redacted wherever secret headers already were: recordings (request.url, response url, state
 * and error messages), imported HARs and `check` output; `--no-redact` keeps them on purpose.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnyRecording } from '../../../src/core/recording/load-any';
import { createRecorder } from '../../../src/core/recording/recorder';
import { redactUrl, redactUrlsInText } from '../../../src/shared/redact';
import { runCli, ensureBuilt } from '../../support/cli';
import { startChunkServer, syntheticRecording } from './helpers';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-redact-urls-');
beforeAll(ensureBuilt, 120_000);

const SECRET_URL = 'https://alice:pa55word@api.example/v1/stream?api_key=k3y&model=m&accessToken=t0k#top';

describe('URL redaction', () => {
  it('replaces user:password and secret-looking query values, and nothing else', () => {
    expect(redactUrl(SECRET_URL)).toBe(
      'https://[redacted]@api.example/v1/stream?api_key=[redacted]&model=m&accessToken=[redacted]#top',
    );
    expect(redactUrl('http://127.0.0.1:8080/sse?monkey=1&sort=key&client_secret=s&sig=x')).toBe(
      'http://127.0.0.1:8080/sse?monkey=1&sort=key&client_secret=[redacted]&sig=[redacted]',
    );
    expect(redactUrl('http://127.0.0.1/plain')).toBe('http://127.0.0.1/plain');
    expect(redactUrlsInText(`connecting to ${SECRET_URL} now`)).toBe(`connecting to ${redactUrl(SECRET_URL)} now`);
  });

  it('keeps URL credentials out of a recording unless redaction is off', async () => {
    for (const redact of [true, false]) {
      const file = join(dir, `rec-${redact}.ssrec`);
      const recorder = createRecorder(file, { transport: 'sse', request: { url: SECRET_URL } }, { redact });
      for (const r of syntheticRecording([{ at: 0, text: 'data: a\n\n' }]).records) {
        if (r.kind === 'response') r.url = SECRET_URL;
        if (r.kind === 'state') r.message = `connecting to ${SECRET_URL}`;
        recorder.write(r);
      }
      recorder.write({
        kind: 'error',
        t: 1,
        connection: 1,
        code: 'network',
        message: `${SECRET_URL}: reset`,
        fatal: false,
      });
      await recorder.close();
      const text = readFileSync(file, 'utf8');
      for (const secret of ['pa55word', 'k3y', 't0k']) expect(text.includes(secret)).toBe(!redact);
    }
  });

  it('redacts the URLs of an imported HAR', () => {
    const har = {
      log: {
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00.000Z',
            request: { method: 'GET', url: SECRET_URL },
            response: {
              status: 200,
              headers: [{ name: 'Content-Type', value: 'text/event-stream' }],
              content: { mimeType: 'text/event-stream', text: 'data: a\n\n' },
            },
          },
        ],
      },
    };
    const text = JSON.stringify(loadAnyRecording('x.har', JSON.stringify(har)));
    expect(text).not.toContain('pa55word');
    expect(text).not.toContain('k3y');
    expect(text).toContain('[redacted]@api.example');
  });

  it(
    'streamscope check redacts its source in text and --json, and --no-redact keeps it',
    { timeout: 60_000 },
    async () => {
      const server = await startChunkServer([{ delayMs: 0, data: 'data: a\n\n' }]);
      try {
        const url = server.url.replace('http://', 'http://bob:s3cr3t@') + '?token=tok123';
        const args = ['check', url, '--expect', 'count() >= 1', '--timeout', '5'];
        const [text, json, kept] = await Promise.all([
          runCli(args, { timeoutMs: 40_000 }),
          runCli([...args, '--json'], { timeoutMs: 40_000 }),
          runCli([...args, '--json', '--no-redact'], { timeoutMs: 40_000 }),
        ]);
        expect(text.code).toBe(0);
        expect(text.stdout).toContain('[redacted]@127.0.0.1');
        expect(text.stdout + json.stdout).not.toMatch(/s3cr3t|tok123/);
        expect(JSON.parse(json.stdout).source).toBe(redactUrl(url));
        expect(JSON.parse(kept.stdout).source).toBe(url);
      } finally {
        await server.close();
      }
    },
  );
});
