import { evaluateJsonPath, parseJsonPath, type JsonPathSegment } from '#shared/json-path';
import type { StreamRecord } from '#shared/records';
import { receivedMessage } from '../../lib/messages';

/**
 * The LLM streaming shapes Streamscope knows: OpenAI Chat Completions, the OpenAI Responses API,
 * Anthropic Messages and Gemini over SSE, Ollama over NDJSON. `type`: the message's own `type`
 * field must say this (a Responses stream's `delta` is also a function call's arguments).
 */
export const ASSEMBLE_PRESETS: ReadonlyArray<{ name: string; path: string; type?: string }> = [
  { name: 'OpenAI', path: 'choices[0].delta.content' },
  { name: 'Anthropic', path: 'delta.text' },
  { name: 'Ollama', path: 'message.content' },
  { name: 'OpenAI Responses', path: 'delta', type: 'response.output_text.delta' },
  { name: 'Gemini', path: 'candidates[0].content.parts[0].text' },
];

/** How a reply finished, as its last messages say: the stop reason and the token counts. */
export interface ReplyEnding {
  /**
   * `done_reason` (Ollama), `finish_reason` (OpenAI), `stop_reason` (Anthropic), `finishReason`
   * (Gemini), the response's `status` (Responses API), or "done".
   */
  reason: string;
  /**
   * Prompt tokens: `prompt_eval_count`, `usage.prompt_tokens`, `usage.input_tokens` (Responses
   * and Anthropic, whose message_start carries it) or `usageMetadata.promptTokenCount`.
   */
  inputTokens: number | null;
  /** Generated tokens: `eval_count`, `usage.completion_tokens`, `usage.output_tokens` or `candidatesTokenCount`. */
  outputTokens: number | null;
}

function numberAt(value: unknown, key: string): number | null {
  const v = (value as Record<string, unknown> | null)?.[key];
  return typeof v === 'number' ? v : null;
}

function stringAtKey(value: unknown, key: string): string | null {
  const v = (value as Record<string, unknown> | null)?.[key];
  return typeof v === 'string' ? v : null;
}

/** The prompt token count a reply's first message may carry (Anthropic's message_start), or null. */
function readOpeningUsage(parsed: unknown): number | null {
  const m = parsed as Record<string, unknown>;
  if (m.type !== 'message_start') return null;
  return numberAt((m.message as Record<string, unknown> | null)?.usage, 'input_tokens');
}

/** What one message says about the end of the reply, merged into what earlier ones said. */
function readEnding(parsed: unknown, previous: ReplyEnding | null, openingInput: number | null): ReplyEnding | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return previous;
  const m = parsed as Record<string, unknown>;
  // The Responses API puts status and usage on the finished response object.
  const finished =
    m.type === 'response.completed' || m.type === 'response.incomplete' || m.type === 'response.failed'
      ? (m.response as Record<string, unknown> | null)
      : null;
  const usage = m.usage ?? finished?.usage ?? null;
  const gemini = m.usageMetadata ?? null;
  let reason: string | null = null;
  if (m.done === true) reason = stringAtKey(m, 'done_reason') ?? 'done';
  const choice = Array.isArray(m.choices) ? (m.choices[0] as unknown) : null;
  const candidate = Array.isArray(m.candidates) ? (m.candidates[0] as unknown) : null;
  reason ??=
    stringAtKey(choice, 'finish_reason') ??
    stringAtKey(m.delta, 'stop_reason') ??
    stringAtKey(candidate, 'finishReason') ??
    stringAtKey(finished, 'status');
  const input =
    numberAt(m, 'prompt_eval_count') ??
    numberAt(usage, 'prompt_tokens') ??
    numberAt(usage, 'input_tokens') ??
    numberAt(gemini, 'promptTokenCount');
  const output =
    numberAt(m, 'eval_count') ??
    numberAt(usage, 'completion_tokens') ??
    numberAt(usage, 'output_tokens') ??
    numberAt(gemini, 'candidatesTokenCount');
  if (reason === null && input === null && output === null) return previous;
  return {
    reason: reason ?? previous?.reason ?? 'done',
    inputTokens: input ?? previous?.inputTokens ?? openingInput,
    outputTokens: output ?? previous?.outputTokens ?? null,
  };
}

