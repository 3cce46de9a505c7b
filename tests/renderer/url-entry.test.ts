import { describe, expect, it } from 'vitest';
import { streamUrlProblem, withDefaultScheme } from '../../src/renderer/lib/url-entry';

describe('the URL field', () => {
  it('gives an address typed without a scheme http://, as an address bar does', () => {
    expect(withDefaultScheme('127.0.0.1:8080/sse')).toBe('http://127.0.0.1:8080/sse');
    expect(withDefaultScheme(' localhost:3000 ')).toBe('http://localhost:3000');
    expect(withDefaultScheme('example.com/events?x=1')).toBe('http://example.com/events?x=1');
    expect(withDefaultScheme('[::1]:8080/sse')).toBe('http://[::1]:8080/sse');
  });

  it('leaves URLs with a scheme, {{variables}} and non-addresses as typed', () => {
    expect(withDefaultScheme('wss://h/ws')).toBe('wss://h/ws');
    expect(withDefaultScheme('{{BASE}}/sse')).toBe('{{BASE}}/sse');
    expect(withDefaultScheme('not a url')).toBe('not a url');
    expect(withDefaultScheme('mailto:a@b')).toBe('mailto:a@b');
  });

  it('says in one line why a URL cannot be streamed', () => {
    expect(streamUrlProblem('https://h/sse')).toBeNull();
    expect(streamUrlProblem('ws://h/ws')).toBeNull();
    expect(streamUrlProblem('not a url')).toBe(
      '"not a url" is not a URL: start it with http:// or https:// (SSE), ws:// or wss:// (WebSocket)',
    );
    expect(streamUrlProblem('ftp://h/x')).toMatch(/^"ftp:" is not a stream scheme: start it with http:\/\//);
    expect(streamUrlProblem('mailto:a@b')).toMatch(/^"mailto:" is not a stream scheme/);
  });
});
