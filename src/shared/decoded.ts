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

/** Socket.IO packet types (socket.io-parser's names). */
export type SocketIoPacketType =
  'CONNECT' | 'DISCONNECT' | 'EVENT' | 'ACK' | 'CONNECT_ERROR' | 'BINARY_EVENT' | 'BINARY_ACK';

/**
 * Engine.IO packet types other than `message` (whose payload is a Socket.IO packet), and
 * `attachment`: a binary frame carrying one attachment of the BINARY_EVENT/BINARY_ACK before it.
 * `invalid`: a frame that is not an Engine.IO/Socket.IO packet (`error` says why).
 */
export type EngineIoPacketType = 'open' | 'close' | 'ping' | 'pong' | 'upgrade' | 'noop' | 'attachment' | 'invalid';

/** A Socket.IO v4 packet, or the Engine.IO 4 packet around it, read in a WebSocket frame. */
export interface SocketIoDecoded {
  protocol: 'socket.io';
  type: SocketIoPacketType | EngineIoPacketType;
  /** Socket.IO packets and attachments: the namespace. */
  nsp?: string;
  /** EVENT, BINARY_EVENT (and their attachments): the event name. */
  event?: string;
  /** EVENT/BINARY_EVENT: the arguments after the name; ACK/BINARY_ACK: the acknowledgement's. */
  args?: unknown[];
  /** The acknowledgement id: an event that asks for one, or the ACK answering it. */
  ackId?: number;
  /** BINARY_EVENT/BINARY_ACK: how many attachment frames follow; `attachment`: of how many. */
  attachments?: number;
  /** `attachment`: its index, from 0. */
  attachment?: number;
  /** CONNECT: its payload ({sid} from a server, auth from a client); CONNECT_ERROR: the error. */
  data?: unknown;
  /** Engine.IO `open`: the session id and the server's heartbeat. */
  sid?: string;
  pingInterval?: number;
  pingTimeout?: number;
  /** `invalid`: why the frame could not be read. */
  error?: string;
}

/** Every kind of decoded payload, told apart by `protocol`. */
export type Decoded = JsonRpcDecoded | GraphqlDecoded | SocketIoDecoded;
