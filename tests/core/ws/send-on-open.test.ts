// `sendOnOpen`: texts the engine sends itself the moment a socket opens (what `--send` uses), and
// the order of the records around a close the server sends at once.
import { describe, expect, it } from 'vitest';
import { createWsConnection } from '../../../src/core/ws/connection';
import { collect, isOpen, openedPerTest } from './helpers';
import { closeAtOnceServer, startWsServer } from '../../support/servers';
import { until, within } from '../../support/wait';

const opened = openedPerTest();

describe('WebSocket sendOnOpen', () => {
  it('sends each text in order on open, as outbound frame records right after the OPEN state', async () => {
    const received: string[] = [];
    opened.server = await startWsServer((ws) => ws.on('message', (d) => received.push(d.toString())));
    const c = collect();
    opened.conn = createWsConnection({ request: { url: opened.server.url }, sendOnOpen: ['one', 'two'] }, c.sink);
    await c.waitFor(isOpen);
    await until('both messages at the server', () => received.length === 2, 3000);
    expect(received).toEqual(['one', 'two']);
    const kinds = c.records.map((r) => (r.kind === 'frame' ? `${r.dir}:${r.data}` : `${r.kind}`));
    expect(kinds.slice(2, 5)).toEqual(['state', 'out:one', 'out:two']);
  });

  it('a server that answers the handshake and closes in the same packet: no throw, the close frame is recorded, in time order', async () => {
    const server = await closeAtOnceServer(4406, 'go away');
    try {
      const c = collect();
      const conn = createWsConnection({ request: { url: server.url }, sendOnOpen: ['hi'] }, c.sink);
      await within(conn.done, 5000, 'done');
      const closeIn = c.of('frame').find((f) => f.dir === 'in' && f.opcode === 'close');
      expect(closeIn).toMatchObject({ code: 4406, reason: 'go away' });
      expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
      expect(c.of('error').filter((e) => e.fatal)).toEqual([]);
      // Causal order: the inbound close frame, then the CLOSING it caused; times never go back.
      const closing = c.records.findIndex((r) => r.kind === 'state' && r.readyState === 2);
      expect(c.records.indexOf(closeIn!)).toBeLessThan(closing);
      for (let i = 1; i < c.records.length; i++) expect(c.records[i]!.t).toBeGreaterThanOrEqual(c.records[i - 1]!.t);
    } finally {
      await server.close();
    }
  });

  it('a server that closes at once with 4406: 50 sessions, each with the close frame, in time order, never a throw', async () => {
    opened.server = await startWsServer((ws) => ws.close(4406, 'go away'));
    for (let i = 0; i < 50; i++) {
      const c = collect();
      const conn = createWsConnection({ request: { url: opened.server.url }, sendOnOpen: ['hi'] }, c.sink);
      await within(conn.done, 5000, `run ${i}`);
      const kinds = c.records.map((r) =>
        r.kind === 'frame' ? `${r.dir}:${r.opcode}` : r.kind === 'state' ? `state:${r.readyState}` : r.kind,
      );
      const closeIn = kinds.indexOf('in:close');
      expect(closeIn, kinds.join(' ')).toBeGreaterThan(0);
      expect(kinds.slice(closeIn)).toEqual(['in:close', 'state:2', 'out:close', 'state:3']);
      for (let j = 1; j < c.records.length; j++) expect(c.records[j]!.t).toBeGreaterThanOrEqual(c.records[j - 1]!.t);
      expect(c.of('error').filter((e) => e.fatal)).toEqual([]);
    }
  });

  it('a text that cannot go out (the session was closed as it opened) is a non-fatal send-failed error record', async () => {
    opened.server = await startWsServer(() => {});
    const c = collect();
    const conn = createWsConnection({ request: { url: opened.server.url }, sendOnOpen: ['a', 'b'] }, (draft) => {
      const seq = c.sink(draft);
      // A consumer that stops at OPEN (as `record` does when its file cannot be written).
      if (draft.kind === 'state' && draft.readyState === 1) conn.close();
      return seq;
    });
    opened.conn = conn;
    await within(conn.done, 5000, 'done');
    const errors = c.of('error');
    expect(errors.map((e) => [e.code, e.fatal])).toEqual([
      ['send-failed', false],
      ['send-failed', false],
    ]);
    expect(errors[0]!.message).toMatch(/CLOSING, not OPEN/);
    expect(c.of('frame').filter((f) => f.opcode === 'text')).toEqual([]);
    expect(c.records.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
  });
});
