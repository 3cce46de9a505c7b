import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRule, run, scripted, serve, SSE_HEAD, type TestServer } from './helpers';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

let server: TestServer;
beforeAll(async () => {
  server = await serve({
    '/clean': scripted(['retry: 2000\n', 'id: 1\nevent: tick\ndata: a\n\n', ': heartbeat\n\n', 'data: b\ndata: c\n\n']),
    '/text-plain': scripted(['data: a\n\n'], { 'content-type': 'text/plain', 'cache-control': 'no-cache' }),
    '/latin1': scripted(['data: a\n\n'], {
      'content-type': 'text/event-stream; charset=iso-8859-1',
      'cache-control': 'no-cache',
    }),
    '/utf8-charset': scripted(['data: a\n\n'], {
      'content-type': 'text/event-stream; charset="UTF-8"',
      'cache-control': 'no-cache',
    }),
    '/bom-middle': scripted(['data: a\n\n', '\uFEFFdata: b\n\n']),
    // The BOM's three bytes in two writes (and a wait so they arrive as separate reads).
    '/bom-split': scripted([
      enc('data: a\n\n'),
      new Uint8Array([0xef, 0xbb]),
      { wait: 20 },
      new Uint8Array([0xbf]),
      'data: b\n\n',
    ]),
    '/bom-leading': scripted([new Uint8Array([0xef, 0xbb, 0xbf]), 'data: a\n\n']),
    '/id-null': scripted(['id: a\u0000b\ndata: x\n\n', 'id: c\u0000\ndata: y\n\n']),
    // After the first read, plain LF text takes the scanner's quick path for id and data lines.
    '/id-null-later': scripted(['data: a\n\n', { wait: 20 }, 'id: 1\ndata: b\n\nid: c\u0000\ndata: y\n\n']),
    '/retry-bad': scripted(['retry: 1.5s\ndata: x\n\n']),
    '/typo-case': scripted(['Data: x\n\n', 'Data: y\n\n', 'Data: z\n\n']),
    '/typo-evnt': scripted(['evnt: ping\ndata: x\n\n']),
    '/unknown-other': scripted(['foo: bar\ndata: x\n\n']),
    '/no-final-blank': scripted(['data: a\n\n', 'data: b\n']),
    '/partial-line': scripted(['data: a\n\n', 'data: b']),
    '/trailing-comment': scripted(['data: a\n\n', ': bye']),
    '/cr-only': scripted(['data: a\r\r', 'data: b\r\r']),
    '/mixed': scripted(['data: a\n\n', 'data: b\r\n\r\n']),
    '/crlf-split': scripted(['data: a\r', '\n\r', '\ndata: b\r\n\r\n']),
    '/cr-at-end': scripted(['data: a\n\n', 'data: b\n\r']),
    // Holds a partial block open so the client, not the server, ends the stream.
    '/hold-partial': (_req, res) => {
      res.writeHead(200, SSE_HEAD);
      res.write('data: a\n\ndata: b\n');
    },
  });
});
afterAll(() => server.close());

