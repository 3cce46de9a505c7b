import { describe, expect, it } from 'vitest';
import { parseCurl, shellWords, toCurl } from '../../src/renderer/lib/curl';
import { sentHeaders } from '../../src/shared/sent-headers';
import { APP_VERSION } from '../../src/shared/version';

function parsed(cmd: string) {
  const r = parseCurl(cmd);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('parseCurl', () => {
  it('reads a plain GET with headers in single and double quotes', () => {
    const r = parsed(
      `curl -N 'https://stream.example/sse?x=1' -H 'Accept: text/event-stream' -H "Authorization: Bearer abc"`,
    );
    expect(r).toMatchObject({ url: 'https://stream.example/sse?x=1', method: 'GET', body: null });
    expect(r.headers).toEqual([
      ['Accept', 'text/event-stream'],
      ['Authorization', 'Bearer abc'],
    ]);
  });

  it('reads an OpenAI-style POST spread over continuation lines', () => {
    const cmd = [
      'curl https://api.example/v1/chat/completions \\',
      '  -H "Content-Type: application/json" \\',
      '  -H "Authorization: Bearer $KEY" \\',
      `  -d '{"model":"m","stream":true,"messages":[{"role":"user","content":"it\\'s"}]}'`,
    ].join('\n');
    // The shell word for it's inside single quotes needs the '\'' dance; build it properly instead.
    const r = parsed(cmd.replace(`it\\'s`, `it'\\''s`));
    expect(r.method).toBe('POST');
    expect(r.url).toBe('https://api.example/v1/chat/completions');
    expect(r.headers[1]).toEqual(['Authorization', 'Bearer $KEY']);
    expect(JSON.parse(r.body!)).toEqual({ model: 'm', stream: true, messages: [{ role: 'user', content: "it's" }] });
  });

  it('takes -X, including the glued -XPOST form, over the implied POST', () => {
    expect(parsed(`curl -X put https://h/x -d a=1`).method).toBe('PUT');
    expect(parsed(`curl -XPOST https://h/x`).method).toBe('POST');
    expect(parsed(`curl --request=PATCH https://h/x`).method).toBe('PATCH');
  });

  it('joins several -d/--data/--data-raw values with &', () => {
    const r = parsed(`curl https://h/x -d a=1 --data b=2 --data-raw 'c=3 4'`);
    expect(r.body).toBe('a=1&b=2&c=3 4');
    expect(r.method).toBe('POST');
  });

  it('--json sets the body and JSON content headers unless given', () => {
    const r = parsed(`curl --json '{"q":1}' https://h/x`);
    expect(r.body).toBe('{"q":1}');
    expect(r.method).toBe('POST');
    expect(r.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);
    const r2 = parsed(`curl --json '{}' -H 'accept: text/event-stream' https://h/x`);
    expect(r2.headers).toEqual([
      ['accept', 'text/event-stream'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it("decodes Chrome's $'...' quoting with escaped newlines", () => {
    const r = parsed(`curl 'https://h/x' --data-raw $'line1\\nline2 \\'q\\''`);
    expect(r.body).toBe("line1\nline2 'q'");
  });

  it('skips options it does not map, including their values', () => {
    const r = parsed(`curl -s --compressed -m 30 -o out.txt https://h/x`);
    expect(r.url).toBe('https://h/x');
    expect(r.ignored).toEqual(['-s', '--compressed', '-m', '-o']);
  });

  it('turns -u into a Basic Authorization header', () => {
    expect(parsed(`curl -u user:pw https://h/x`).headers).toEqual([['Authorization', `Basic ${btoa('user:pw')}`]]);
  });

  it('turns -A, -e and -b (short, long and glued forms) into their headers', () => {
    expect(parsed(`curl -A agent/1 --referer=https://r/ -bsid=1 https://h/x`).headers).toEqual([
      ['User-Agent', 'agent/1'],
      ['Referer', 'https://r/'],
      ['Cookie', 'sid=1'],
    ]);
    expect(parsed(`curl --user-agent a -e r --cookie c https://h/x`).headers.map(([n]) => n)).toEqual([
      'User-Agent',
      'Referer',
      'Cookie',
    ]);
    expect(parseCurl('curl https://h/x --cookie')).toEqual({ ok: false, error: '--cookie needs a value' });
  });

  it('explains what is wrong with bad input in one line', () => {
    expect(parseCurl('wget https://h')).toEqual({ ok: false, error: 'not a curl command (it must start with "curl")' });
    expect(parseCurl(`curl 'https://h`)).toEqual({ ok: false, error: 'unclosed single quote' });
    expect(parseCurl(`curl "https://h`)).toEqual({ ok: false, error: 'unclosed double quote' });
    expect(parseCurl(`curl https://h -d $'a\\n`)).toEqual({ ok: false, error: "unclosed $'...' quote" });
    expect(parseCurl('curl -H')).toEqual({ ok: false, error: '-H needs a value' });
    expect(parseCurl('curl -H nocolon https://h')).toMatchObject({ ok: false });
    expect(parseCurl('curl -s')).toEqual({ ok: false, error: 'no URL in the curl command' });
  });
});

describe('shellWords', () => {
  it('keeps backslash-escaped spaces and handles CRLF continuations', () => {
    expect(shellWords('a\\ b c \\\r\n d')).toEqual({ ok: true, words: ['a b', 'c', 'd'] });
  });
  it('honours escapes inside double quotes', () => {
    expect(shellWords('"say \\"hi\\" \\$x \\n"')).toEqual({ ok: true, words: ['say "hi" $x \\n'] });
  });
});

describe('toCurl', () => {
  it('round-trips through parseCurl, quotes included, with the headers the app adds', () => {
    const request = {
      url: 'https://h/x?a=1&b=2',
      method: 'POST',
      headers: [
        ['Authorization', "Bearer it's"],
        ['Content-Type', 'application/json'],
      ] as Array<[string, string]>,
      body: '{"text":"a \'quoted\' word"}',
    };
    const cmd = toCurl(request);
    expect(cmd.startsWith('curl -N -X POST ')).toBe(true);
    const back = parsed(cmd);
    expect(back).toMatchObject({ url: request.url, method: 'POST', body: request.body });
    expect(back.headers).toEqual(sentHeaders(request));
  });

  it('sends what the app sends: its own headers, and no Content-Type where the request has none', () => {
    const cmd = toCurl({
      url: 'http://127.0.0.1:1/echo?q=1',
      method: 'POST',
      headers: [['Authorization', 'Bearer k']],
      body: '{"a":1}',
    });
    expect(cmd).toBe(
      [
        "curl -N -X POST 'http://127.0.0.1:1/echo?q=1'",
        "-H 'Authorization: Bearer k'",
        "-H 'Accept: text/event-stream'",
        "-H 'Cache-Control: no-store'",
        "-H 'Accept-Encoding: identity'",
        `-H 'User-Agent: streamscope/${APP_VERSION}'`,
        // curl would label -d data application/x-www-form-urlencoded: "Content-Type:" stops it.
        '-H Content-Type:',
        `--data-raw '{"a":1}'`,
      ].join(' '),
    );
    // Imported back, the empty Content-Type is no header: the request is the same.
    expect(parsed(cmd).headers.some(([n]) => n === 'Content-Type')).toBe(false);
  });

  it("keeps the user's Accept and the format's own", () => {
    const cmd = toCurl({
      url: 'http://h/logs',
      headers: [['accept', 'application/json']],
      format: 'ndjson',
    });
    expect(parsed(cmd).headers.filter(([n]) => n.toLowerCase() === 'accept')).toEqual([['accept', 'application/json']]);
    expect(toCurl({ url: 'http://h/logs', format: 'ndjson' })).toContain("-H 'Accept: application/x-ndjson'");
  });

  it('prints a GET without -X', () => {
    expect(toCurl({ url: 'http://127.0.0.1:1/sse' })).toBe(
      `curl -N http://127.0.0.1:1/sse -H 'Accept: text/event-stream' -H 'Cache-Control: no-store' -H 'Accept-Encoding: identity' -H 'User-Agent: streamscope/${APP_VERSION}'`,
    );
  });

  it('prints a WebSocket request with its headers as given', () => {
    expect(toCurl({ url: 'ws://127.0.0.1:1/ws', headers: [['X-A', '1']] })).toBe(
      "curl -N ws://127.0.0.1:1/ws -H 'X-A: 1'",
    );
  });
});
