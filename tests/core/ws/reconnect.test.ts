import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../src/core/ws/backoff';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect, isOpen, openedPerTest } from './helpers';
import { startWsServer } from '../../support/servers';
import { within } from '../../support/wait';

const opened = openedPerTest();

describe('backoff', () => {
  it('starts at 1 s and doubles to a 30 s cap by default', () => {
    const mid = (): number => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, DEFAULT_BACKOFF, mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('jitters by at most ±20 % and never exceeds the cap', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(800);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(1200);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0.999999)).toBe(30000);
    expect(backoffDelay(10, DEFAULT_BACKOFF, () => 0)).toBe(24000);
  });
});

describe('auto-reconnect', () => {
  it('is off by default: a server close ends the session', async () => {
    opened.server = await startWsServer((ws) => ws.close(1001, 'going away'));
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url } }, c.sink);
    await within(opened.conn.done, 5000, 'done');
    await new Promise((r) => setTimeout(r, 100));
    expect(opened.server.upgrades).toHaveLength(1);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
  });

  it('when enabled, retries lost connections with doubling delays and counts connections', async () => {
    // The first two upgrades are cut before the handshake completes; the third succeeds and the
    // server then closes normally, which is retried too (after the initial delay again).
    opened.server = await startWsServer(
      (ws) => {
        ws.send('hi');
        setTimeout(() => ws.close(1000, 'done'), 10);
      },
      {
        onUpgrade(_req, socket, attempt) {
          if (attempt <= 2) {
            socket.destroy();
            return true;
          }
          return false;
        },
      },
    );
    const c = collect();
    const started = Date.now();
    const mine = createWsConnection(
      { request: { url: opened.server.url, reconnect: true }, backoff: { initialMs: 60, jitter: 0 } },
      c.sink,
    );
    opened.conn = mine;
    await c.waitFor((r) => r.kind === 'state' && r.reason === 'reconnecting' && r.connection === 4, 5000);
    const elapsed = Date.now() - started;
    mine.close();
    await within(mine.done, 3000, 'done');

    const waits = c.of('state').filter((s) => s.reason === 'waiting-retry');
    expect(waits.map((w) => w.delayMs)).toEqual([60, 120, 60]);
    expect(waits.every((w) => w.readyState === 0)).toBe(true);
    // Waited at least the sum of the delays before the fourth attempt.
    expect(elapsed).toBeGreaterThanOrEqual(240 - 20);
    // Non-fatal errors while retrying; the connection counter rises per attempt.
    const errors = c.of('error');
    expect(errors.length).toBe(2);
    expect(errors.every((e) => e.fatal === false && e.code === 'network')).toBe(true);
    expect(
      c
        .of('state')
        .filter((s) => s.reason === 'open')
        .map((s) => s.connection),
    ).toEqual([3]);
    expect(
      c
        .of('frame')
        .filter((f) => f.dir === 'in' && f.opcode === 'text')
        .map((f) => [f.connection, f.data]),
    ).toEqual([[3, 'hi']]);
    expect(c.of('response').map((r) => r.connection)).toEqual([3]);
    expect(opened.server.upgrades.length).toBeGreaterThanOrEqual(3);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
  });

  it('close() while waiting to retry cancels the timer and ends at once', async () => {
    opened.server = await startWsServer((ws) => ws.close(1000));
    const c = collect();
    const mine = createWsConnection(
      { request: { url: opened.server.url, reconnect: true }, backoff: { initialMs: 10_000 } },
      c.sink,
    );
    opened.conn = mine;
    await c.waitFor((r) => r.kind === 'state' && r.reason === 'waiting-retry');
    const started = Date.now();
    mine.close();
    await within(mine.done, 1000, 'done');
    expect(Date.now() - started).toBeLessThan(500);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
    expect(opened.server.upgrades).toHaveLength(1);
  });

  it('does not retry a rejected handshake even with reconnect on', async () => {
    opened.server = await startWsServer(() => {}, {
      onUpgrade(_req, socket) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return true;
      },
    });
    const c = collect();
    opened.conn = createWsConnection(
      { request: { url: opened.server.url, reconnect: true }, backoff: { initialMs: 10 } },
      c.sink,
    );
    await within(opened.conn.done, 3000, 'done');
    await new Promise((r) => setTimeout(r, 60));
    expect(opened.server.upgrades).toHaveLength(1);
    expect(c.of('error')[0]).toMatchObject({ fatal: true, status: 401 });
    expect(c.records.some(isOpen)).toBe(false);
  });
});
