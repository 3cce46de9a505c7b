/**
 * The one check of a Socket.IO request's options, for every boundary that receives one: IPC and
 * the host (validate.ts), a recording's header (record-validate.ts), the CLI's flags.
 */
import type { SocketIoEmit, SocketIoRequest } from './request';

/** Event names Socket.IO keeps for itself: a client may not emit them. */
export const RESERVED_SOCKETIO_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/** Bounds that keep a hostile peer harmless and leave real use room. */
const MAX_EMITS = 100;
const MAX_NAME_CHARS = 1024;
/** auth and each emit's arguments, as JSON text. */
const MAX_JSON_CHARS = 1024 * 1024;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonSize(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? Infinity;
  } catch {
    return Infinity;
  }
}

/** A namespace: "/" or "/name...", no whitespace, no "," or "?" (they end it on the wire). */
export function namespaceProblem(nsp: string): string | null {
  if (!nsp.startsWith('/')) return `a namespace starts with "/", got ${JSON.stringify(nsp.slice(0, 80))}`;
  if (nsp.length > MAX_NAME_CHARS || /[\s,?]/.test(nsp))
    return `a namespace has no spaces, "," or "?", got ${JSON.stringify(nsp.slice(0, 80))}`;
  return null;
}

/** Why an event name cannot be emitted, or null. */
export function eventNameProblem(event: string): string | null {
  if (event === '' || event.length > MAX_NAME_CHARS) return 'an event name is 1 to 1024 characters';
  if (RESERVED_SOCKETIO_EVENTS.has(event)) return `"${event}" is a reserved Socket.IO event name`;
  return null;
}

/** Checks `value` as a SocketIoRequest: the copy to use, or one line saying what is wrong. */
export function checkSocketIoRequest(
  value: unknown,
  name: string,
): { ok: true; value: SocketIoRequest } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message: `${name}${message}` });
  if (!isPlainObject(value)) return bad(' must be an object');
  const unknown = Object.keys(value).find((k) => !['namespace', 'auth', 'emits'].includes(k));
  if (unknown !== undefined) return bad(` has an unknown field "${unknown.slice(0, 40)}"`);
  const out: SocketIoRequest = {};
  if (value.namespace !== undefined) {
    if (typeof value.namespace !== 'string') return bad('.namespace must be a string');
    const problem = namespaceProblem(value.namespace);
    if (problem) return bad(`.namespace: ${problem}`);
    out.namespace = value.namespace;
  }
  if (value.auth !== undefined) {
    if (!isPlainObject(value.auth)) return bad('.auth must be a JSON object');
    if (jsonSize(value.auth) > MAX_JSON_CHARS) return bad(`.auth is over ${MAX_JSON_CHARS} characters of JSON`);
    out.auth = JSON.parse(JSON.stringify(value.auth)) as Record<string, unknown>;
  }
  if (value.emits !== undefined) {
    if (!Array.isArray(value.emits) || value.emits.length > MAX_EMITS)
      return bad(`.emits must be a list of at most ${MAX_EMITS} events`);
    const emits: SocketIoEmit[] = [];
    for (let i = 0; i < value.emits.length; i++) {
      const emit: unknown = value.emits[i];
      const where = `.emits[${i}]`;
      if (!isPlainObject(emit) || typeof emit.event !== 'string' || !Array.isArray(emit.args))
        return bad(`${where} must be {event: string, args: array}`);
      const problem = eventNameProblem(emit.event);
      if (problem) return bad(`${where}: ${problem}`);
      if (jsonSize(emit.args) > MAX_JSON_CHARS)
        return bad(`${where}.args is over ${MAX_JSON_CHARS} characters of JSON`);
      emits.push({ event: emit.event, args: JSON.parse(JSON.stringify(emit.args)) as unknown[] });
    }
    out.emits = emits;
  }
  return { ok: true, value: out };
}
