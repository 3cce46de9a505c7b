/**
 * A recording started in the middle of a stream replays as the stream was at that point (issue 13
 * item 16): it carries the connection's response head, the last event ID and the reconnection time
 * its first chunk was read with, and on request the records still in the buffer. Against the real
 * demo server, a real replayer and a real EventSource client (the `eventsource` package).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventSource } from 'eventsource';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { createReplayer, fileSource, loadAnyRecording, startReplayServer } from '../../../src/core/recording';
import { createSequencedSink } from '../../../src/core/stream';
import type { Recording, StoredRecord } from '../../../src/shared/recording-format';
import type { ChunkRecord, EventRecord, StreamRecord } from '../../../src/shared/records';
import { until } from '../../support/wait';

let dir: string;
let demo: DemoServer;
let service: InspectorService;
const live: StreamRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-mid-stream-'));
  demo = await startDemoServer({ port: 0 });
  service = createInspectorService({ demo, recordingsDir: join(dir, 'rec'), settingsPath: null });
  service.subscribe((b) => live.push(...b.records));
});

afterAll(async () => {
  await service.close();
  await demo.close();
  await rm(dir, { recursive: true, force: true });
});

const SECRET = 'sekret-token-123';

/** Opens a live session on the demo's `disconnect` scenario: `retry: 250`, an id on every 4th event. */
async function openSession(query: string, capacity?: number): Promise<string> {
  const opened = await service.sessions.open({
    request: {
      url: `${demo.url}/scenarios/disconnect?retry=250&idEvery=4&${query}`,
      headers: [['Authorization', `Bearer ${SECRET}`]],
    },
    ...(capacity === undefined ? {} : { capacity }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.id;
}

const liveOf = (id: string): StreamRecord[] => live.filter((r) => r.sessionId === id);
const eventsIn = (records: readonly StreamRecord[]): EventRecord[] =>
  records.filter((r): r is EventRecord => r.kind === 'event');
const n = (e: EventRecord): number => (JSON.parse(e.data) as { n: number }).n;
const view = (e: EventRecord) => ({ data: e.data, id: e.id, lastEventId: e.lastEventId });

/** Every record a replay of `recording` emits, at speed 0. */
async function replayed(recording: Recording): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  const replayer = createReplayer(
    recording,
    createSequencedSink('replay', (r) => out.push(r)),
    { speed: 0 },
  );
  await replayer.done;
  return out;
}

/** Stops the session's recording and loads what was saved (the loader validates every line). */
async function savedRecording(id: string): Promise<{ text: string; recording: Recording }> {
  const saved = await service.recording.save(id);
  if (!saved.ok) throw new Error(saved.error.message);
  const text = saved.value.text!;
  return { text, recording: loadAnyRecording('mid-stream.ssrec', text) };
}

function expectRedacted(text: string, recording: Recording): void {
  expect(text).not.toContain(SECRET);
  expect(recording.header.request.headers).toEqual([['Authorization', '[redacted]']]);
}

/** The connecting state, the response and the open state of connection 1, as the live session had them. */
function expectHead(records: readonly StoredRecord[], id: string): void {
  const head = records.slice(0, 3);
  expect(head.map((r) => r.kind)).toEqual(['state', 'response', 'state']);
  const liveHead = liveOf(id).filter((r) => r.connection === 1 && (r.kind === 'state' || r.kind === 'response'));
  expect(head.map((r) => r.t)).toEqual(liveHead.slice(0, 3).map((r) => r.t));
  expect(head[1]).toMatchObject({ kind: 'response', status: 200 });
  expect(head[1]!.kind === 'response' && head[1]!.headers['content-type']).toMatch(/^text\/event-stream/);
}

describe('recording started mid-stream', () => {
  it(
    'from now: carries the last event ID and retry, which the replayer and a served EventSource client get back',
    { timeout: 30_000 },
    async () => {
      const id = await openSession('after=12&count=12&interval=150');
      // Event 5 has no id: the last one is "4", and the `retry: 250` block is long gone.
      await until('event 5', () => eventsIn(liveOf(id)).some((e) => n(e) === 5));
      const started = await service.recording.start(id, { includeBuffered: false });
      expect(started.ok).toBe(true);
      await until('the stream to end for good (204 after the reconnect)', () => service.manager.get(id)!.closed);
      const { text, recording } = await savedRecording(id);
      expect(recording.warnings).toEqual([]);
      expectRedacted(text, recording);
      expectHead(recording.records, id);

      // The state the first recorded chunk was read in, from the live session.
      const liveRecords = liveOf(id);
      const firstChunk = recording.records.find((r) => r.kind === 'chunk')!;
      const firstSeq = liveRecords.find((r) => r.kind === 'chunk' && r.t === firstChunk.t)!.seq;
      const before = eventsIn(liveRecords.filter((r) => r.seq < firstSeq));
      expect(recording.header.resume).toEqual({
        connection: 1,
        lastEventId: before.at(-1)!.lastEventId,
        retryMs: 250,
      });
      expect(recording.header.resume?.lastEventId).toBe('4');

      // Replayed, the recorded events are the live ones, the id-less first ones with "4" too.
      const out = await replayed(recording);
      const liveAfter = eventsIn(liveRecords.filter((r) => r.seq >= firstSeq));
      expect(eventsIn(out).map(view)).toEqual(liveAfter.map(view));
      expect(eventsIn(out)[0]!.id).toBeNull();
      expect(out.filter((r) => r.kind === 'retry').map((r) => r.kind === 'retry' && r.ms)).toEqual([250]);

      // Served (as `replay --serve` does, from the file) to a real EventSource.
      const file = join(dir, 'from-now.ssrec');
      await writeFile(file, text);
      const server = await startReplayServer(await fileSource(file), { speed: 0 });
      const requests: Array<{ at: number; lastEventId: string | null }> = [];
      const messages: Array<{ data: string; lastEventId: string; at: number }> = [];
      const client = new EventSource(server.url, {
        fetch: (input, init) => {
          requests.push({ at: performance.now(), lastEventId: new Headers(init?.headers).get('last-event-id') });
          return fetch(input, init);
        },
      });
      client.onmessage = (m) =>
        messages.push({ data: m.data as string, lastEventId: m.lastEventId, at: performance.now() });
      try {
        // The recorded connection ends after event 12; the client reconnects and gets the recorded 204.
        await until('the client to stop after the recorded 204', () => client.readyState === EventSource.CLOSED);
        expect(messages.map(({ data, lastEventId }) => ({ data, lastEventId }))).toEqual(
          liveAfter.map((e) => ({ data: e.data, lastEventId: e.lastEventId })),
        );
        expect(requests.map((r) => r.lastEventId)).toEqual([null, '12']);
        // retry: 250 was served first: the client came back well before its default 3 s.
        expect(requests[1]!.at - messages.at(-1)!.at).toBeLessThan(2500);
      } finally {
        client.close();
        await server.close();
      }
    },
  );

  it('with the buffer: what arrives while recording starts does not push the buffer out of it', async () => {
    // A 10-record ring and a slow stream; eight records arrive right after Record is pressed,
    // while the recording's folder is made: they evict the eight oldest buffered ones (two chunks).
    const id = await openSession('after=40&count=40&interval=400', 10);
    await until('a full buffer', () => service.manager.get(id)!.ring.size === 10);
    const session = service.manager.get(id)!;
    const asked = session.ring.slice(session.ring.firstSeq, session.ring.size);
    const starting = service.recording.start(id, { includeBuffered: true });
    const connection = asked.at(-1)!.connection;
    for (const text of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])
      session.sink({ kind: 'comment', t: Date.now(), connection, text });
    expect((await starting).ok).toBe(true);
    expect((await service.sessions.close(id)).ok).toBe(true);
    const { recording } = await savedRecording(id);
    // The recording keeps the bytes (records are derived from them on load): every buffered chunk.
    const chunks = (records: readonly { kind: string; t: number }[]) =>
      records.filter((r) => r.kind === 'chunk').map((r) => r.t);
    const askedChunks = chunks(asked);
    expect(askedChunks.length).toBeGreaterThan(2);
    expect(chunks(recording.records.filter((r) => r.t >= askedChunks[0]!)).slice(0, askedChunks.length)).toEqual(
      askedChunks,
    );
  });

  it('with the buffer: the buffered records in order and byte-exact, after a head the buffer had lost', async () => {
    // A 10-record ring: by event 9 the connection's head and `retry: 250` have left it.
    const id = await openSession('after=40&count=40&interval=100', 10);
    await until('event 9', () => eventsIn(liveOf(id)).some((e) => n(e) === 9));
    const session = service.manager.get(id)!;
    const ring = session.ring.slice(session.ring.firstSeq, session.ring.size);
    expect(ring.some((r) => r.kind === 'response')).toBe(false);
    const started = await service.recording.start(id, { includeBuffered: true });
    expect(started.ok).toBe(true);
    await until('event 12', () => eventsIn(liveOf(id)).some((e) => n(e) === 12));
    expect((await service.sessions.close(id)).ok).toBe(true);
    const { text, recording } = await savedRecording(id);
    expect(recording.warnings).toEqual([]);
    expectRedacted(text, recording);
    expectHead(recording.records, id);

    // Right after the head: every chunk the ring held, in order, byte for byte.
    const ringChunks = ring.filter((r): r is ChunkRecord => r.kind === 'chunk');
    const recorded = recording.records.slice(3).filter((r) => r.kind === 'chunk');
    expect(ringChunks.length).toBeGreaterThan(2);
    expect(recorded.slice(0, ringChunks.length).map((r) => [r.t, Buffer.from(r.bytes).toString('base64')])).toEqual(
      ringChunks.map((r) => [r.t, Buffer.from(r.bytes).toString('base64')]),
    );
    const before = eventsIn(liveOf(id).filter((r) => r.seq < ringChunks[0]!.seq));
    expect(recording.header.resume).toEqual({ connection: 1, lastEventId: before.at(-1)!.lastEventId, retryMs: 250 });

    // Replayed: from the first buffered chunk on, the live events with their last event IDs.
    const out = await replayed(recording);
    const lastChunk = recorded.at(-1)!;
    const liveAfter = eventsIn(liveOf(id)).filter((e) => e.chunks[0] >= ringChunks[0]!.seq && e.t <= lastChunk.t);
    expect(eventsIn(out).map(view)).toEqual(liveAfter.map(view));
    expect(out.find((r) => r.kind === 'retry')).toMatchObject({ ms: 250, t: ringChunks[0]!.t });
  });
});
