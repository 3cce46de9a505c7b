import { describe, expect, it } from 'vitest';
import { parseWatchConfig, WatchConfigError } from '../../../src/core/watch/config';

const json = (value: unknown): string => JSON.stringify(value);
const fails = (text: string, file = 'watch.json', env: Record<string, string> = {}): string => {
  try {
    parseWatchConfig(text, file, env);
  } catch (err) {
    expect(err).toBeInstanceOf(WatchConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the config to be refused');
};

describe('watch config', () => {
  it('reads JSON and YAML into requests with defaults', () => {
    const fromJson = parseWatchConfig(
      json({ streams: [{ name: 'demo', url: 'http://127.0.0.1:1/sse', expect: ['count(type=message) >= 1'] }] }),
      'w.json',
      {},
    );
    const fromYaml = parseWatchConfig(
      'streams:\n  - name: demo\n    url: http://127.0.0.1:1/sse\n    expect: "count(type=message) >= 1"\n',
      'w.yaml',
      {},
    );
    for (const config of [fromJson, fromYaml]) {
      const [stream] = config.streams;
      expect(stream!.request).toEqual({ url: 'http://127.0.0.1:1/sse', reconnect: true });
      expect(stream!.expect.map((e) => e.spec)).toEqual(['count(type=message) >= 1']);
      expect(stream!.latency).toBe('sentAt');
      expect(stream!.stallAfterMs).toBe(30_000);
      expect(stream!.expectWindowMs).toBe(60_000);
    }
  });

  it('takes ${VAR} from the environment but shows the URL as written', () => {
    const config = parseWatchConfig(
      json({
        streams: [
          {
            name: 'llm',
            url: 'https://api.example.test/v1/stream?key=${KEY}',
            method: 'post',
            headers: { Authorization: 'Bearer ${TOKEN}' },
            body: '{"user":"${USER_ID}"}',
          },
        ],
      }),
      'w.json',
      { KEY: 'k1', TOKEN: 's3cret', USER_ID: '42' },
    );
    const [stream] = config.streams;
    expect(stream!.request.url).toBe('https://api.example.test/v1/stream?key=k1');
    expect(stream!.displayUrl).toBe('https://api.example.test/v1/stream?key=${KEY}');
    expect(stream!.request.method).toBe('POST');
    expect(stream!.request.headers).toEqual([['Authorization', 'Bearer s3cret']]);
    expect(stream!.request.body).toBe('{"user":"42"}');
  });

  it('names the stream and the field of every mistake, in one line', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ streams: [{ url: 'http://x/' }] }, /^stream #1: name: /],
      [
        { streams: [{ name: 'a', url: 'ftp://x/' }] },
        /^stream "a": url: expected an http\(s\):\/\/ or ws\(s\):\/\/ URL$/,
      ],
      [{ streams: [{ name: 'a', url: 'http://x/', expect: ['count(type=x) >>> 1'] }] }, /^stream "a": expect\[0\]: /],
      [{ streams: [{ name: 'a', url: 'http://x/', stallAfter: -1 }] }, /^stream "a": stallAfter: /],
      [{ streams: [{ name: 'a', url: 'http://x/', headers: { 'Bad Name': 'v' } }] }, /^stream "a": headers: /],
      [{ streams: [{ name: 'a', url: 'http://x/', color: 'red' }] }, /^stream "a": color: unknown field$/],
      [
        {
          streams: [
            { name: 'a', url: 'http://x/' },
            { name: 'a', url: 'http://y/' },
          ],
        },
        /^stream "a": name: used by another/,
      ],
      [
        { streams: [{ name: 'a', url: 'http://x/', headers: { Authorization: '${NOPE}' } }] },
        /^stream "a": headers\.Authorization: environment variable NOPE is not set$/,
      ],
      [{ streams: [] }, /"streams" is empty/],
      [{ stream: [] }, /expected an object with a "streams" array/],
    ];
    for (const [config, message] of cases) {
      const text = fails(json(config));
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    }
    expect(fails('{"streams": [', 'w.json')).toMatch(/^w\.json: not valid JSON: /);
    expect(fails('streams: [: :', 'w.yml')).toMatch(/^w\.yml: not valid YAML: /);
  });

  it('never puts a secret into an error message', () => {
    const text = fails(
      json({ streams: [{ name: 'a', url: 'http://x/?t=${TOKEN}', headers: { 'X-Key': 'a\r\n${TOKEN}' } }] }),
      'w.json',
      { TOKEN: 'hunter2' },
    );
    expect(text).toMatch(/^stream "a": headers\.X-Key: contains a line break$/);
    expect(text).not.toContain('hunter2');
  });
});
