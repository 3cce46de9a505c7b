import { afterEach, describe, expect, it } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createPreludeConnection, PreludeError } from '../../../src/core/sse/prelude-connection';
import { collectingSink, eventsOf, ofKind, statesOf } from './records-helper';
import { beginStream, startServer, writeParts, type TestServer } from '../../support/servers';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A prelude that never settles by itself: only its signal ends it. */
function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted', { cause: signal.reason }))),
  );
}

describe('createPreludeConnection', () => {
  it('opens the stream with what the prelude gave, and aborts the signal once the stream ended', async () => {
    server = await startServer((req, res) => {
      beginStream(res);
      void writeParts(res, [`data: ${String(req.headers['x-token'])}\n\n`]);
    });
    const url = server.url();
    const { sink, records } = collectingSink();
    let streamSignal: AbortSignal | undefined;
    const conn = createPreludeConnection(sink, {
      connecting: 'reserving',
      timeoutMs: 5000,
      run: () => Promise.resolve('t-42'),
      open(token, signal) {
        streamSignal = signal;
        return createSseConnection({ request: { url, headers: [['x-token', token]], reconnect: false } }, sink);
      },
    });
    expect(conn.readyState).toBe(0);
    await conn.done;
    expect(eventsOf(records).map((e) => e.data)).toEqual(['t-42']);
    expect(statesOf(records).at(-1)).toBe('2:stream-ended');
    expect(streamSignal?.aborted).toBe(true);
    expect(conn.readyState).toBe(2);
  });

  it('says a failed prelude in three records: connecting, the fatal error with its status, closed', async () => {
    const { sink, records } = collectingSink();
    let opened = false;
    const conn = createPreludeConnection(sink, {
      connecting: 'MCP initialize at http://127.0.0.1:1/',
      timeoutMs: 5000,
      run: () => Promise.reject(new PreludeError('initialize: HTTP 503', 'http-status', 503)),
      open() {
        opened = true;
        throw new Error('not reached');
      },
    });
    await conn.done;
    expect(opened).toBe(false);
    expect(records).toMatchObject([
      { kind: 'state', readyState: 0, reason: 'connecting', message: 'MCP initialize at http://127.0.0.1:1/' },
      { kind: 'error', code: 'http-status', status: 503, fatal: true, message: 'initialize: HTTP 503' },
      { kind: 'state', readyState: 2, reason: 'http-status', message: 'initialize: HTTP 503' },
    ]);
  });

  it('gives up on a prelude that takes longer than its time, as a network error', async () => {
    const { sink, records } = collectingSink();
    const conn = createPreludeConnection(sink, {
      connecting: 'slow',
      timeoutMs: 20,
      run: waitForAbort,
      open: () => {
        throw new Error('not reached');
      },
    });
    await conn.done;
    expect(ofKind(records, 'error')).toMatchObject([{ code: 'network', fatal: true }]);
    expect(statesOf(records)).toEqual(['0:connecting', '2:network-error']);
  });

  it('close() during the prelude aborts it, says closed-by-user once and never opens', async () => {
    const { sink, records } = collectingSink();
    let opened = false;
    let preludeSignal: AbortSignal | undefined;
    const conn = createPreludeConnection(sink, {
      connecting: 'slow',
      timeoutMs: 60_000,
      run(signal) {
        preludeSignal = signal;
        return waitForAbort(signal);
      },
      open() {
        opened = true;
        throw new Error('not reached');
      },
    });
    conn.close();
    conn.close();
    await conn.done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(preludeSignal?.aborted).toBe(true);
    expect(opened).toBe(false);
    expect(statesOf(records)).toEqual(['2:closed-by-user']);
    expect(ofKind(records, 'error')).toEqual([]);
  });
});
