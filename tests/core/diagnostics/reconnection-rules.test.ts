import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../../src/shared/records';
import { byRule, run, serve, SSE_HEAD, type TestServer } from './helpers';
import { createReconnectionRules } from '../../../src/core/diagnostics/rules/reconnection';
import type { Finding } from '../../../src/core/diagnostics/types';

const statesReconnecting = (all: StreamRecord[]): number =>
  all.filter((x) => x.kind === 'state' && x.reason === 'reconnecting').length;

let server: TestServer;
beforeAll(async () => {
  server = await serve({
    // Ignores Last-Event-ID: every connection starts again at id 1.
    '/replays': (_req, res) => {
      res.writeHead(200, SSE_HEAD);
      res.end('retry: 20\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n');
    },
    // Honours Last-Event-ID: resumes after it.
    '/resumes': (req, res) => {
      const last = Number(req.headers['last-event-id'] ?? 0);
      res.writeHead(200, SSE_HEAD);
      res.end(`retry: 20\n\nid: ${last + 1}\ndata: a\n\nid: ${last + 2}\ndata: b\n\n`);
    },
    // Ends at once and asks for a 10 ms reconnect: a storm.
    '/drops': (_req, res) => {
      res.writeHead(200, SSE_HEAD);
      res.end('retry: 10\n\n');
    },
    '/drops-slowly': (_req, res) => {
      res.writeHead(200, SSE_HEAD);
      res.end('retry: 100\n\n');
    },
  });
});
afterAll(() => server.close());

describe('reconnection rules', () => {
  it('last-event-id-ignored: the server repeats id 1 after a reconnect with Last-Event-ID 2', async () => {
    const r = await run(`${server.url}/replays`, {
      request: { reconnect: true },
      until: (rec) => rec.kind === 'event' && rec.connection === 3 && rec.id === '2',
    });
    const found = byRule(r, 'last-event-id-ignored');
    // Once per connection: connections 2 and 3 each repeat, each reported once.
    expect(found.map((d) => d.connection)).toEqual([2, 3]);
    expect(found[0]!.message).toContain('Last-Event-ID "2"');
    const firstId1 = r.records.find((x) => x.kind === 'event' && x.id === '1')!;
    expect(found[0]!.refs).toContain(firstId1.seq);
    expect(server.lastEventIds.filter((x) => x === '2').length).toBeGreaterThanOrEqual(2);
    expect(byRule(r, 'reconnect-storm')).toEqual([]);
  });

  it('last-event-id-ignored is quiet when the server resumes after the id it was sent', async () => {
    const r = await run(`${server.url}/resumes`, {
      request: { reconnect: true },
      until: (rec) => rec.kind === 'event' && rec.connection === 3 && rec.id === '6',
    });
    expect(r.records.filter((x) => x.kind === 'event').map((x) => (x.kind === 'event' ? x.id : ''))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('reconnect-storm: 5 reconnects within 10 s is an error, reported once', async () => {
    const r = await run(`${server.url}/drops`, {
      request: { reconnect: true },
      until: (_rec, all) => statesReconnecting(all) >= 8,
    });
    const found = byRule(r, 'reconnect-storm');
    expect(found).toHaveLength(1);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.refs).toHaveLength(5);
    expect(found[0]!.message).toMatch(/^5 reconnects within/);
  });

  it('reconnect-storm is quiet when reconnects are spread out beyond the window', async () => {
    const r = await run(`${server.url}/drops-slowly`, {
      request: { reconnect: true },
      diagnostics: { stormWindowMs: 300 },
      until: (_rec, all) => statesReconnecting(all) >= 6,
    });
    expect(statesReconnecting(r.records)).toBeGreaterThanOrEqual(6);
    expect(byRule(r, 'reconnect-storm')).toEqual([]);
  });

  it('last-event-id-ignored remembers the last edgeIds events before a reconnect, and only those', () => {
    const findings: Finding[] = [];
    const rules = createReconnectionRules(
      (f) => {
        findings.push(f);
        return true;
      },
      { edgeIds: 3 },
    );
    let seq = 0;
    const state = (connection: number, reason: 'connecting' | 'reconnecting', lastEventId?: string) =>
      rules.observe({
        kind: 'state',
        t: seq,
        connection,
        readyState: 0,
        reason,
        message: reason,
        ...(lastEventId ? { lastEventId } : {}),
        sessionId: 's',
        seq: seq++,
      });
    const event = (connection: number, id: string) =>
      rules.observe({
        kind: 'event',
        t: seq,
        connection,
        type: 'message',
        data: id,
        lastEventId: id,
        id,
        chunks: [0, 0],
        size: id.length,
        sessionId: 's',
        seq: seq++,
      });
    state(1, 'connecting');
    for (let id = 1; id <= 10; id++) event(1, String(id)); // seqs 1..10
    // Id 5 is neither among the first 3 of connection 1 nor among its last 3: not remembered.
    state(2, 'reconnecting', '10');
    event(2, '5');
    expect(findings).toEqual([]);
    // Id 9 is among the last 3 before the reconnect.
    state(3, 'reconnecting', '10');
    event(3, '9');
    expect(findings.map((f) => [f.rule, f.connection, f.refs])).toEqual([['last-event-id-ignored', 3, [13, 9, 14]]]);
  });
});
