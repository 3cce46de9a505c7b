// The proxy's own HTTP/1.1 response reading: heads, how a body is delimited, and the chunked
// scanner that finds a body's end without copying it, whatever the upstream's reads cut through.
import { describe, expect, it } from 'vitest';
import {
  bodyFraming,
  createChunkedScanner,
  headEnd,
  keepsConnection,
  parseResponseHead,
  type ResponseHead,
} from '../../../src/core/proxy/http1-framing';

const CHUNKED = Buffer.from(
  '5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: yes\r\nX-More: 2\r\n\r\nNEXT',
);
const BODY_END = CHUNKED.byteLength - 'NEXT'.length;

/** Scans `bytes` cut into reads at `cuts`: the data it found and where (overall) the body ended. */
function scanInReads(bytes: Buffer, cuts: number[]): { data: string; end: number | string } {
  const scanner = createChunkedScanner();
  let data = '';
  let from = 0;
  for (const to of [...cuts, bytes.byteLength]) {
    const read = bytes.subarray(from, to);
    const found = scanner.scan(read, (s, e) => (data += read.subarray(s, e).toString()));
    if (typeof found === 'string') return { data, end: found };
    if (found !== -1) return { data, end: from + found };
    from = to;
  }
  return { data, end: -1 };
}

function head(text: string): ResponseHead {
  const parsed = parseResponseHead(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('the chunked scanner', () => {
  it('finds the data and the end after the trailers, in one read or cut at every byte', () => {
    const whole = scanInReads(CHUNKED, []);
    expect(whole).toEqual({ data: 'helloabcdefghijklmnopqrstuvwxyz', end: BODY_END });
    for (let cut = 1; cut < BODY_END; cut++) {
      expect(scanInReads(CHUNKED, [cut]), `cut at ${cut}`).toEqual(whole);
    }
    const everyByte = Array.from({ length: CHUNKED.byteLength - 1 }, (_, i) => i + 1);
    expect(scanInReads(CHUNKED, everyByte)).toEqual(whole);
  });

  it('accepts bare LF line ends and an empty trailer section', () => {
    expect(scanInReads(Buffer.from('3\nabc\n0\n\n'), [])).toEqual({ data: 'abc', end: 9 });
    expect(scanInReads(Buffer.from('3\r\nabc\r\n0\r\n\r\n'), [4])).toEqual({ data: 'abc', end: 13 });
  });

  it('says the body goes on until its last chunk', () => {
    expect(scanInReads(Buffer.from('3\r\nabc\r\n'), []).end).toBe(-1);
  });

  it('refuses invalid framing instead of guessing', () => {
    expect(scanInReads(Buffer.from('zz\r\n'), []).end).toBe('invalid chunk size line');
    expect(scanInReads(Buffer.from('2\r\nabc\r\n'), []).end).toBe('chunk data longer than its size');
    expect(scanInReads(Buffer.from('FFFFFFFFFFFFFF\r\n'), []).end).toBe('chunk size too large');
    expect(scanInReads(Buffer.from('0\r\n\rX'), []).end).toBe('invalid trailer section');
  });
});

describe('a response head', () => {
  it('is complete after its blank line (CRLF or LF)', () => {
    expect(headEnd(Buffer.from('HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody'))).toBe(25);
    expect(headEnd(Buffer.from('HTTP/1.1 200 OK\nA: b\n\nbody'))).toBe(22);
    expect(headEnd(Buffer.from('HTTP/1.1 200 OK\r\nA: b\r\n'))).toBe(-1);
  });

  it('keeps names in their case and order, repeats and obs-folded values', () => {
    expect(head('HTTP/1.1 201 Made It\r\nX-A: 1\r\nx-a:2 \r\nX-Fold: a\r\n  b\r\n\r\n')).toEqual({
      version: '1.1',
      status: 201,
      statusText: 'Made It',
      pairs: [
        ['X-A', '1'],
        ['x-a', '2'],
        ['X-Fold', 'a b'],
      ],
    });
    expect(head('HTTP/1.0 204\r\n\r\n')).toMatchObject({ version: '1.0', status: 204, statusText: '' });
  });

  it('that is not HTTP/1.x, or has a broken field line, is one line saying so', () => {
    expect(parseResponseHead('SSH-2.0-OpenSSH_9\r\n\r\n')).toBe('not an HTTP/1.x response: "SSH-2.0-OpenSSH_9"');
    expect(parseResponseHead('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n')).toBe(
      'invalid header line in the response: "no colon here"',
    );
  });
});

describe('how a body is delimited (RFC 9112 §6.3)', () => {
  it('by the method and status first, then Transfer-Encoding, then Content-Length, else the close', () => {
    const chunked = head('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n');
    expect(bodyFraming('HEAD', chunked)).toEqual({ kind: 'none' });
    expect(bodyFraming('GET', head('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n'))).toEqual({
      kind: 'none',
    });
    expect(bodyFraming('GET', chunked)).toEqual({ kind: 'chunked' });
    expect(bodyFraming('GET', head('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n'))).toEqual({ kind: 'close' });
    expect(bodyFraming('GET', head('HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n'))).toEqual({
      kind: 'length',
      length: 5,
    });
    expect(bodyFraming('GET', head('HTTP/1.1 200 OK\r\n\r\n'))).toEqual({ kind: 'close' });
    expect(bodyFraming('GET', head('HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n'))).toMatch(/Content-Length/);
  });

  it('lets a connection serve again only when HTTP/1.1 says it may', () => {
    const ok = head('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n');
    expect(keepsConnection(ok, { kind: 'length', length: 1 })).toBe(true);
    expect(keepsConnection(head('HTTP/1.1 200 OK\r\nConnection: Close\r\n\r\n'), { kind: 'none' })).toBe(false);
    expect(keepsConnection(head('HTTP/1.0 200 OK\r\n\r\n'), { kind: 'none' })).toBe(false);
    expect(keepsConnection(ok, { kind: 'close' })).toBe(false);
    const both = head('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n');
    expect(keepsConnection(both, { kind: 'chunked' })).toBe(false);
  });
});
