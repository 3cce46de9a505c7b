/**
 * GraphQL subscription messages recognised in a stream: every text frame of a
 * `graphql-transport-ws` WebSocket session, and the `next` / `complete` events of a graphql-sse
 * stream. Each operation is remembered from its subscribe, so its results, errors and completion
 * name it and say how long after the subscribe they came.
 *
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md
 */
import type { GraphqlDecoded } from '#shared/decoded';
import { GRAPHQL_WS_PROTOCOL } from '#shared/graphql';

/** Operations remembered at most; the oldest are forgotten first (a server may never complete). */
const MAX_OPERATIONS = 10_000;

/** Error messages kept per message: enough to read, bounded against a hostile server. */
const MAX_ERRORS = 20;

interface Operation {
  operationName?: string;
  t: number;
}

export interface GraphqlDecoder {
  /** A text frame of a graphql-transport-ws session, sent `out` by the client or `in` from the server. */
  wsFrame(text: string, t: number, dir: 'in' | 'out'): GraphqlDecoded | undefined;
  /**
   * An event of a graphql-sse stream. `fallback` is the operation of a distinct connection (the
   * stream is the operation: its events carry no id), subscribed at its `t`.
   */
  sseEvent(
    type: string,
    data: string,
    t: number,
    fallback: { operationName?: string; t: number },
  ): GraphqlDecoded | undefined;
  /** graphql-sse single connection mode: operation `id` was posted at `t`. */
  subscribed(id: string, operationName: string | undefined, t: number): void;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const first = text.trimStart()[0];
  if (first !== '{') return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The name of the operation a query document starts with (`subscription OnTick { … }`), if named. */
export function firstOperationName(query: string): string | undefined {
  const m = /^\s*(?:#[^\n]*\n\s*)*(?:subscription|query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return m?.[1];
}

/** The messages of a GraphQL errors array (anything else: none). */
function errorMessages(errors: unknown): string[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  return errors
    .slice(0, MAX_ERRORS)
    .map((e) => (isObject(e) && typeof e.message === 'string' ? e.message : JSON.stringify(e)));
}

export function createGraphqlDecoder(): GraphqlDecoder {
  const operations = new Map<string, Operation>();

  function remember(id: string, operationName: string | undefined, t: number): void {
    operations.delete(id);
    operations.set(id, { ...(operationName !== undefined ? { operationName } : {}), t });
    if (operations.size > MAX_OPERATIONS) operations.delete(operations.keys().next().value!);
  }

  /** Adds what is known of operation `id` to a message of it; forgets it once it ended. */
  function ofOperation(decoded: GraphqlDecoded, op: Operation | undefined, t: number, ends: boolean): GraphqlDecoded {
    if (op) {
      if (op.operationName !== undefined) decoded.operationName = op.operationName;
      decoded.sinceSubscribeMs = t - op.t;
    }
    if (ends && decoded.id !== undefined) operations.delete(decoded.id);
    return decoded;
  }

  return {
    wsFrame(text, t, dir) {
      const message = parseObject(text);
      if (!message || typeof message.type !== 'string') return undefined;
      const decoded: GraphqlDecoded = { protocol: GRAPHQL_WS_PROTOCOL, type: message.type };
      if (typeof message.id === 'string') decoded.id = message.id;
      if (message.payload !== undefined) decoded.payload = message.payload;
      const id = decoded.id;
      switch (message.type) {
        case 'subscribe': {
          if (id === undefined) return decoded;
          const payload = isObject(message.payload) ? message.payload : {};
          const name =
            typeof payload.operationName === 'string'
              ? payload.operationName
              : typeof payload.query === 'string'
                ? firstOperationName(payload.query)
                : undefined;
          if (name !== undefined) decoded.operationName = name;
          remember(id, name, t);
          return decoded;
        }
        case 'next': {
          const errors = isObject(message.payload) ? errorMessages(message.payload.errors) : undefined;
          if (errors) decoded.errors = errors;
          return ofOperation(decoded, id === undefined ? undefined : operations.get(id), t, false);
        }
        case 'error': {
          const errors = errorMessages(message.payload);
          if (errors) decoded.errors = errors;
          return ofOperation(decoded, id === undefined ? undefined : operations.get(id), t, true);
        }
        case 'complete':
          return ofOperation(decoded, id === undefined ? undefined : operations.get(id), t, dir === 'in');
        default:
          return decoded;
      }
    },

    sseEvent(type, data, t, fallback) {
      if (type !== 'next' && type !== 'complete') return undefined;
      const decoded: GraphqlDecoded = { protocol: 'graphql-sse', type };
      const value = data === '' ? undefined : parseObject(data);
      if (data !== '' && value === undefined) return undefined;
      // Single connection mode wraps each message as {id, payload}; a distinct stream sends the result.
      const single = value !== undefined && typeof value.id === 'string' && (type === 'complete' || 'payload' in value);
      const payload = single ? value.payload : value;
      if (single) decoded.id = value.id as string;
      if (payload !== undefined) decoded.payload = payload;
      if (type === 'next' && isObject(payload)) {
        const errors = errorMessages(payload.errors);
        if (errors) decoded.errors = errors;
      }
      const op = decoded.id !== undefined ? operations.get(decoded.id) : fallback;
      return ofOperation(decoded, op, t, type === 'complete');
    },

    subscribed(id, operationName, t) {
      remember(id, operationName, t);
    },
  };
}
