import { describe, expect, it } from 'vitest';
import { createAssembler, MAX_ASSEMBLED_CHARS } from '../../src/renderer/features/assemble/assemble-model';
import type { StreamRecord } from '../../src/shared/records';

let seq = 0;
const event = (data: string, type = 'message'): StreamRecord => ({
  kind: 'event',
  sessionId: 's',
  seq: seq++,
  t: 1_700_000_000_000 + seq,
  connection: 1,
  type,
  data,
  lastEventId: '',
  id: null,
  chunks: [0, 0],
  size: data.length,
});
const openai = (content: string) =>
  JSON.stringify({
    id: 'chatcmpl-9x1',
    object: 'chat.completion.chunk',
    created: 1732700000,
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });
const anthropic = (text: string) =>
  JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });

describe('assembler', () => {
  it('auto-detects the OpenAI shape, skips the role chunk and the [DONE] sentinel', () => {
    const a = createAssembler('auto');
    const role = JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] });
    for (const d of [role, openai('Server'), openai('-sent'), openai(' events'), '[DONE]']) a.consume(event(d));
    expect(a.text).toBe('Server-sent events');
    expect(a.activePath).toBe('choices[0].delta.content');
    expect(a.pieces).toBe(3);
    expect(a.messages).toBe(5);
  });

  it('auto-detects the Anthropic shape after untyped-for-us events like message_start and ping', () => {
    const a = createAssembler('auto');
    a.consume(event(JSON.stringify({ type: 'message_start', message: { id: 'msg_1', content: [] } }), 'message_start'));
    a.consume(event(JSON.stringify({ type: 'ping' }), 'ping'));
    a.consume(event(anthropic('Hello'), 'content_block_delta'));
    a.consume(event(anthropic(', streams — ünïcödé'), 'content_block_delta'));
    a.consume(event(JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' } }), 'message_delta'));
    expect(a.text).toBe('Hello, streams — ünïcödé');
    expect(a.activePath).toBe('delta.text');
  });

  it('auto-detects Ollama NDJSON lines and reads done, done_reason and the eval counts', () => {
    const a = createAssembler('auto');
    const line = (content: string, done = false, extra = {}) =>
      JSON.stringify({ model: 'llama3.2', message: { role: 'assistant', content }, done, ...extra });
    a.consume(event(line('Héllo')));
    expect(a.ending).toBeNull();
    a.consume(event(line(', wörld ✓')));
    a.consume(event(line('', true, { done_reason: 'stop', prompt_eval_count: 26, eval_count: 2 })));
    expect(a.activePath).toBe('message.content');
    expect(a.text).toBe('Héllo, wörld ✓');
    expect(a.ending).toEqual({ reason: 'stop', inputTokens: 26, outputTokens: 2 });
  });

  it('reads how an OpenAI or Anthropic reply finished; no ending before one is said', () => {
    const o = createAssembler('auto');
    o.consume(event(openai('Hi')));
    expect(o.ending).toBeNull();
    o.consume(event(JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'length' }] })));
    o.consume(event(JSON.stringify({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 1 } })));
    expect(o.ending).toEqual({ reason: 'length', inputTokens: 9, outputTokens: 1 });
    const an = createAssembler('auto');
    an.consume(
      event(JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } })),
    );
    expect(an.ending).toEqual({ reason: 'end_turn', inputTokens: null, outputTokens: 7 });
  });

  it('grows incrementally: text read between messages is the prefix so far', () => {
    const a = createAssembler('delta.text');
    expect(a.consume(event(anthropic('ab')))).toBe(true);
    expect(a.text).toBe('ab');
    expect(a.consume(event(JSON.stringify({ delta: { text: 5 } })))).toBe(false);
    a.consume(event(anthropic('cd')));
    expect(a.text).toBe('abcd');
  });

  it('reads inbound WebSocket text frames, not outbound ones', () => {
    const a = createAssembler('msg');
    const frame = (dir: 'in' | 'out', data: string): StreamRecord => ({
      kind: 'frame',
      sessionId: 's',
      seq: seq++,
      t: 0,
      connection: 1,
      dir,
      opcode: 'text',
      data,
      size: data.length,
    });
    a.consume(frame('out', '{"msg":"no"}'));
    a.consume(frame('in', '{"msg":"yes"}'));
    expect(a.text).toBe('yes');
  });

  it('starts over on reset and refuses a path that does not parse', () => {
    const a = createAssembler('auto');
    a.consume(event(openai('x')));
    a.reset();
    expect(a.text).toBe('');
    expect(a.activePath).toBeNull();
    a.consume(event(anthropic('y')));
    expect(a.activePath).toBe('delta.text');
    expect(() => createAssembler('a..b')).toThrow();
  });

  it('stops growing at the character limit and says so', () => {
    const a = createAssembler('delta.text');
    const big = 'x'.repeat(400_000);
    for (let i = 0; i < 6; i++) a.consume(event(anthropic(big)));
    expect(a.text.length).toBe(MAX_ASSEMBLED_CHARS);
    expect(a.truncated).toBe(true);
    expect(a.pieces).toBe(6);
  });
});
