/**
 * LLM-style token streams in the shapes of the real APIs: OpenAI Chat Completions chunks
 * (untyped, ending in the non-JSON `[DONE]` sentinel), the OpenAI Responses API and Anthropic
 * Messages (every event typed), and Gemini's `alt=sse` (untyped candidates). Each answers POST
 * as the real API does, and GET for a browser's EventSource; the request body is read and
 * ignored. `tools=1` adds a tool call whose JSON arguments arrive in pieces; `cut=1` ends the
 * stream in the middle of those arguments, as a dropped connection would.
 */
import type { Scenario, ScenarioContext } from './types';
import { writeSpaced } from './pace';

/** The reply both shapes stream; multi-byte characters on purpose. */
export const LLM_REPLY = 'Server-sent events stream a reply token by token — héllo, wörld ✓';

/** Split into word-ish tokens with their leading space, as tokenizers tend to. */
export function llmTokens(text: string = LLM_REPLY): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

/** The tool call every shape makes with `tools=1`, and its arguments in stream-sized pieces. */
export const LLM_TOOL = { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius","days":[1,2]}' };
export function toolArgumentPieces(cut: boolean): string[] {
  const pieces = LLM_TOOL.arguments.match(/.{1,9}/g) ?? [];
  // Cut after "...celsius": the arguments stop inside the object, as a broken stream leaves them.
  return cut ? pieces.slice(0, 4) : pieces;
}

interface LlmOptions {
  delay: number;
  tools: boolean;
  cut: boolean;
}

function readOptions(ctx: ScenarioContext): LlmOptions {
  const delay = readDelay(ctx);
  const tools = ctx.query.number('tools', { default: 0, min: 0, max: 1 }) === 1;
  const cut = ctx.query.number('cut', { default: 0, min: 0, max: 1 }) === 1;
  return { delay, tools: tools || cut, cut };
}

let responseCounter = 0;

function readDelay(ctx: ScenarioContext): number {
  return ctx.query.number('delay', { default: 50, min: 0, max: 10_000 });
}

/**
 * A scenario in one vendor's wire format: answers POST (reading and ignoring the body) and GET,
 * and sends the blocks `blocks` makes for the request's options, `delay` ms apart.
 */
function llmScenario(
  head: { name: string; description: string; query?: string },
  blocks: (options: LlmOptions) => string[],
): Scenario {
  return {
    method: 'POST',
    query: 'delay=50',
    ...head,
    handle(ctx) {
      const options = readOptions(ctx);
      ctx.req.resume();
      const stream = ctx.open();
      writeSpaced(stream, blocks(options), options.delay);
    },
  };
}

function data(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

export const openaiChat = llmScenario(
  {
    name: 'openai-chat',
    description:
      'OpenAI Chat Completions chunks, a token every `delay` ms, then data: [DONE]; tools=1 adds a tool call, cut=1 cuts it short',
  },
  ({ tools: withTool, cut }) => {
    const id = `chatcmpl-demo${++responseCounter}`;
    const base = {
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model: 'demo-gpt-mini',
    };
    const tokens = llmTokens();
    const blocks: string[] = [
      data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
      ...tokens.map((content) => data({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
    ];
    if (withTool) {
      const call = (fn: Record<string, string>, extra: Record<string, unknown> = {}) =>
        data({
          ...base,
          choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...extra, function: fn }] }, finish_reason: null }],
        });
      blocks.push(call({ name: LLM_TOOL.name, arguments: '' }, { id: 'call_demo1', type: 'function' }));
      for (const piece of toolArgumentPieces(cut)) blocks.push(call({ arguments: piece }));
      if (cut) return blocks;
    }
    blocks.push(
      data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: withTool ? 'tool_calls' : 'stop' }] }),
      data({
        ...base,
        choices: [],
        usage: { prompt_tokens: 9, completion_tokens: tokens.length, total_tokens: 9 + tokens.length },
      }),
      'data: [DONE]\n\n',
    );
    return blocks;
  },
);

function typed(event: string, value: unknown): string {
  return `event: ${event}\n${data(value)}`;
}

