/**
 * GraphQL subscriptions against the real graphql-ws and graphql-sse servers (tests/core/graphql/
 * graphql-servers.ts): the client side of both protocols (graphql-sse in both modes), what each
 * message decodes to, that recording keeps the bytes and frames as they came, and that the replay
 * server answers graphql-ws's own client with the recorded results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { createClient as createSseClient } from 'graphql-sse';
import { openStream } from '../../../src/core/open-stream';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { deriveRecords } from '../../../src/core/recording/replayer';
import { startReplayServer, type ReplayServer } from '../../../src/core/recording/replay-server';
import { createSequencedSink } from '../../../src/core/stream';
import type { GraphqlDecoded } from '../../../src/shared/decoded';
import type { StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';
import { startGraphqlServer, type TestGraphqlServer } from './graphql-servers';
import { tempDir } from '../../support/temp';

const TICKS = 'subscription Ticks($count: Int) { ticks(count: $count, delayMs: 5) { n message } }';

let server: TestGraphqlServer;
let replay: ReplayServer | undefined;
const dir = tempDir('streamscope-graphql-');
beforeAll(async () => {
  server = await startGraphqlServer({ pingOnConnect: true });
});
afterEach(async () => {
  await replay?.close();
  replay = undefined;
});
afterAll(async () => {
  await server.close();
});

async function run(request: StreamRequest, file?: string): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  const recorder = file
    ? createRecorder(file, { transport: request.url.startsWith('ws') ? 'ws' : 'sse', request })
    : undefined;
  await openStream(
    { request },
    createSequencedSink('live', (r) => {
      records.push(r);
      recorder?.write(r);
    }),
  ).done;
  await recorder?.close();
  return records;
}

const decodedOf = (records: StreamRecord[]): GraphqlDecoded[] =>
  records.flatMap((r) =>
    (r.kind === 'frame' || r.kind === 'event') &&
    (r.decoded?.protocol === 'graphql-transport-ws' || r.decoded?.protocol === 'graphql-sse')
      ? [r.decoded]
      : [],
  );

/** What a view compares: everything but the session id. */
const comparable = (records: StreamRecord[]) => records.map(({ sessionId: _s, ...r }) => r);

describe('GraphQL over WebSocket (graphql-transport-ws)', () => {
  it('init, a pong for the ping, subscribe with the variables, results per operation, then a normal close', async () => {
    const seen = server.received.length;
    const records = await run({
      url: server.wsUrl,
      graphql: { query: TICKS, variables: '{"count":3}' },
    });
    expect(records.find((r) => r.kind === 'response')).toMatchObject({ status: 101, protocol: 'graphql-transport-ws' });
    const frames = decodedOf(records).map((d) => [d.type, d.id, d.operationName]);
    expect(frames).toEqual([
      ['connection_init', undefined, undefined],
      ['ping', undefined, undefined],
      ['pong', undefined, undefined],
      ['connection_ack', undefined, undefined],
      ['subscribe', '1', 'Ticks'],
      ['next', '1', 'Ticks'],
      ['next', '1', 'Ticks'],
      ['next', '1', 'Ticks'],
      ['complete', '1', 'Ticks'],
    ]);
    const results = decodedOf(records).filter((d) => d.type === 'next');
    expect(results.map((d) => d.payload)).toEqual(
      [1, 2, 3].map((n) => ({ data: { ticks: { n, message: `tick ${n} of 3` } } })),
    );
    expect(results.every((d) => typeof d.sinceSubscribeMs === 'number' && d.sinceSubscribeMs >= 0)).toBe(true);
    // What the real server received: the pong echoes the ping's payload.
    expect(server.received.slice(seen)).toEqual([
      { type: 'connection_init' },
      { type: 'pong', payload: { n: 1 } },
      { id: '1', type: 'subscribe', payload: { query: TICKS, variables: { count: 3 } } },
    ]);
    expect(
      records.filter((r) => r.kind === 'frame' && r.opcode === 'close').map((r) => r.kind === 'frame' && r.code),
    ).toContain(1000);
    expect(records.some((r) => r.kind === 'error')).toBe(false);
  });

  it('an operation the server refuses: its error decoded with the messages, and a fatal graphql error', async () => {
    const records = await run({ url: server.wsUrl, graphql: { query: 'subscription { nope }' } });
    const error = decodedOf(records).find((d) => d.type === 'error');
    expect(error).toMatchObject({ id: '1', errors: ['Cannot query field "nope" on type "Subscription".'] });
    expect(records.find((r) => r.kind === 'error')).toMatchObject({
      code: 'graphql',
      fatal: true,
      message: 'graphql operation 1 failed: Cannot query field "nope" on type "Subscription".',
    });
  });

  it('a result with errors is a next whose decoded names them; the operation name comes from operationName', async () => {
    const records = await run({
      url: server.wsUrl,
      graphql: {
        query: 'subscription A { ticks(count: 1) { n } } subscription B { failing(after: 1, delayMs: 5) { n } }',
        operationName: 'B',
      },
    });
    const next = decodedOf(records).filter((d) => d.type === 'next');
    expect(next.map((d) => [d.operationName, d.errors])).toEqual([
      ['B', undefined],
      ['B', ['the ticker failed after 1 ticks']],
    ]);
    expect(records.some((r) => r.kind === 'error')).toBe(false);
  });
});

