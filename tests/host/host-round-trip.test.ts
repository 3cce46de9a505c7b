import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../../src/host/server';
import { createHostClient, type HostClient } from '../../src/renderer/bridge/host-client';
import type { Batch, SessionInfo } from '../../src/shared/api';
import { recordsFromWire, wireRecordHead, type HostMessage, type WireBatch } from '../../src/shared/host-protocol';
import type { StreamRecord } from '../../src/shared/records';
import { startSseServer, type SseServer } from '../support/servers';
import { startTestHost, type TestHost } from '../support/host';
import { until } from '../support/wait';

let testHost: TestHost;
let host: Host;
let sse: SseServer;

beforeAll(async () => {
  testHost = await startTestHost();
  host = testHost.host;
  sse = await startSseServer(5, 10);
});

afterAll(async () => {
  await testHost.close();
  await sse.close();
});

function connectRaw(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('browser host protocol', () => {
  it('opens an SSE session over the socket and pushes its records in batches, bytes as base64', async () => {
    const ws = await connectRaw();
    const messages: HostMessage[] = [];
    // The records as the page's client reads them (bytes back to Uint8Array, events from arrays).
    const read: StreamRecord[] = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as HostMessage);
      const again = JSON.parse(String(data)) as HostMessage;
      if ('type' in again) read.push(...recordsFromWire(again.batch.records, (b) => Buffer.from(b, 'base64')));
    });
    ws.send(
      JSON.stringify({ id: 1, method: 'sessions.open', params: [{ request: { url: sse.url, reconnect: false } }] }),
    );
    const events = () => read.filter((r) => r.kind === 'event');
    await until('5 events', () => events().length >= 5, 5000);
    ws.close();

    const reply = messages.find((m) => 'id' in m && m.id === 1);
    expect(reply && 'result' in reply && reply.result.ok).toBe(true);
    const info = (reply as { result: { value: SessionInfo } }).result.value;
    expect(info.transport).toBe('sse');
    expect(events().map((e) => (e.kind === 'event' ? JSON.parse(e.data).n : -1))).toEqual([0, 1, 2, 3, 4]);
    const batches = messages.filter((m): m is { type: 'batch'; batch: WireBatch } => 'type' in m && m.type === 'batch');
    // Five events 10 ms apart plus state/response/chunk records: coalesced, not one message each.
    const recordCount = batches.reduce((n, b) => n + b.batch.records.length, 0);
    expect(batches.length).toBeLessThan(recordCount);
    const wire = batches.flatMap((b) => b.batch.records);
    const chunk = wire.find((r) => !Array.isArray(r) && r.kind === 'chunk');
    expect(chunk && !Array.isArray(chunk) && chunk.kind === 'chunk' && typeof chunk.bytes).toBe('string');
    expect(Buffer.from((chunk as { bytes: string }).bytes, 'base64').toString()).toContain('data: {"n":');
    // Events travel as arrays, with the session's id only where the record before is not its own.
    expect(wire.filter((r) => Array.isArray(r))).toHaveLength(5);
    for (const b of batches) {
      let previous = '';
      for (const r of b.batch.records) {
        if (Array.isArray(r)) expect(r[0]).toBe(previous === info.id ? '' : info.id);
        previous = wireRecordHead(r, previous).sessionId;
      }
    }
    expect(read.every((r) => r.sessionId === info.id)).toBe(true);
    const last = batches.at(-1)!.batch.sessions.find((s) => s.id === info.id);
    expect(last?.stats.events).toBe(5);
  });

  it('answers a bad call with invalid-argument under its id, and an unreadable message with id null', async () => {
    const ws = await connectRaw();
    const replies: HostMessage[] = [];
    ws.on('message', (data) => replies.push(JSON.parse(String(data)) as HostMessage));
    ws.send(JSON.stringify({ id: 7, method: 'sessions.open', params: [{ request: { url: 'ftp://x' } }] }));
    ws.send(JSON.stringify({ id: 8, method: 'nope.nothing', params: [] }));
    ws.send('not json');
    await until('3 replies', () => replies.filter((m) => 'id' in m).length >= 3, 3000);
    ws.close();
    const byId = (id: number | null) =>
      replies.find((m) => 'id' in m && m.id === id) as {
        result: { ok: boolean; error?: { code: string; message: string } };
      };
    expect(byId(7).result.error?.code).toBe('invalid-argument');
    expect(byId(7).result.error?.message).toMatch(/url must be http\(s\)/);
    expect(byId(8).result.error?.message).toMatch(/unknown method/);
    expect(byId(null).result.error?.code).toBe('invalid-argument');
  });

  it('the renderer bridge client round-trips over the host with real Uint8Array bytes', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    class OriginWebSocket extends WebSocket {
      constructor(url: string) {
        super(url, { origin });
      }
    }
    const client: HostClient = createHostClient({
      url: `ws://127.0.0.1:${host.port}/api?token=${host.token}`,
      WebSocketImpl: OriginWebSocket as unknown as typeof globalThis.WebSocket,
    });
    try {
      const received: StreamRecord[] = [];
      const batches: Batch[] = [];
      const unsubscribe = client.sessions.subscribe((b) => {
        batches.push(b);
        received.push(...b.records);
      });
      const opened = await client.sessions.open({ request: { url: sse.url, reconnect: false }, capacity: 1000 });
      expect(opened.ok).toBe(true);
      const id = opened.ok ? opened.value.id : '';
      await until('5 events', () => received.filter((r) => r.kind === 'event' && r.sessionId === id).length >= 5, 5000);
      unsubscribe();
      const chunks = received.filter((r) => r.kind === 'chunk' && r.sessionId === id);
      expect(chunks.length).toBeGreaterThan(0);
      expect(chunks.every((c) => c.kind === 'chunk' && c.bytes instanceof Uint8Array)).toBe(true);
      const page = await client.sessions.records(id, 0, 1000);
      expect(page.ok && page.value.length).toBe(received.filter((r) => r.sessionId === id).length);
      const firstChunk = page.ok ? page.value.find((r) => r.kind === 'chunk') : undefined;
      expect(firstChunk?.kind === 'chunk' && firstChunk.bytes instanceof Uint8Array).toBe(true);
      const settings = await client.settings.set({ theme: 'dark' });
      expect(settings.ok && settings.value.theme).toBe('dark');
      const bad = await client.settings.set({ theme: 'neon' as 'dark' });
      expect(bad.ok).toBe(false);
      const demo = await client.demo.info();
      expect(!demo.ok && demo.error.code).toBe('unsupported');
    } finally {
      client.dispose();
    }
  });
});
