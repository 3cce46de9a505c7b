/**
 * The Socket.IO request flags (`--socketio`, `--namespace`, `--auth`, `--emit`), read into the
 * request's `socketio` options; every mistake is one UsageError line (exit 2).
 */
import type { SocketIoEmit, SocketIoRequest } from '#shared/request';
import { eventNameProblem, namespaceProblem } from '#shared/socketio-request';
import { boolFlag, pairFlag, stringFlag, type ParsedArgs } from './args';
import { UsageError } from './errors';
import { errorMessage } from '#shared/error-message';

/** Flags that shape an HTTP request or a plain WebSocket, which a Socket.IO session has no use for. */
const NOT_WITH_SOCKETIO = ['data', 'method', 'format', 'mcp', 'send', 'protocol', 'last-event-id'] as const;

function parseJson(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} expects JSON: ${errorMessage(err)}`);
  }
}

/** The `socketio` options the flags ask for, or undefined without --socketio. */
export function socketIoFromFlags(args: ParsedArgs): SocketIoRequest | undefined {
  const namespace = stringFlag(args, 'namespace');
  const auth = stringFlag(args, 'auth');
  const emits = pairFlag(args, 'emit');
  if (!boolFlag(args, 'socketio')) {
    const stray = namespace !== undefined ? 'namespace' : auth !== undefined ? 'auth' : emits.length ? 'emit' : null;
    if (stray !== null) throw new UsageError(`--${stray} works with --socketio only`);
    return undefined;
  }
  for (const flag of NOT_WITH_SOCKETIO) {
    const value = args.values[flag];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      throw new UsageError(
        flag === 'send'
          ? '--send is for plain WebSocket; on a Socket.IO session use --emit'
          : `--${flag} does not apply to --socketio`,
      );
    }
  }
  const out: SocketIoRequest = {};
  if (namespace !== undefined) {
    const problem = namespaceProblem(namespace);
    if (problem) throw new UsageError(`--namespace: ${problem}`);
    out.namespace = namespace;
  }
  if (auth !== undefined) {
    const value = parseJson('--auth', auth);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new UsageError('--auth expects a JSON object, e.g. \'{"token":"…"}\'');
    out.auth = value as Record<string, unknown>;
  }
  if (emits.length) {
    out.emits = emits.map(([event, argsText]): SocketIoEmit => {
      const problem = eventNameProblem(event);
      if (problem) throw new UsageError(`--emit: ${problem}`);
      const value = parseJson(`--emit ${event}`, argsText);
      if (!Array.isArray(value))
        throw new UsageError(`--emit ${event} expects a JSON array of the arguments, e.g. '["hello", 1]'`);
      return { event, args: value };
    });
  }
  return out;
}