/** Text kept at most; a runaway stream must not eat the renderer's memory. */
export const MAX_ASSEMBLED_CHARS = 2_000_000;

/**
 * Concatenates the string found at a JSON path in each message, one message at a time. With
 * path 'auto' it tries the presets on each message until one matches and then sticks to it.
 */
export interface Assembler {
  /** Returns true when the text grew. */
  consume(record: StreamRecord): boolean;
  reset(): void;
  readonly text: string;
  /** Messages that contributed a piece. */
  readonly pieces: number;
  /** Messages seen (with text). */
  readonly messages: number;
  /** The path in use: the chosen one, the detected preset, or null while auto has not matched. */
  readonly activePath: string | null;
  readonly truncated: boolean;
  /** How the reply finished, once a message said so (Ollama's `done`, a finish reason, usage). */
  readonly ending: ReplyEnding | null;
}

const DONE = '[DONE]';

function stringAt(parsed: unknown, segments: readonly JsonPathSegment[], type?: string): string | null {
  if (type !== undefined && (parsed as Record<string, unknown>).type !== type) return null;
  const found = evaluateJsonPath(parsed, segments);
  return found.found && typeof found.value === 'string' ? found.value : null;
}

/** `path`: a JSON path, or 'auto'. Throws on a path that does not parse (validate first). */
export function createAssembler(path: string): Assembler {
  const auto = path === 'auto';
  const presets = ASSEMBLE_PRESETS.map((p) => ({
    path: p.path,
    type: p.type,
    segments: (parseJsonPath(p.path) as { ok: true; segments: JsonPathSegment[] }).segments,
  }));
  let active: { path: string; segments: JsonPathSegment[]; type?: string } | null = null;
  if (!auto) {
    const parsed = parseJsonPath(path);
    if (!parsed.ok) throw new Error(parsed.error);
    // A preset chosen by hand keeps its type guard.
    active = { path, segments: parsed.segments, type: ASSEMBLE_PRESETS.find((p) => p.path === path)?.type };
  }
  let parts: string[] = [];
  let joined = '';
  let length = 0;
  let dirty = false;
  let pieces = 0;
  let messages = 0;
  let truncated = false;
  let ending: ReplyEnding | null = null;
  let openingInput: number | null = null;

  return {
    consume(record) {
      const message = receivedMessage(record);
      if (!message || message.text === null) return false;
      messages++;
      const text = message.text;
      // Cheap rejections before JSON.parse: OpenAI's sentinel and anything not an object/array.
      if (text === DONE) return false;
      const first = text.trimStart()[0];
      if (first !== '{' && first !== '[') return false;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return false;
      }
      openingInput ??= readOpeningUsage(parsed);
      ending = readEnding(parsed, ending, openingInput);
      let piece: string | null = null;
      if (active) piece = stringAt(parsed, active.segments, active.type);
      else {
        for (const preset of presets) {
          piece = stringAt(parsed, preset.segments, preset.type);
          if (piece !== null) {
            active = preset;
            break;
          }
        }
      }
      if (piece === null || piece === '') return false;
      pieces++;
      if (truncated) return false;
      if (length + piece.length > MAX_ASSEMBLED_CHARS) {
        piece = piece.slice(0, MAX_ASSEMBLED_CHARS - length);
        truncated = true;
      }
      // Collect pieces and join lazily: thousands of tiny deltas per second stay O(n).
      parts.push(piece);
      length += piece.length;
      dirty = true;
      return true;
    },
    reset() {
      parts = [];
      joined = '';
      length = 0;
      dirty = false;
      pieces = 0;
      messages = 0;
      truncated = false;
      ending = null;
      openingInput = null;
      if (auto) active = null;
    },
    get text() {
      if (dirty) {
        joined = parts.join('');
        parts = [joined];
        dirty = false;
      }
      return joined;
    },
    get pieces() {
      return pieces;
    },
    get messages() {
      return messages;
    },
    get activePath() {
      return active?.path ?? null;
    },
    get truncated() {
      return truncated;
    },
    get ending() {
      return ending;
    },
  };
}