describe('GraphQL over SSE (graphql-sse)', () => {
  it('distinct connections: the POST answers with the operation stream, next then complete', async () => {
    const before = server.httpRequests.length;
    const records = await run({ url: server.httpUrl, graphql: { query: TICKS, variables: '{"count":2}' } });
    expect(decodedOf(records).map((d) => [d.protocol, d.type, d.id, d.operationName])).toEqual([
      ['graphql-sse', 'next', undefined, 'Ticks'],
      ['graphql-sse', 'next', undefined, 'Ticks'],
      ['graphql-sse', 'complete', undefined, 'Ticks'],
    ]);
    expect(decodedOf(records)[1]!.payload).toEqual({ data: { ticks: { n: 2, message: 'tick 2 of 2' } } });
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'stream-ended' });
    expect(server.httpRequests.slice(before)).toEqual([{ method: 'POST', status: 200 }]);
  });

  it('single connection: PUT reserves, GET listens, POST subscribes; events carry the id; done once complete', async () => {
    const before = server.httpRequests.length;
    const records = await run({
      url: server.httpUrl,
      graphql: { query: TICKS, variables: '{"count":2}', sseMode: 'single' },
    });
    expect(records[0]).toMatchObject({
      kind: 'state',
      message: expect.stringMatching(/graphql-sse single connection, stream token \S+\)$/),
    });
    expect(decodedOf(records).map((d) => [d.type, d.id, d.operationName])).toEqual([
      ['next', '1', 'Ticks'],
      ['next', '1', 'Ticks'],
      ['complete', '1', 'Ticks'],
    ]);
    expect(decodedOf(records)[0]!.payload).toEqual({ data: { ticks: { n: 1, message: 'tick 1 of 2' } } });
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'closed-by-user' });
    // Listed as each request ends: the GET (its stream) last.
    await expect
      .poll(() => server.httpRequests.slice(before))
      .toEqual([
        { method: 'PUT', status: 201 },
        { method: 'POST', status: 202 },
        { method: 'GET', status: 200 },
      ]);
  });

  it('single connection: a refused operation is a fatal error record with the status and the errors', async () => {
    const records = await run({ url: server.httpUrl, graphql: { query: 'subscription {', sseMode: 'single' } });
    expect(records.find((r) => r.kind === 'error')).toMatchObject({
      code: 'http-status',
      status: 400,
      fatal: true,
      message: expect.stringMatching(/^graphql-sse: the operation \(POST\) answered HTTP 400: .*Syntax Error/),
    });
  });
});

describe('decoding never changes what is recorded', () => {
  it('graphql-ws: the file holds the frames as sent, and a replay decodes them to the same records', async () => {
    const file = join(dir, 'ws.ssrec');
    const live = await run({ url: server.wsUrl, graphql: { query: TICKS, variables: '{"count":2}' } }, file);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('"decoded"');
    const sent = live.flatMap((r) => (r.kind === 'frame' && r.opcode === 'text' ? [r.data] : []));
    for (const data of sent) expect(text).toContain(JSON.stringify(data));
    const replayed = deriveRecords(await readRecordingFile(file), 'live');
    const frames = (rs: StreamRecord[]) => comparable(rs.filter((r) => r.kind === 'frame'));
    expect(frames(replayed)).toEqual(frames(live));
  });

  it('graphql-sse (both modes): the chunks are the bytes sent, and a replay decodes them to the same events', async () => {
    for (const sseMode of ['distinct', 'single'] as const) {
      const file = join(dir, `sse-${sseMode}.ssrec`);
      const live = await run(
        { url: server.httpUrl, graphql: { query: TICKS, variables: '{"count":2}', sseMode } },
        file,
      );
      const recording = await readRecordingFile(file);
      const bytes = Buffer.concat(recording.records.flatMap((r) => (r.kind === 'chunk' ? [Buffer.from(r.bytes)] : [])));
      expect(bytes.toString('utf8')).toContain('event: next\ndata: ');
      expect(readFileSync(file, 'utf8')).not.toContain('"decoded"');
      const events = (rs: StreamRecord[]) => comparable(rs.filter((r) => r.kind === 'event'));
      expect(events(deriveRecords(recording, 'live'))).toEqual(events(live));
      expect(decodedOf(live).filter((d) => d.type === 'next')).toHaveLength(2);
    }
  });
});

