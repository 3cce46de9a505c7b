import type { StreamRecord } from '#shared/records';
import { receivedMessage } from '../../lib/messages';
import { errorMessage } from '#shared/error-message';

/** One tool (function) call as its deltas assemble it. */
export interface ToolCall {
  /** What the stream keys the call by: its index (OpenAI Chat, Anthropic) or output index (Responses). */
  key: string;
  id: string | null;
  name: string;
  /** The arguments' JSON text as received so far. */
  arguments: string;
}

/** Timing of a reply, in ms since the epoch; null until seen. */
export interface ReplyTiming {
  /** When the request went out (the response head's requestSentAt), else the first record. */
  startAt: number | null;
  /** The first message that carried text or tool-call arguments. */
  firstTokenAt: number | null;
  /** The last message that carried text or tool-call arguments. */
  lastTokenAt: number | null;
  /** The last message. */
  lastAt: number | null;
  /** Messages that carried text or tool-call arguments. */
  chunks: number;
}

/**
 * Follows an LLM stream message by message, whatever its provider: when the first token came and
 * how many chunks carried content, and every tool call with its arguments assembled from deltas.
 * Shapes read: OpenAI Chat Completions (`choices[].delta.tool_calls`), the OpenAI Responses API
 * (`response.output_item.added`, `response.function_call_arguments.delta`), Anthropic Messages
 * (`tool_use` blocks, `input_json_delta`), Gemini (`functionCall` parts, whole) and Ollama.
 */
export interface LlmStream {
  consume(record: StreamRecord): void;
  reset(): void;
  readonly timing: ReplyTiming;
  readonly toolCalls: readonly ToolCall[];
}

/** Tool calls kept at most, and argument text per call: a runaway stream stays bounded. */
export const MAX_TOOL_CALLS = 64;
export const MAX_ARGUMENT_CHARS = 1_000_000;

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
function firstOf(v: unknown): Json | null {
  return Array.isArray(v) ? obj(v[0]) : null;
}

export function createLlmStream(): LlmStream {
  let timing: ReplyTiming = { startAt: null, firstTokenAt: null, lastTokenAt: null, lastAt: null, chunks: 0 };
  let calls = new Map<string, ToolCall>();
  let list: ToolCall[] = [];

  const call = (key: string): ToolCall | null => {
    let c = calls.get(key);
    if (!c) {
      if (calls.size >= MAX_TOOL_CALLS) return null;
      c = { key, id: null, name: '', arguments: '' };
      calls.set(key, c);
    }
    return c;
  };
  const update = (key: string, p: { id?: string | null; name?: string | null; args?: string | null }) => {
    const c = call(key);
    if (!c) return;
    const next: ToolCall = {
      ...c,
      id: p.id ?? c.id,
      name: c.name || (p.name ?? ''),
      arguments: p.args ? (c.arguments + p.args).slice(0, MAX_ARGUMENT_CHARS) : c.arguments,
    };
    calls.set(key, next);
    list = [...calls.values()];
  };

  /** Reads one parsed message; true when it carried content (text or arguments). */
  const read = (m: Json): boolean => {
    let content = false;
    // OpenAI Chat Completions.
    const choice = firstOf(m.choices);
    const delta = obj(choice?.delta);
    if (delta) {
      if (str(delta.content)) content = true;
      if (Array.isArray(delta.tool_calls)) {
        for (const raw of delta.tool_calls) {
          const tc = obj(raw);
          if (!tc) continue;
          const fn = obj(tc.function);
          const args = str(fn?.arguments);
          update(`${typeof tc.index === 'number' ? tc.index : 0}`, { id: str(tc.id), name: str(fn?.name), args });
          if (args) content = true;
        }
      }
    }
    const type = str(m.type);
    // OpenAI Responses API.
    if (type === 'response.output_text.delta' && str(m.delta)) content = true;
    if (type === 'response.output_item.added') {
      const item = obj(m.item);
      if (item?.type === 'function_call')
        update(`${String(m.output_index)}`, { id: str(item.call_id), name: str(item.name), args: str(item.arguments) });
    }
    if (type === 'response.function_call_arguments.delta' && str(m.delta)) {
      update(`${String(m.output_index)}`, { args: str(m.delta) });
      content = true;
    }
    // Anthropic Messages.
    if (type === 'content_block_start') {
      const block = obj(m.content_block);
      if (block?.type === 'tool_use') update(`${String(m.index)}`, { id: str(block.id), name: str(block.name) });
    }
    if (type === 'content_block_delta') {
      const d = obj(m.delta);
      if (d?.type === 'input_json_delta' && str(d.partial_json)) {
        update(`${String(m.index)}`, { args: str(d.partial_json) });
        content = true;
      }
      if (str(d?.text)) content = true;
    }
    // Gemini: parts arrive whole, a function call with its args as an object.
    const parts = obj(firstOf(m.candidates)?.content)?.parts;
    if (Array.isArray(parts)) {
      parts.forEach((raw, i) => {
        const part = obj(raw);
        if (str(part?.text)) content = true;
        const fc = obj(part?.functionCall);
        if (fc) {
          update(`gemini-${calls.size}-${i}`, { name: str(fc.name), args: JSON.stringify(fc.args ?? {}) });
          content = true;
        }
      });
    }
    // Ollama.
    if (str(obj(m.message)?.content)) content = true;
    return content;
  };

  return {
    consume(record) {
      if (record.kind === 'response' && timing.startAt === null) {
        timing = { ...timing, startAt: record.requestSentAt };
        return;
      }
      if (timing.startAt === null) timing = { ...timing, startAt: record.t };
      const message = receivedMessage(record);
      if (!message || message.text === null) return;
      const first = message.text.trimStart()[0];
      let carried = false;
      if (first === '{') {
        try {
          const m = obj(JSON.parse(message.text));
          if (m) carried = read(m);
        } catch {
          // Not JSON (a sentinel, a cut line): nothing to read.
        }
      }
      timing = {
        ...timing,
        lastAt: message.t,
        firstTokenAt: timing.firstTokenAt ?? (carried ? message.t : null),
        lastTokenAt: carried ? message.t : timing.lastTokenAt,
        chunks: timing.chunks + (carried ? 1 : 0),
      };
    },
    reset() {
      timing = { startAt: null, firstTokenAt: null, lastTokenAt: null, lastAt: null, chunks: 0 };
      calls = new Map();
      list = [];
    },
    get timing() {
      return timing;
    },
    get toolCalls() {
      return list;
    },
  };
}

