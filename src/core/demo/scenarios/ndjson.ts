/**
 * An Ollama-style `/api/chat` stream: newline-delimited JSON (application/x-ndjson), one object
 * per token with `message.content` and `done: false`, then a final object with `done: true`,
 * `done_reason` and the eval counts. Answers POST as Ollama does (the body is read and ignored),
 * and GET for a quick look.
 */
import type { Scenario } from './types';
import { llmTokens } from './llm';
import { writeSpaced } from './pace';

export const NDJSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/x-ndjson',
  'Cache-Control': 'no-cache',
};

/** The lines of one reply, each with its "\n". */
export function ollamaChatLines(model = 'demo-llama', createdAt = new Date()): string[] {
  const at = (i: number): string => new Date(createdAt.getTime() + i * 20).toISOString();
  const tokens = llmTokens();
  const lines: Array<Record<string, unknown>> = tokens.map((content, i) => ({
    model,
    created_at: at(i),
    message: { role: 'assistant', content },
    done: false,
  }));
  const evalNs = tokens.length * 20_000_000;
  // Ollama's final object: why it stopped and what it cost (durations in ns).
  lines.push({
    model,
    created_at: at(tokens.length),
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    total_duration: evalNs + 40_000_000,
    load_duration: 1_500_000,
    prompt_eval_count: 26,
    prompt_eval_duration: 30_000_000,
    eval_count: tokens.length,
    eval_duration: evalNs,
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`);
}

export const ollamaChat: Scenario = {
  name: 'ollama-chat',
  method: 'POST',
  query: 'delay=50',
  description:
    'Ollama-style /api/chat stream (application/x-ndjson): one JSON line per token every `delay` ms, then done: true with eval counts',
  handle(ctx) {
    const delay = ctx.query.number('delay', { default: 50, min: 0, max: 10_000 });
    ctx.req.resume();
    const stream = ctx.open({ ...NDJSON_HEADERS });
    const lines = ollamaChatLines();
    writeSpaced(stream, lines, delay);
  },
};