describe('replay --serve speaks graphql-ws', () => {
  it("graphql-ws's own client connects to the replay and receives the recorded results", async () => {
    const file = join(dir, 'ws-for-serve.ssrec');
    const live = await run({ url: server.wsUrl, graphql: { query: TICKS, variables: '{"count":3}' } }, file);
    const recorded = decodedOf(live)
      .filter((d) => d.type === 'next')
      .map((d) => d.payload);
    replay = await startReplayServer(await readRecordingFile(file), { speed: 0 });
    const client = createClient({ url: replay.url, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    try {
      const received: unknown[] = [];
      // A query of the client's own: the replay answers with the recorded operation whatever it asks.
      for await (const result of client.iterate({ query: TICKS, variables: { count: 3 } })) received.push(result);
      expect(received).toEqual(recorded);
      expect(received).toHaveLength(3);
    } finally {
      await client.dispose();
    }
  });

  it('graphql-sse distinct connections: its own client gets the recorded results from the replay', async () => {
    const file = join(dir, 'sse-for-serve.ssrec');
    const live = await run({ url: server.httpUrl, graphql: { query: TICKS, variables: '{"count":2}' } }, file);
    const recorded = decodedOf(live)
      .filter((d) => d.type === 'next')
      .map((d) => d.payload);
    replay = await startReplayServer(await readRecordingFile(file), { speed: 0 });
    const client = createSseClient({ url: replay.url, retryAttempts: 0 });
    try {
      const received: unknown[] = [];
      for await (const result of client.iterate({ query: TICKS, variables: { count: 2 } })) received.push(result);
      expect(received).toEqual(recorded);
    } finally {
      client.dispose();
    }
  });

  it('graphql-sse single connection: its own client gets the recorded results, whichever mode was recorded', async () => {
    for (const sseMode of ['distinct', 'single'] as const) {
      const file = join(dir, `sse-${sseMode}-for-single.ssrec`);
      const live = await run(
        { url: server.httpUrl, graphql: { query: TICKS, variables: '{"count":3}', sseMode } },
        file,
      );
      const recorded = decodedOf(live)
        .filter((d) => d.type === 'next')
        .map((d) => d.payload);
      expect(recorded).toHaveLength(3);
      replay = await startReplayServer(await readRecordingFile(file), { speed: 0 });
      // Two single connection clients (each reserves its own stream, gets the results under its own
      // operation id), then a distinct connections one.
      for (const singleConnection of [true, true, false]) {
        const client = createSseClient({ url: replay.url, singleConnection, retryAttempts: 0 });
        try {
          const received: unknown[] = [];
          for await (const result of client.iterate({ query: TICKS })) received.push(result);
          expect(received, `${sseMode} recording, singleConnection ${singleConnection}`).toEqual(recorded);
        } finally {
          client.dispose();
        }
      }
      await replay.close();
      replay = undefined;
    }
  });

  it('graphql-sse single connection: a token the replay never gave out is refused, DELETE stops an operation', async () => {
    const file = join(dir, 'sse-slow-for-single.ssrec');
    await run({ url: server.httpUrl, graphql: { query: TICKS, variables: '{"count":2}', sseMode: 'single' } }, file);
    // Recorded gaps stretched: the operation is still playing when it is stopped.
    replay = await startReplayServer(await readRecordingFile(file), { speed: 0.001 });
    const unknown = await fetch(replay.url, { headers: { 'x-graphql-event-stream-token': 'nope' } });
    expect([unknown.status, await unknown.text()]).toEqual([404, 'no stream reserved with this token\n']);
    const put = await fetch(replay.url, { method: 'PUT' });
    expect(put.status).toBe(201);
    const headers = { 'x-graphql-event-stream-token': await put.text() };
    const stream = await fetch(replay.url, { headers });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const body = JSON.stringify({ query: TICKS, extensions: { operationId: 'op-1' } });
    expect((await fetch(replay.url, { method: 'POST', headers, body })).status).toBe(202);
    expect((await fetch(replay.url, { method: 'POST', headers, body })).status).toBe(409);
    expect((await fetch(`${replay.url}?operationId=op-1`, { method: 'DELETE', headers })).status).toBe(200);
    // Stopped: the id is free again.
    expect((await fetch(replay.url, { method: 'POST', headers, body })).status).toBe(202);
    await stream.body?.cancel();
  });
});
