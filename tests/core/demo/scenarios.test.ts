import { readFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { until } from '../../support/wait';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { SCENARIOS } from '../../../src/core/demo/scenarios';
import { LLM_REPLY, LLM_TOOL } from '../../../src/core/demo/scenarios/llm';
import type { StreamRecord } from '../../../src/shared/records';
import { collectSse, countEvents, eventsOf, ofKind } from './helpers';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const tested = new Set<string>();
/** A test for one scenario; the last test checks every registered scenario has one. */
function scenario(name: string, title: string, fn: () => Promise<void>): void {
  tested.add(name);
  it(`${name}: ${title}`, fn);
}

const url = (path: string): string => `${server.url}/scenarios/${path}`;
const once = (
  path: string,
  extra: Partial<Parameters<typeof collectSse>[0]> = {},
  options: Parameters<typeof collectSse>[1] = {},
): Promise<StreamRecord[]> => collectSse({ url: url(path), reconnect: false, ...extra }, options);
const rawText = (records: StreamRecord[]): string =>
  Buffer.concat(ofKind(records, 'chunk').map((c) => c.bytes)).toString('utf8');
const lastState = (records: StreamRecord[]) => ofKind(records, 'state').at(-1);
const REPLY = 'Server-sent events stream a reply token by token — héllo, wörld ✓';

describe('the scenario catalogue', () => {
  it('lists every scenario with a one-line description, a path and a method', async () => {
    const res = await fetch(`${server.url}/scenarios`);
    const list = (await res.json()) as Array<{ name: string; description: string; path: string; method: string }>;
    expect(list.map((s) => s.name)).toEqual(SCENARIOS.map((s) => s.name));
    expect(list).toEqual(server.scenarios());
    for (const s of list) {
      expect(s.description).toMatch(/^[^\n]{10,140}$/);
      expect(s.path.startsWith(`/scenarios/${s.name}`)).toBe(true);
      expect(['GET', 'POST']).toContain(s.method);
    }
  });

  it('answers an unknown scenario with 404 and a bad parameter with 400', async () => {
    const missing = await fetch(url('no-such-thing'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/^no such scenario: no-such-thing/);
    const bad = await fetch(url('firehose?rate=-1'));
    expect(bad.status).toBe(400);
    expect((await bad.text()).trimEnd()).toMatch(/^bad query parameter "rate"[^\n]*$/);
  });
});

describe('scenarios, each read with the core SSE engine', () => {
  scenario('typed-events', 'dispatches `event: notification` events', async () => {
    const events = eventsOf(await once('typed-events?count=3&interval=10'));
    expect(events.map((e) => e.type)).toEqual(['notification', 'notification', 'notification']);
    expect(events.map((e) => (JSON.parse(e.data) as { n: number }).n)).toEqual([1, 2, 3]);
  });

  scenario('resume', 'continues after the Last-Event-ID and answers 204 when nothing is left', async () => {
    const first = eventsOf(await once('resume?count=5&interval=10', {}, { until: countEvents(2) }));
    expect(first.map((e) => e.id)).toEqual(['1', '2']);
    const second = await once('resume?count=5&interval=10', { lastEventId: first.at(-1)!.lastEventId });
    expect(ofKind(second, 'state')[0]).toMatchObject({ lastEventId: '2' });
    expect(eventsOf(second).map((e) => e.id)).toEqual(['3', '4', '5']);
    expect(JSON.parse(eventsOf(second)[0]!.data)).toMatchObject({ n: 3, resumedAfter: '2' });
    const third = await once('resume?count=5&interval=10', { lastEventId: '5' });
    expect(ofKind(third, 'response')[0]!.status).toBe(204);
    expect(lastState(third)).toMatchObject({ readyState: 2, reason: 'http-status' });
  });

  scenario('retry', 'sets the reconnection time, ignoring the invalid retry line', async () => {
    const records = await collectSse({ url: url('retry?ms=40') }, { until: countEvents(2) });
    expect(ofKind(records, 'retry').map((r) => r.ms)).toEqual([40, 40]);
    const waiting = ofKind(records, 'state').find((s) => s.reason === 'waiting-retry');
    expect(waiting?.delayMs).toBe(40);
    const attempts = eventsOf(records).map((e) => JSON.parse(e.data) as { attempt: number; retry: number });
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, retry: 40 }),
      expect.objectContaining({ attempt: 2, retry: 40 }),
    ]);
  });

  scenario('multiline', 'joins data lines with newlines, keeping empty lines and extra spaces', async () => {
    const events = eventsOf(await once('multiline'));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['message', 'first line\nsecond line\n\n two leading spaces, one kept\nno space after the colon\n'],
      ['json', '{\n  "pretty": "printed JSON",\n  "lines": 4\n}'],
    ]);
    expect(JSON.parse(events[1]!.data)).toEqual({ pretty: 'printed JSON', lines: 4 });
  });

  scenario('heartbeat', 'sends comment heartbeats that are not events', async () => {
    const records = await once('heartbeat?interval=20&eventInterval=90&duration=0.35');
    const comments = ofKind(records, 'comment').map((c) => c.text);
    expect(comments[0]).toBe('ok');
    expect(comments.slice(1, 4)).toEqual(['heartbeat 1', 'heartbeat 2', 'heartbeat 3']);
    const events = eventsOf(records);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(comments.length).toBeGreaterThan(events.length + 2);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ message: 'tick', n: 1 });
  });

  const endingEvents = (label: string) => [
    { type: 'notification', id: '1', data: `{"message":"first","ending":"${label}"}` },
    { type: 'message', id: '2', data: 'line one\nline two' },
  ];

  scenario('crlf', 'parses CRLF line endings like LF', async () => {
    const records = await once('crlf');
    expect(rawText(records)).toContain('\r\n\r\n');
    expect(eventsOf(records).map(({ type, id, data }) => ({ type, id, data }))).toEqual(endingEvents('CRLF'));
    expect(ofKind(records, 'retry').map((r) => r.ms)).toEqual([2000]);
    expect(ofKind(records, 'comment').map((c) => c.text)).toEqual(['CRLF line endings']);
  });

  scenario('cr', 'parses bare CR line endings like LF', async () => {
    const records = await once('cr');
    expect(rawText(records)).not.toContain('\n');
    expect(eventsOf(records).map(({ type, id, data }) => ({ type, id, data }))).toEqual(endingEvents('CR'));
    expect(ofKind(records, 'retry').map((r) => r.ms)).toEqual([2000]);
  });

  scenario('bom', 'drops the leading byte order mark', async () => {
    const records = await once('bom');
    expect([...ofKind(records, 'chunk')[0]!.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(eventsOf(records).map((e) => e.data)).toEqual(['{"message":"after the BOM"}', 'second']);
  });

  scenario('disconnect', 'drops the connection every N events; the client resumes to the end', async () => {
    const records = await collectSse(
      { url: url('disconnect?after=2&count=5&interval=5&retry=30') },
      { timeoutMs: 8000 },
    );
    const events = eventsOf(records);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(events.map((e) => e.connection)).toEqual([1, 1, 2, 2, 3]);
    const reconnects = ofKind(records, 'state').filter((s) => s.reason === 'reconnecting');
    expect(reconnects.map((s) => s.lastEventId)).toEqual(['2', '4', '5']);
    // The fourth connection finds nothing left: 204, which ends it for good.
    expect(ofKind(records, 'response').map((r) => r.status)).toEqual([200, 200, 200, 204]);
    expect(lastState(records)).toMatchObject({ readyState: 2 });
    // idEvery: events in between carry no id and keep the last one.
    const sparse = eventsOf(await once('disconnect?after=4&count=4&interval=5&idEvery=2'));
    expect(sparse.map((e) => e.id ?? null)).toEqual([null, '2', null, '4']);
    expect(sparse.map((e) => e.lastEventId)).toEqual(['', '2', '2', '4']);
  });

  scenario('status-204', 'ends the connection without reconnecting', async () => {
    const records = await collectSse({ url: url('status-204') });
    expect(ofKind(records, 'response')[0]!.status).toBe(204);
    expect(ofKind(records, 'state').filter((s) => s.reason === 'reconnecting')).toEqual([]);
    expect(lastState(records)).toMatchObject({ readyState: 2, reason: 'http-status' });
  });

  scenario('status-401', 'fails with a JSON body, and streams with the demo token', async () => {
    const denied = await collectSse({ url: url('status-401') });
    const head = ofKind(denied, 'response')[0]!;
    expect(head.status).toBe(401);
    expect(head.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(head.body ?? 'null')).toMatchObject({ error: { type: 'authentication_error' } });
    expect(ofKind(denied, 'error')[0]).toMatchObject({ fatal: true });
    const allowed = await once('status-401', { headers: [['Authorization', 'Bearer demo-token']] });
    expect(JSON.parse(eventsOf(allowed)[0]!.data)).toMatchObject({ message: 'authorized' });
  });

  scenario('status-500', 'fails the connection for good', async () => {
    const records = await collectSse({ url: url('status-500') });
    expect(ofKind(records, 'response')[0]!.status).toBe(500);
    expect(ofKind(records, 'error')[0]).toMatchObject({ code: 'http-status', fatal: true });
    expect(lastState(records)).toMatchObject({ readyState: 2, reason: 'http-status' });
  });

  scenario('wrong-content-type', 'fails on text/plain even though the body looks like SSE', async () => {
    const records = await collectSse({ url: url('wrong-content-type') });
    expect(ofKind(records, 'response')[0]!.headers['content-type']).toMatch(/^text\/plain/);
    expect(ofKind(records, 'error')[0]).toMatchObject({ code: 'content-type', fatal: true });
    expect(eventsOf(records)).toEqual([]);
  });

  scenario('slow-drip', 'arrives in many small chunks and still decodes (UTF-8 included)', async () => {
    const records = await once('slow-drip?delay=2', {}, { timeoutMs: 10_000 });
    expect(eventsOf(records).map((e) => [e.type, e.id, e.data])).toEqual([
      ['message', '1', '{"message":"héllo wörld — ✓ byte by byte"}'],
      ['notification', '2', 'done'],
    ]);
    expect(ofKind(records, 'chunk').length).toBeGreaterThan(20);
  });

  scenario('big-event', 'delivers 1 MiB events whole', async () => {
    const events = eventsOf(await once('big-event?count=2', {}, { timeoutMs: 10_000 }));
    expect(events).toHaveLength(2);
    const pattern = '0123456789abcdefghijklmnopqrstuvwxyz';
    for (const e of events) {
      expect(e.data.length).toBe(1024 * 1024);
      expect(e.size).toBe(1024 * 1024);
      expect(e.data.startsWith(pattern + pattern)).toBe(true);
      expect(e.data.slice(-10)).toBe(
        pattern.repeat(Math.ceil((1024 * 1024) / 36)).slice(1024 * 1024 - 10, 1024 * 1024),
      );
    }
    const small = eventsOf(await once('big-event?size=10'));
    expect(small.map((e) => e.data)).toEqual(['0123456789']);
  });

  scenario('firehose', 'sends `count` ~100 B events with consecutive ids as fast as the client reads', async () => {
    const events = eventsOf(await once('firehose?count=20000', {}, { timeoutMs: 15_000 }));
    expect(events).toHaveLength(20000);
    events.forEach((e, i) => {
      if (e.id !== String(i + 1)) throw new Error(`event ${i} has id ${e.id}`);
    });
    const sample = JSON.parse(events[19999]!.data) as { n: number; sentAt: number };
    expect(sample.n).toBe(20000);
    expect(Math.abs(sample.sentAt - Date.now())).toBeLessThan(15_000);
    expect(events[9999]!.size + 'id: 10000\ndata: \n\n'.length).toBeGreaterThanOrEqual(95);
    expect(events[9999]!.size + 'id: 10000\ndata: \n\n'.length).toBeLessThanOrEqual(105);
  });

  it('firehose: paces events at `rate` per second and stops at `duration`', async () => {
    const started = Date.now();
    const paced = eventsOf(await once('firehose?rate=200&count=20'));
    expect(paced).toHaveLength(20);
    // 20 events at 200/s: the last is due 95 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    const bounded = eventsOf(await once('firehose?rate=20&count=1000&duration=0.3'));
    expect(bounded.length).toBeGreaterThanOrEqual(2);
    expect(bounded.length).toBeLessThanOrEqual(9);
  });

  it('firehose: waits for a reader that stopped reading instead of queueing without bound', async () => {
    const before = server.metrics().bytesSent;
    const req = get(url('firehose?count=100000000&duration=20'));
    const res = await new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
    res.pause();
    await new Promise((r) => setTimeout(r, 400));
    const queued = server.metrics().bytesSent - before;
    req.destroy();
    // Socket buffers on loopback hold a few MiB; without backpressure this would be hundreds.
    expect(queued).toBeGreaterThan(10_000);
    expect(queued).toBeLessThan(32 * 1024 * 1024);
    await until('the firehose connection to close', () => server.metrics().sseConnections === 0, 3000);
  });

  scenario('openai-chat', 'streams chat.completion.chunk tokens ending in [DONE], answering POST', async () => {
    const records = await once('openai-chat?delay=1', {
      method: 'POST',
      headers: [
        ['Content-Type', 'application/json'],
        ['Authorization', 'Bearer sk-demo'],
      ],
      body: JSON.stringify({ model: 'demo', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    const events = eventsOf(records);
    expect(events.every((e) => e.type === 'message' && e.id === null)).toBe(true);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.data) as {
          object: string;
          choices: Array<{ delta: { content?: string; role?: string }; finish_reason: string | null }>;
        },
    );
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(REPLY);
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    const viaGet = eventsOf(await once('openai-chat?delay=0'));
    expect(viaGet.at(-1)!.data).toBe('[DONE]');
  });

  scenario('anthropic-messages', 'streams typed Messages events token by token', async () => {
    const events = eventsOf(
      await once('anthropic-messages?delay=1', {
        method: 'POST',
        body: '{"messages":[]}',
        headers: [['Content-Type', 'application/json']],
      }),
    );
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    const deltas = events
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => JSON.parse(e.data) as { delta: { text: string } });
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.map((d) => d.delta.text).join('')).toBe(REPLY);
    for (const e of events) expect((JSON.parse(e.data) as { type: string }).type).toBe(e.type);
  });

  const post = (path: string) =>
    once(path, { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] });
  const datas = (records: StreamRecord[]) => eventsOf(records).map((e) => e.data);

  scenario('openai-responses', 'streams typed Responses API events, a function call with tools=1', async () => {
    const events = eventsOf(await post('openai-responses?delay=1&tools=1'));
    const parsed = events.map((e) => JSON.parse(e.data) as Record<string, unknown> & { type: string });
    for (const [i, e] of events.entries()) expect(parsed[i]!.type).toBe(e.type);
    expect(parsed.map((p) => p.sequence_number)).toEqual(parsed.map((_, i) => i));
    expect(events[0]!.type).toBe('response.created');
    const text = parsed.filter((p) => p.type === 'response.output_text.delta').map((p) => p.delta as string);
    expect(text.join('')).toBe(LLM_REPLY);
    const args = parsed.filter((p) => p.type === 'response.function_call_arguments.delta').map((p) => p.delta);
    expect(args.join('')).toBe(LLM_TOOL.arguments);
    expect(parsed.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { status: 'completed', usage: { input_tokens: 9, output_tokens: text.length } },
    });
  });

  scenario('gemini', 'streams alt=sse candidates, a functionCall part, then finishReason and usage', async () => {
    const chunks = datas(await post('gemini?alt=sse&delay=1&tools=1')).map(
      (d) =>
        JSON.parse(d) as {
          candidates: Array<{ content: { parts: Array<Record<string, unknown>> }; finishReason?: string }>;
          usageMetadata?: unknown;
        },
    );
    const parts = chunks.flatMap((c) => c.candidates[0]!.content.parts);
    expect(parts.map((p) => p.text ?? '').join('')).toBe(LLM_REPLY);
    expect(parts.find((p) => p.functionCall)).toEqual({
      functionCall: { name: LLM_TOOL.name, args: JSON.parse(LLM_TOOL.arguments) },
    });
    expect(chunks.at(-1)!.candidates[0]!.finishReason).toBe('STOP');
    expect(chunks.at(-1)!.usageMetadata).toMatchObject({ promptTokenCount: 9 });
  });

  it('tools=1 adds tool-call argument deltas to OpenAI Chat and Anthropic; cut=1 ends inside them', async () => {
    const chat = datas(await post('openai-chat?delay=1&tools=1'));
    expect(chat.at(-1)).toBe('[DONE]');
    const calls = chat
      .slice(0, -1)
      .map(
        (d) =>
          JSON.parse(d) as {
            choices: Array<{
              delta: { tool_calls?: Array<{ function: { arguments?: string } }> };
              finish_reason: string | null;
            }>;
          },
      )
      .filter((c) => c.choices.length);
    expect(calls.map((c) => c.choices[0]!.delta.tool_calls?.[0]?.function.arguments ?? '').join('')).toBe(
      LLM_TOOL.arguments,
    );
    expect(calls.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');

    const cut = await post('anthropic-messages?delay=1&cut=1');
    const pieces = eventsOf(cut)
      .map((e) => JSON.parse(e.data) as { delta?: { type: string; partial_json?: string } })
      .filter((e) => e.delta?.type === 'input_json_delta')
      .map((e) => e.delta!.partial_json);
    const received = pieces.join('');
    expect(LLM_TOOL.arguments.startsWith(received)).toBe(true);
    expect(received.length).toBeLessThan(LLM_TOOL.arguments.length);
    expect(eventsOf(cut).at(-1)!.type).toBe('content_block_delta'); // no message_stop: the stream was cut
  });

  const fixtureDir = join(__dirname, '../../../src/core/demo/fixtures');
  const fixtureEvents: Record<string, number> = {
    'openai-chat-completions': 7,
    'anthropic-messages': 8,
    'wikimedia-recentchange': 2,
    'mcp-streamable-http': 3,
    'crlf-heartbeats': 2,
    'ollama-chat': 13,
  };
  for (const [name, count] of Object.entries(fixtureEvents)) {
    scenario(`fixture/${name}`, 'serves the fixture file byte for byte', async () => {
      const records = await once(`fixture/${name}`);
      const raw = Buffer.concat(ofKind(records, 'chunk').map((c) => c.bytes));
      const file = name === 'ollama-chat' ? `${name}.ndjson` : `${name}.sse`;
      expect(raw.equals(readFileSync(join(fixtureDir, file)))).toBe(true);
      expect(eventsOf(records)).toHaveLength(count);
    });
  }

  scenario('ollama-chat', 'streams Ollama-style NDJSON lines ending in done: true with eval counts', async () => {
    const records = await once('ollama-chat?delay=1', { method: 'POST', body: '{"model":"demo","messages":[]}' });
    expect(records.find((r) => r.kind === 'response')).toMatchObject({
      framing: 'ndjson',
      headers: expect.objectContaining({ 'content-type': 'application/x-ndjson' }),
    });
    const lines = eventsOf(records).map((e) => JSON.parse(e.data) as { message: { content: string }; done: boolean });
    expect(lines.map((l) => l.message.content).join('')).toBe(LLM_REPLY);
    expect(lines.slice(0, -1).every((l) => !l.done)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: lines.length - 1 });
    // Ollama's own path answers the same way.
    const viaApi = await collectSse({ url: `${server.url}/api/chat?delay=0`, method: 'POST', body: '{}' });
    expect(eventsOf(viaApi)).toHaveLength(lines.length);
  });

  it('every registered scenario has a test here', () => {
    expect(SCENARIOS.map((s) => s.name).filter((n) => !tested.has(n))).toEqual([]);
  });

  it('no stream is left open after the scenarios', async () => {
    await until('open SSE connections to reach 0', () => server.metrics().sseConnections === 0, 3000);
  });
});