describe('spec rules', () => {
  it('a clean stream with retry, ids, comments and multi-line data is quiet', async () => {
    const r = await run(`${server.url}/clean`);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(2);
    expect(r.diagnostics).toEqual([]);
  });

  it('content-type: text/plain is an error pointing at the response', async () => {
    const r = await run(`${server.url}/text-plain`);
    const [d] = byRule(r, 'content-type');
    expect(d?.severity).toBe('error');
    expect(d?.message).toContain('"text/plain"');
    const response = r.records.find((x) => x.kind === 'response');
    expect(d?.refs).toEqual([response!.seq]);
    expect(d?.link).toMatch(/^https:\/\/html\.spec\.whatwg\.org\//);
  });

  it('charset-not-utf8: charset=iso-8859-1 is flagged, charset="UTF-8" is not', async () => {
    const bad = await run(`${server.url}/latin1`);
    expect(byRule(bad, 'charset-not-utf8')[0]?.message).toContain('iso-8859-1');
    const good = await run(`${server.url}/utf8-charset`);
    expect(good.diagnostics).toEqual([]);
  });

  it('bom-not-at-start: a BOM starting a later line is flagged once, at the chunk that carried it', async () => {
    const r = await run(`${server.url}/bom-middle`);
    const found = byRule(r, 'bom-not-at-start');
    expect(found).toHaveLength(1);
    const chunks = r.records.filter((x) => x.kind === 'chunk');
    expect(found[0]!.refs).toEqual([chunks.at(-1)!.seq]);
    // Not reported a second time as a typo of "data".
    expect(byRule(r, 'unknown-field')).toEqual([]);
  });

  it('bom-not-at-start: found when the BOM bytes are split across reads', async () => {
    const r = await run(`${server.url}/bom-split`);
    expect(byRule(r, 'bom-not-at-start')).toHaveLength(1);
  });

  it('a leading BOM is quiet', async () => {
    const r = await run(`${server.url}/bom-leading`);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(1);
    expect(r.diagnostics).toEqual([]);
  });

  it('id-with-null: one warning for two bad ids on one connection', async () => {
    const r = await run(`${server.url}/id-null`);
    const found = byRule(r, 'id-with-null');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('\\u0000');
    expect(found[0]!.severity).toBe('warning');
  });

  it('id-with-null: also in a later read of LF text, after a plain id line', async () => {
    const r = await run(`${server.url}/id-null-later`);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['id-with-null']);
  });

  it('retry-not-digits: "1.5s" is flagged and no retry record appears', async () => {
    const r = await run(`${server.url}/retry-bad`);
    expect(byRule(r, 'retry-not-digits')[0]?.message).toContain('"1.5s"');
    expect(r.records.some((x) => x.kind === 'retry')).toBe(false);
  });

  it('unknown-field: "Data:" suggests "data", once per connection though it repeats', async () => {
    const r = await run(`${server.url}/typo-case`);
    const found = byRule(r, 'unknown-field');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('did you mean "data"');
    expect(r.records.some((x) => x.kind === 'event')).toBe(false);
  });

  it('unknown-field: "evnt:" suggests "event"; "foo:" suggests nothing', async () => {
    expect(byRule(await run(`${server.url}/typo-evnt`), 'unknown-field')[0]?.message).toContain('did you mean "event"');
    const other = byRule(await run(`${server.url}/unknown-other`), 'unknown-field')[0];
    expect(other?.message).toContain('"foo"');
    expect(other?.message).not.toContain('did you mean');
  });

  it('unterminated-final-block: a last block without its blank line, or ending mid-line', async () => {
    const r = await run(`${server.url}/no-final-blank`);
    const [d] = byRule(r, 'unterminated-final-block');
    expect(d).toBeDefined();
    const lastChunk = r.records.filter((x) => x.kind === 'chunk').at(-1)!;
    expect(d!.refs).toContain(lastChunk.seq);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(1);
    const p = await run(`${server.url}/partial-line`);
    expect(byRule(p, 'unterminated-final-block')[0]?.message).toContain('middle of a line');
  });

  it('unterminated-final-block is quiet for a trailing comment and when the client closes', async () => {
    expect((await run(`${server.url}/trailing-comment`)).diagnostics).toEqual([]);
    const held = await run(`${server.url}/hold-partial`, { until: (rec) => rec.kind === 'event' });
    expect(held.diagnostics).toEqual([]);
  });

  it('cr-line-endings: a CR-only stream is flagged (info) but not as mixed', async () => {
    const r = await run(`${server.url}/cr-only`);
    expect(r.records.filter((x) => x.kind === 'event')).toHaveLength(2);
    expect(r.rules).toEqual(['cr-line-endings']);
    expect(r.diagnostics[0]!.severity).toBe('info');
  });

  it('mixed-line-endings: LF then CRLF is flagged with refs to both chunks', async () => {
    const r = await run(`${server.url}/mixed`);
    expect(r.rules).toEqual(['mixed-line-endings']);
    const chunks = r.records.filter((x) => x.kind === 'chunk').map((x) => x.seq);
    expect(r.diagnostics[0]!.refs).toEqual(chunks);
    expect(r.diagnostics[0]!.message).toContain('LF to CRLF');
  });

  it('a CRLF split across reads is neither CR-only nor mixed', async () => {
    expect((await run(`${server.url}/crlf-split`)).diagnostics).toEqual([]);
  });

  it('a lone CR at the very end of the stream counts as a CR line ending', async () => {
    const r = await run(`${server.url}/cr-at-end`);
    expect(r.rules).toContain('cr-line-endings');
    expect(r.rules).toContain('mixed-line-endings');
  });
});
