/**
 * LLM streams per provider shape: text and ending (assembler), timing and tool calls assembled
 * from their deltas (llm-stream), and tool arguments cut by a broken stream.
 */
import { describe, expect, it } from 'vitest';
import { createAssembler } from '../../src/renderer/features/assemble/assemble-model';
import { createLlmStream, parseArguments, replyFigures } from '../../src/renderer/features/assemble/llm-stream';
import type { StreamRecord } from '../../src/shared/records';

const T0 = 1_700_000_000_000;
let seq = 0;
const at = (t: number, value: unknown, type = 'message'): StreamRecord => {
  const data = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    kind: 'event',
    sessionId: 's',
    seq: seq++,
    t: T0 + t,
    connection: 1,
    type,
    data,
    lastEventId: '',
    id: null,
    chunks: [0, 0],
    size: data.length,
  };
};
const response = (requestSentAt: number): StreamRecord => ({
  kind: 'response',
  sessionId: 's',
  seq: seq++,
  t: T0 + requestSentAt + 5,
  connection: 1,
  status: 200,
  statusText: 'OK',
  headers: {},
  url: 'http://127.0.0.1/x',
  redirected: false,
  requestSentAt: T0 + requestSentAt,
});

const ARGS = '{"city":"Paris","unit":"celsius","days":[1,2]}';
const PIECES = ['{"city":"', 'Paris","u', 'nit":"cel', 'sius","da', 'ys":[1,2]', '}'];

/** Feed records to both the text assembler and the stream follower. */
function run(records: StreamRecord[]) {
  const a = createAssembler('auto');
  const s = createLlmStream();
  for (const r of records) {
    a.consume(r);
    s.consume(r);
  }
  return { a, s };
}

describe('OpenAI Chat Completions', () => {
  const chunk = (delta: unknown, finish: string | null = null) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  it('assembles text and a tool call from its deltas, with timing and usage', () => {
    const { a, s } = run([
      response(0),
      at(100, chunk({ role: 'assistant', content: '' })),
      at(300, chunk({ content: 'Hel' })),
      at(350, chunk({ content: 'lo' })),
      at(
        400,
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        }),
      ),
      ...PIECES.map((p, i) => at(450 + i * 50, chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }))),
      at(800, chunk({}, 'tool_calls')),
      at(810, { id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 9, completion_tokens: 12 } }),
      at(820, '[DONE]'),
    ]);
    expect(a.text).toBe('Hello');
    expect(a.ending).toEqual({ reason: 'tool_calls', inputTokens: 9, outputTokens: 12 });
    expect(s.toolCalls).toEqual([{ key: '0', id: 'call_1', name: 'get_weather', arguments: ARGS }]);
    expect(s.timing).toEqual({
      startAt: T0,
      firstTokenAt: T0 + 300,
      lastTokenAt: T0 + 700,
      lastAt: T0 + 820,
      chunks: 2 + PIECES.length,
    });
    const f = replyFigures(s.timing);
    expect(f.ttftMs).toBe(300);
    expect(f.totalMs).toBe(820);
    expect(f.chunksPerSec).toBeCloseTo((7 * 1000) / 400); // 8 content chunks from 300 to 700 ms
  });
});

describe('OpenAI Responses API', () => {
  let n = 0;
  const ev = (type: string, fields: Record<string, unknown>) => ({ type, sequence_number: n++, ...fields });
  it('assembles output_text deltas only (never the arguments), the function call and the completed usage', () => {
    const { a, s } = run([
      at(0, ev('response.created', { response: { id: 'resp_1', status: 'in_progress' } })),
      at(50, ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, delta: 'Hi ' })),
      at(60, ev('response.output_text.delta', { item_id: 'msg_1', output_index: 0, delta: 'there' })),
      at(
        70,
        ev('response.output_item.added', {
          output_index: 1,
          item: { type: 'function_call', call_id: 'call_9', name: 'get_weather', arguments: '' },
        }),
      ),
      ...PIECES.map((delta, i) =>
        at(80 + i, ev('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 1, delta })),
      ),
      at(
        200,
        ev('response.completed', { response: { status: 'completed', usage: { input_tokens: 9, output_tokens: 14 } } }),
      ),
    ]);
    expect(a.text).toBe('Hi there');
    expect(a.activePath).toBe('delta');
    expect(a.ending).toEqual({ reason: 'completed', inputTokens: 9, outputTokens: 14 });
    expect(s.toolCalls).toEqual([{ key: '1', id: 'call_9', name: 'get_weather', arguments: ARGS }]);
    expect(s.timing.firstTokenAt).toBe(T0 + 50);
  });
});

