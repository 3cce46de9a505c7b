/**
 * LLM-style token streams in the two shapes of ../fixtures: OpenAI chat completion chunks
 * (untyped, ending in the non-JSON `[DONE]` sentinel) and Anthropic Messages (every event typed).
 * Both answer POST as the real APIs do, and GET for a browser's EventSource; the request body is
 * read and ignored.
 */
import type { Scenario, ScenarioContext } from './types';
import type { SseStream } from '../sse-stream';

/** The reply both shapes stream; multi-byte characters on purpose. */
export const LLM_REPLY = 'Server-sent events stream a reply token by token — héllo, wörld ✓';

/** Split into word-ish tokens with their leading space, as tokenizers tend to. */
export function llmTokens(text: string = LLM_REPLY): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

let responseCounter = 0;

/** Write `blocks` one after another, `delay` ms apart, then end. */
function sendSpaced(stream: SseStream, blocks: string[], delay: number): void {
  let i = 0;
  const next = (): void => {
    if (stream.closed) return;
    stream.write(blocks[i]!, 1);
    i++;
    if (i >= blocks.length) stream.end();
    else stream.timers.after(delay, next);
  };
  next();
}

function readDelay(ctx: ScenarioContext): number {
  return ctx.query.number('delay', { default: 50, min: 0, max: 10_000 });
}

function data(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

export const openaiChat: Scenario = {
  name: 'openai-chat',
  method: 'POST',
  query: 'delay=50',
  description:
    'OpenAI-style chat.completion.chunk stream, one token per chunk every `delay` ms, ending in data: [DONE]',
  handle(ctx) {
    const delay = readDelay(ctx);
    ctx.req.resume();
    const stream = ctx.open();
    const id = `chatcmpl-demo${++responseCounter}`;
    const base = {
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: 'demo-gpt-mini',
    };
    const tokens = llmTokens();
    const blocks = [
      data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
      ...tokens.map((content) => data({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
      data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      data({
        ...base,
        choices: [],
        usage: { prompt_tokens: 9, completion_tokens: tokens.length, total_tokens: 9 + tokens.length },
      }),
      'data: [DONE]\n\n',
    ];
    sendSpaced(stream, blocks, delay);
  },
};

function typed(event: string, value: unknown): string {
  return `event: ${event}\n${data(value)}`;
}

export const anthropicMessages: Scenario = {
  name: 'anthropic-messages',
  method: 'POST',
  query: 'delay=50',
  description:
    'Anthropic-style Messages stream: typed events (message_start, content_block_delta, ping, ...) every `delay` ms',
  handle(ctx) {
    const delay = readDelay(ctx);
    ctx.req.resume();
    const stream = ctx.open();
    const tokens = llmTokens();
    const message = {
      id: `msg_demo${++responseCounter}`,
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'demo-claude',
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 9, output_tokens: 1 },
    };
    const blocks = [
      typed('message_start', { type: 'message_start', message }),
      typed('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: '' },
      }),
      typed('ping', { type: 'ping' }),
      ...tokens.map((text) =>
        typed('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
      ),
      typed('content_block_stop', { type: 'content_block_stop', index: 0 }),
      typed('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: tokens.length },
      }),
      typed('message_stop', { type: 'message_stop' }),
    ];
    sendSpaced(stream, blocks, delay);
  },
};