export const anthropicMessages = llmScenario(
  {
    name: 'anthropic-messages',
    description:
      'Anthropic Messages: typed events (message_start, content_block_delta, ping...) every `delay` ms; tools=1 adds tool_use, cut=1 cuts it',
  },
  ({ tools: withTool, cut }) => {
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
    const blocks: string[] = [
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
    ];
    if (withTool) {
      blocks.push(
        typed('content_block_start', {
          type: 'content_block_start',
          index: 1,
          content_block: { type: 'tool_use', id: 'toolu_demo1', name: LLM_TOOL.name, input: {} },
        }),
        ...toolArgumentPieces(cut).map((partial_json) =>
          typed('content_block_delta', {
            type: 'content_block_delta',
            index: 1,
            delta: { type: 'input_json_delta', partial_json },
          }),
        ),
      );
      if (cut) return blocks;
      blocks.push(typed('content_block_stop', { type: 'content_block_stop', index: 1 }));
    }
    blocks.push(
      typed('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: withTool ? 'tool_use' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: tokens.length },
      }),
      typed('message_stop', { type: 'message_stop' }),
    );
    return blocks;
  },
);

export const openaiResponses = llmScenario(
  {
    name: 'openai-responses',
    description:
      'OpenAI Responses API: typed events (response.output_text.delta...) every `delay` ms; tools=1 adds a function call, cut=1 cuts it',
  },
  ({ tools: withTool, cut }) => {
    const id = `resp_demo${++responseCounter}`;
    const tokens = llmTokens();
    let sequence = 0;
    const ev = (type: string, fields: Record<string, unknown>) =>
      typed(type, { type, sequence_number: sequence++, ...fields });
    const response = (status: string, extra: Record<string, unknown> = {}) => ({
      id,
      object: 'response',
      status,
      model: 'demo-gpt-mini',
      output: [],
      ...extra,
    });
    const messageItem = { id: 'msg_demo1', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
    const blocks: string[] = [
      ev('response.created', { response: response('in_progress') }),
      ev('response.in_progress', { response: response('in_progress') }),
      ev('response.output_item.added', { output_index: 0, item: messageItem }),
      ev('response.content_part.added', {
        item_id: 'msg_demo1',
        output_index: 0,
        content_index: 0,
        part: { type: 'output_text', text: '' },
      }),
      ...tokens.map((delta) =>
        ev('response.output_text.delta', { item_id: 'msg_demo1', output_index: 0, content_index: 0, delta }),
      ),
      ev('response.output_text.done', { item_id: 'msg_demo1', output_index: 0, content_index: 0, text: LLM_REPLY }),
      ev('response.output_item.done', { output_index: 0, item: { ...messageItem, status: 'completed' } }),
    ];
    if (withTool) {
      const call = { id: 'fc_demo1', type: 'function_call', call_id: 'call_demo1', name: LLM_TOOL.name, arguments: '' };
      blocks.push(ev('response.output_item.added', { output_index: 1, item: { ...call, status: 'in_progress' } }));
      for (const delta of toolArgumentPieces(cut))
        blocks.push(ev('response.function_call_arguments.delta', { item_id: 'fc_demo1', output_index: 1, delta }));
      if (cut) return blocks;
      blocks.push(
        ev('response.function_call_arguments.done', {
          item_id: 'fc_demo1',
          output_index: 1,
          arguments: LLM_TOOL.arguments,
        }),
      );
    }
    blocks.push(
      ev('response.completed', {
        response: response('completed', {
          usage: { input_tokens: 9, output_tokens: tokens.length, total_tokens: 9 + tokens.length },
        }),
      }),
    );
    return blocks;
  },
);

export const gemini = llmScenario(
  {
    name: 'gemini',
    query: 'alt=sse&delay=50',
    description:
      'Gemini streamGenerateContent?alt=sse: candidates with text parts every `delay` ms, then finishReason; tools=1 adds a functionCall',
  },
  ({ tools: withTool }) => {
    const tokens = llmTokens();
    const chunk = (parts: unknown[], extra: Record<string, unknown> = {}, candidate: Record<string, unknown> = {}) =>
      data({
        candidates: [{ content: { parts, role: 'model' }, index: 0, ...candidate }],
        modelVersion: 'demo-gemini-flash',
        responseId: `gem_demo${responseCounter}`,
        ...extra,
      });
    responseCounter++;
    const blocks = tokens.map((text) => chunk([{ text }]));
    if (withTool) {
      blocks.push(chunk([{ functionCall: { name: LLM_TOOL.name, args: JSON.parse(LLM_TOOL.arguments) as unknown } }]));
    }
    blocks.push(
      chunk(
        [{ text: '' }],
        {
          usageMetadata: {
            promptTokenCount: 9,
            candidatesTokenCount: tokens.length,
            totalTokenCount: 9 + tokens.length,
          },
        },
        { finishReason: 'STOP' },
      ),
    );
    return blocks;
  },
);
