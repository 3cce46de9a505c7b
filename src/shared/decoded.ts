/**
 * What a protocol decoder read in an event's data or a frame's payload. Decoding only adds this
 * field to a record: the bytes, `data` and the recording stay exactly as they arrived.
 */

/** JSON-RPC 2.0 message kinds: a request has an id, a notification has none. */
export type JsonRpcKind = 'request' | 'notification' | 'response' | 'error';

/** A JSON-RPC 2.0 message (MCP speaks it). */
export interface JsonRpcDecoded {
  protocol: 'json-rpc';
  kind: JsonRpcKind;
  /** Requests and notifications: their method; responses: the paired request's method, when seen. */
  method?: string;
  /** Requests and responses. */
  id?: string | number | null;
  /** Responses: the seq of the request record they answer, when it was a record of this session. */
  requestSeq?: number;
  /** Responses: ms from the request (its record, or the HTTP request that carried it) to this answer. */
  latencyMs?: number;
  /** Error responses: `error.code` and `error.message`. */
  errorCode?: number;
  errorMessage?: string;
  /** MCP `notifications/progress`: the token, and the request (its id) that asked for progress. */
  progressToken?: string | number;
  progress?: number;
  total?: number;
  /** Progress notifications: the id of the request whose `_meta.progressToken` they carry. */
  forId?: string | number;
}

/**
 * A GraphQL over WebSocket message (graphql-ws's `graphql-transport-ws` subprotocol: every text
 * frame) or a graphql-sse event (`next` and `complete`; in single connection mode their data
 * carries the operation `id`, in distinct connections mode the stream is the operation).
 */
export interface GraphqlDecoded {
  protocol: 'graphql-transport-ws' | 'graphql-sse';
  /** ws: connection_init, connection_ack, ping, pong, subscribe, next, error, complete; sse: next, complete. */
  type: string;
  /** The operation the message belongs to (absent for connection messages and distinct streams). */
  id?: string;
  /** The message's payload as sent: an execution result for `next`, GraphQL errors for `error`. */
  payload?: unknown;
  /** The operation's name, from the subscribe that started it (or the query's first operation). */
  operationName?: string;
  /** `error`, and a `next` whose result has `errors`: their messages. */
  errors?: string[];
  /** Messages of an operation: ms since it was subscribed. */
  sinceSubscribeMs?: number;
}

/** Every kind of decoded payload, told apart by `protocol`. */
export type Decoded = JsonRpcDecoded | GraphqlDecoded;
