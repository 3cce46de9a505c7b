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

/** Every kind of decoded payload, told apart by `protocol`. */
export type Decoded = JsonRpcDecoded;
