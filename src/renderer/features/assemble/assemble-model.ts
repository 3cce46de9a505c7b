import { evaluateJsonPath, parseJsonPath, type JsonPathSegment } from '../../../shared/json-path';
import type { StreamRecord } from '../../../shared/records';
import { receivedMessage } from '../../lib/messages';

/** The LLM streaming shapes Streamscope knows: OpenAI and Anthropic over SSE, Ollama over NDJSON. */
export const ASSEMBLE_PRESETS = [
  { name: 'OpenAI', path: 'choices[0].delta.content' },
  { name: 'Anthropic', path: 'delta.text' },
  { name: 'Ollama', path: 'message.content' },
] as const;

/** How a reply finished, as its last messages say: the stop reason and the token counts. */
export interface ReplyEnding {
  /** `done_reason` (Ollama), `finish_reason` (OpenAI), `stop_reason` (Anthropic), or "done". */
  reason: string;
  /** Prompt tokens: `prompt_eval_count`, `usage.prompt_tokens` or `usage.input_tokens`. */
  inputTokens: number | null;
  /** Generated tokens: `eval_count`, `usage.completion_tokens` or `usage.output_tokens`. */
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

/** What one message says about the end of the reply, merged into what earlier ones said. */
function readEnding(parsed: unknown, previous: ReplyEnding | null): ReplyEnding | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return previous;
  const m = parsed as Record<string, unknown>;
  const usage = m.usage ?? null;
  let reason: string | null = null;
  if (m.done === true) reason = stringAtKey(m, 'done_reason') ?? 'done';
  const choice = Array.isArray(m.choices) ? (m.choices[0] as unknown) : null;
  reason ??= stringAtKey(choice, 'finish_reason') ?? stringAtKey(m.delta, 'stop_reason');
  const input = numberAt(m, 'prompt_eval_count') ?? numberAt(usage, 'prompt_tokens') ?? numberAt(usage, 'input_tokens');
  const output = numberAt(m, 'eval_count') ?? numberAt(usage, 'completion_tokens') ?? numberAt(usage, 'output_tokens');
  if (reason === null && input === null && output === null) return previous;
  return {
    reason: reason ?? previous?.reason ?? 'done',
    inputTokens: input ?? previous?.inputTokens ?? null,
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

function stringAt(parsed: unknown, segments: readonly JsonPathSegment[]): string | null {
  const found = evaluateJsonPath(parsed, segments);
  return found.found && typeof found.value === 'string' ? found.value : null;
}

/** `path`: a JSON path, or 'auto'. Throws on a path that does not parse (validate first). */
export function createAssembler(path: string): Assembler {
  const auto = path === 'auto';
  const presets = ASSEMBLE_PRESETS.map((p) => ({
    path: p.path,
    segments: (parseJsonPath(p.path) as { ok: true; segments: JsonPathSegment[] }).segments,
  }));
  let active: { path: string; segments: JsonPathSegment[] } | null = null;
  if (!auto) {
    const parsed = parseJsonPath(path);
    if (!parsed.ok) throw new Error(parsed.error);
    active = { path, segments: parsed.segments };
  }
  let parts: string[] = [];
  let joined = '';
  let length = 0;
  let dirty = false;
  let pieces = 0;
  let messages = 0;
  let truncated = false;
  let ending: ReplyEnding | null = null;

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
      ending = readEnding(parsed, ending);
      let piece: string | null = null;
      if (active) piece = stringAt(parsed, active.segments);
      else {
        for (const preset of presets) {
          piece = stringAt(parsed, preset.segments);
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