describe('Anthropic Messages', () => {
  it('assembles text_delta text, the tool_use input from input_json_delta, and both token counts', () => {
    const { a, s } = run([
      at(
        0,
        { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 11, output_tokens: 1 } } },
        'message_start',
      ),
      at(
        10,
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        'content_block_start',
      ),
      at(
        20,
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Sure.' } },
        'content_block_delta',
      ),
      at(
        30,
        {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
        },
        'content_block_start',
      ),
      ...PIECES.map((partial_json, i) =>
        at(
          40 + i,
          { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json } },
          'content_block_delta',
        ),
      ),
      at(
        90,
        { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 20 } },
        'message_delta',
      ),
    ]);
    expect(a.text).toBe('Sure.');
    expect(a.ending).toEqual({ reason: 'tool_use', inputTokens: 11, outputTokens: 20 });
    expect(s.toolCalls).toEqual([{ key: '1', id: 'toolu_1', name: 'get_weather', arguments: ARGS }]);
    expect(s.timing.chunks).toBe(1 + PIECES.length);
  });
});

describe('Gemini (alt=sse)', () => {
  const cand = (parts: unknown[], extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
    candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }],
    ...top,
  });
  it('assembles text parts, reads a whole functionCall part, finishReason and usageMetadata', () => {
    const { a, s } = run([
      at(100, cand([{ text: 'Rain ' }])),
      at(200, cand([{ text: 'today' }])),
      at(300, cand([{ functionCall: { name: 'get_weather', args: JSON.parse(ARGS) } }])),
      at(
        400,
        cand(
          [{ text: '' }],
          { finishReason: 'STOP' },
          { usageMetadata: { promptTokenCount: 9, candidatesTokenCount: 3 } },
        ),
      ),
    ]);
    expect(a.text).toBe('Rain today');
    expect(a.ending).toEqual({ reason: 'STOP', inputTokens: 9, outputTokens: 3 });
    expect(s.toolCalls).toHaveLength(1);
    expect(s.toolCalls[0]!.name).toBe('get_weather');
    expect(JSON.parse(s.toolCalls[0]!.arguments)).toEqual(JSON.parse(ARGS));
  });
});

describe('tool-call arguments', () => {
  it('parses complete arguments', () => {
    expect(parseArguments(ARGS)).toEqual({ ok: true, value: { city: 'Paris', unit: 'celsius', days: [1, 2] } });
    expect(parseArguments('')).toEqual({ ok: true, value: {} });
  });

  it('marks where a cut stream stopped and shows what arrived as a closed tree', () => {
    const cut = PIECES.slice(0, 4).join(''); // {"city":"Paris","unit":"celsius","da
    const p = parseArguments(cut);
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.at).toBe(cut.length);
    expect(p.error).toBe(`cut at character ${cut.length}: the JSON is unfinished`);
    expect(p.partial).toEqual({ city: 'Paris', unit: 'celsius' });
    const midString = parseArguments('{"city":"Par');
    expect(!midString.ok && midString.partial).toEqual({ city: 'Par' });
    const midArray = parseArguments('{"days":[1,');
    expect(!midArray.ok && midArray.partial).toEqual({ days: [1] });
  });

  it('points at the offending character of arguments that are not JSON at all', () => {
    const p = parseArguments('{"a":1}}');
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.at).toBe(7);
    expect(p.partial).toBeNull();
  });

  it('bounds the calls it keeps', () => {
    const s = createLlmStream();
    for (let i = 0; i < 100; i++)
      s.consume(
        at(i, {
          choices: [{ index: 0, delta: { tool_calls: [{ index: i, function: { name: 'f', arguments: '{}' } }] } }],
        }),
      );
    expect(s.toolCalls).toHaveLength(64);
  });
});