/** Time to first token, total time and content chunks per second, once known. */
export function replyFigures(t: ReplyTiming): {
  ttftMs: number | null;
  totalMs: number | null;
  chunksPerSec: number | null;
} {
  const ttftMs = t.startAt !== null && t.firstTokenAt !== null ? t.firstTokenAt - t.startAt : null;
  const totalMs = t.startAt !== null && t.lastAt !== null ? t.lastAt - t.startAt : null;
  // The rate of generation: chunks after the first, over the time since the first.
  const span = t.firstTokenAt !== null && t.lastTokenAt !== null ? t.lastTokenAt - t.firstTokenAt : 0;
  const chunksPerSec = span > 0 && t.chunks > 1 ? ((t.chunks - 1) * 1000) / span : null;
  return { ttftMs, totalMs, chunksPerSec };
}

/** Tool-call arguments read as JSON: the value, or where and why they stop being JSON. */
export type ParsedArguments =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** Character offset where the text stops being valid JSON (its length when it was cut). */
      at: number;
      error: string;
      /** The text completed with the closers it lacked (a cut stream), parsed; null when beyond repair. */
      partial: unknown;
    };

/** Parses a tool call's argument text; a cut one is closed (strings, arrays, objects) to show what arrived. */
export function parseArguments(text: string): ParsedArguments {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const error = errorMessage(e);
    const closers: string[] = [];
    let inString = false;
    let escaped = false;
    for (const c of text) {
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') closers.push('}');
      else if (c === '[') closers.push(']');
      else if (c === '}' || c === ']') closers.pop();
    }
    const unfinished = inString || closers.length > 0;
    let partial: unknown = null;
    if (unfinished) {
      const base = text + (inString ? (escaped ? '\\"' : '"') : '');
      const close = closers.reverse().join('');
      // What is cut may be a value (keep it) or a key or separator left dangling (drop it).
      const candidates = [
        base,
        base.replace(/\s*:\s*$/, ': null'),
        base.replace(/,?\s*"(?:[^"\\]|\\.)*"\s*:?\s*$/, ''),
        base.replace(/,\s*$/, ''),
      ];
      for (const candidate of candidates) {
        try {
          partial = JSON.parse(candidate + close) as unknown;
          break;
        } catch {
          partial = null;
        }
      }
    }
    const position = /position (\d+)/.exec(error);
    const at = unfinished ? text.length : position ? Number(position[1]) : text.length;
    return {
      ok: false,
      at,
      error: unfinished ? `cut at character ${text.length}: the JSON is unfinished` : error,
      partial,
    };
  }
}
