import type { WsOutgoing } from '#shared/api';
import { eventNameProblem } from '#shared/socketio-request';
import { ByteParseError, bytesToBase64, bytesToHex, parseBase64, parseHex } from '#shared/bytes';
import type { BinaryEncoding, ComposerMode } from '../../lib/ws-messages';

export type { BinaryEncoding, ComposerMode, SentEntry } from '../../lib/ws-messages';
export { addToHistory, HISTORY_LIMIT } from '../../lib/ws-messages';

/** RFC 6455 §5.5: control frames (ping) carry at most 125 bytes of payload. */
export const MAX_PING_BYTES = 125;

export type BuildResult =
  | {
      ok: true;
      message: WsOutgoing;
      /** Payload size in bytes. */ size: number;
      /** One-line summary for the history. */ summary: string;
    }
  | { ok: false; error: string };

const utf8 = new TextEncoder();

function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** JSON.parse's complaint as one readable line. */
function jsonError(input: string): string | null {
  try {
    JSON.parse(input);
    return null;
  } catch (e) {
    return `invalid JSON: ${(e as Error).message.split('\n')[0]}`;
  }
}

/**
 * Validates what the user typed and turns it into the message to send. Binary input is decoded
 * here and re-encoded canonically, so the back end gets clean hex/base64 and the user sees
 * mistakes (odd digit counts, stray characters) before anything is sent.
 */
export function buildOutgoing(
  mode: ComposerMode,
  input: string,
  encoding: BinaryEncoding = 'hex',
  event = '',
): BuildResult {
  switch (mode) {
    case 'event': {
      const problem = eventNameProblem(event);
      if (problem) return { ok: false, error: event === '' ? 'nothing to send: type an event name' : problem };
      const text = input.trim() === '' ? '[]' : input;
      const error = jsonError(text);
      if (error) return { ok: false, error };
      const args: unknown = JSON.parse(text);
      if (!Array.isArray(args)) return { ok: false, error: 'the arguments are a JSON array, e.g. ["hello", 1]' };
      return {
        ok: true,
        message: { type: 'event', event, args },
        size: utf8.encode(text).byteLength,
        summary: oneLine(`${event} ${JSON.stringify(args)}`),
      };
    }
    case 'text': {
      const size = utf8.encode(input).byteLength;
      return { ok: true, message: { type: 'text', data: input }, size, summary: oneLine(input) || '(empty)' };
    }
    case 'json': {
      if (!input.trim()) return { ok: false, error: 'nothing to send: type a JSON value' };
      const error = jsonError(input);
      if (error) return { ok: false, error };
      return {
        ok: true,
        message: { type: 'text', data: input },
        size: utf8.encode(input).byteLength,
        summary: oneLine(input),
      };
    }
    case 'binary': {
      if (!input.trim())
        return {
          ok: false,
          error: `nothing to send: type ${encoding === 'hex' ? 'hex bytes (de ad be ef)' : 'base64'}`,
        };
      let bytes: Uint8Array;
      try {
        bytes = encoding === 'hex' ? parseHex(input) : parseBase64(input);
      } catch (e) {
        if (e instanceof ByteParseError) return { ok: false, error: e.message };
        throw e;
      }
      const data = encoding === 'hex' ? bytesToHex(bytes) : bytesToBase64(bytes);
      return {
        ok: true,
        message: { type: 'binary', encoding, data },
        size: bytes.byteLength,
        summary: `${bytes.byteLength} B ${oneLine(bytesToHex(bytes.subarray(0, 24), ' '), 72)}`,
      };
    }
    case 'ping': {
      const size = utf8.encode(input).byteLength;
      if (size > MAX_PING_BYTES)
        return { ok: false, error: `a ping carries at most ${MAX_PING_BYTES} bytes (this is ${size})` };
      return {
        ok: true,
        message: input ? { type: 'ping', data: input } : { type: 'ping' },
        size,
        summary: input ? oneLine(input) : '(empty)',
      };
    }
  }
}

/** Pretty-prints JSON input (2 spaces), or says why it is not JSON. */
export function prettyJson(input: string): { ok: true; text: string } | { ok: false; error: string } {
  const error = jsonError(input);
  if (error) return { ok: false, error };
  return { ok: true, text: JSON.stringify(JSON.parse(input), null, 2) };
}
