import { describe, expect, it } from 'vitest';
import { createSession } from '../../../src/core/session/session';
import { createSseDecoder } from '../../../src/core/sse/decoder';
import type { DiagnosticRecord, StreamRecord } from '../../../src/shared/records';

function records(session: ReturnType<typeof createSession>): StreamRecord[] {
  return session.ring.slice(0, 1_000);
}

function feed(session: ReturnType<typeof createSession>, text: string): void {
  session.sink({ kind: 'state', t: 1, connection: 1, readyState: 0, reason: 'connecting', message: '' });
  session.sink({
    kind: 'response',
    t: 2,
    connection: 1,
    status: 200,
    statusText: 'OK',
    url: 'http://127.0.0.1/',
    redirected: false,
    requestSentAt: 1,
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
  session.sink({ kind: 'state', t: 2, connection: 1, readyState: 1, reason: 'open', message: '' });
  const decoder = createSseDecoder(session.sink);
  decoder.push(new TextEncoder().encode(text), 3, 1);
  decoder.end();
  session.sink({ kind: 'state', t: 4, connection: 1, readyState: 2, reason: 'stream-ended', message: '' });
}

const base = {
  id: 's1',
  transport: 'sse' as const,
  source: 'live' as const,
  title: 't',
  request: { url: 'http://127.0.0.1/' },
};

describe('sessions run the diagnostic rules', () => {
  it('puts a diagnostic record pointing at earlier records into the session', () => {
    const session = createSession(base);
    feed(session, 'data: a\r\rdata: b\r\r');
    const diagnostics = records(session).filter((r): r is DiagnosticRecord => r.kind === 'diagnostic');
    expect(diagnostics.map((d) => d.rule)).toContain('cr-line-endings');
    const cr = diagnostics.find((d) => d.rule === 'cr-line-endings')!;
    expect(cr.refs.length).toBeGreaterThan(0);
    expect(cr.refs.every((seq) => seq < cr.seq)).toBe(true);
  });

  it('stays quiet on a clean stream, and runs no rules when turned off', () => {
    const clean = createSession(base);
    feed(clean, 'retry: 1000\ndata: a\n\n');
    expect(records(clean).filter((r) => r.kind === 'diagnostic')).toEqual([]);
    const off = createSession({ ...base, diagnostics: false });
    feed(off, 'data: a\r\rdata: b\r\r');
    expect(records(off).filter((r) => r.kind === 'diagnostic')).toEqual([]);
  });

  it('notices a silence on checkIdle for a live session', () => {
    const session = createSession(base);
    session.sink({ kind: 'state', t: 1_000, connection: 1, readyState: 0, reason: 'connecting', message: '' });
    session.sink({
      kind: 'response',
      t: 1_001,
      connection: 1,
      status: 200,
      statusText: 'OK',
      url: 'http://127.0.0.1/',
      redirected: false,
      requestSentAt: 1_000,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
    });
    session.sink({ kind: 'state', t: 1_001, connection: 1, readyState: 1, reason: 'open', message: '' });
    session.checkIdle(1_001 + 61_000);
    const rules = records(session)
      .filter((r): r is DiagnosticRecord => r.kind === 'diagnostic')
      .map((d) => d.rule);
    expect(rules.some((r) => r.startsWith('idle'))).toBe(true);
  });
});
