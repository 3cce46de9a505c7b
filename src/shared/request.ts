/** What the user asks to connect to. Crosses every process boundary; see validate.ts. */
import type { Framing, Transport } from './records';
import type { GraphqlOperation } from './graphql';

export interface StreamRequest {
  /** http(s) for SSE, ws(s) for WebSocket. */
  url: string;
  /** Default GET. Ignored for WebSocket. */
  method?: string;
  /** In order; repeats allowed. */
  headers?: Array<[string, string]>;
  body?: string;
  /** Initial Last-Event-ID (SSE). */
  lastEventId?: string;
  /** Default: true for GET, false for other methods (SSE); false for WebSocket. */
  reconnect?: boolean;
  /** WebSocket subprotocols. */
  protocols?: string[];
  /**
   * HTTP: how to read the body, whatever its Content-Type says. Default: from the Content-Type
   * (text/event-stream, an NDJSON type, application/json-seq; anything else is refused).
   */
  format?: Framing;
  /**
   * HTTP: a protocol preset. 'mcp': MCP Streamable HTTP (initialize and the session id first;
   * the body, if any, is the JSON-RPC message to send; a JSON answer is read as one message).
   */
  preset?: 'mcp';
  /**
   * A GraphQL subscription: over graphql-ws (subprotocol graphql-transport-ws) for ws(s) URLs,
   * over graphql-sse for http(s) URLs. The engine speaks the protocol; method and body follow.
   */
  graphql?: GraphqlOperation;
  /**
   * Socket.IO v4: the URL (http(s) or ws(s)) is a Socket.IO server, reached over Engine.IO 4's
   * WebSocket transport (src/core/socketio). The session's transport is then 'ws'.
   */
  socketio?: SocketIoRequest;
}

/** What a Socket.IO session joins and sends. */
export interface SocketIoRequest {
  /** The namespace joined; default "/". */
  namespace?: string;
  /** The CONNECT packet's payload (the server's `socket.handshake.auth`): a JSON object. */
  auth?: Record<string, unknown>;
  /** Events emitted, in order, once the namespace is joined; each asks for an acknowledgement. */
  emits?: SocketIoEmit[];
}

/** One event to emit: its name and its arguments (JSON values). */
export interface SocketIoEmit {
  event: string;
  args: unknown[];
}

/** Limits that keep a hostile or broken server from hurting the app. */
export interface StreamLimits {
  /** Largest event (or WS message) accepted, in bytes. Default 16 MiB. */
  maxEventBytes: number;
  /** How much of a failed response's body is kept for display. Default 64 KiB. */
  maxErrorBodyBytes: number;
}

export const DEFAULT_LIMITS: StreamLimits = {
  maxEventBytes: 16 * 1024 * 1024,
  maxErrorBodyBytes: 64 * 1024,
};

/** Default reconnection time of the WHATWG processing model. */
export const DEFAULT_RECONNECT_MS = 3000;

/**
 * A request method default follows the EventSource model: reconnect only for GET. Only SSE
 * reconnects by itself; other framings (NDJSON...) are read like fetch, once, unless asked.
 */
export function reconnectByDefault(request: StreamRequest, framing: Framing = 'sse'): boolean {
  if (framing !== 'sse') return request.reconnect === true;
  if (request.reconnect !== undefined) return request.reconnect;
  if (/^wss?:/i.test(request.url)) return false;
  return (request.method ?? 'GET').toUpperCase() === 'GET';
}

/** Which engine a request runs on: a Socket.IO request is a WebSocket session whatever its scheme. */
export function requestTransport(request: StreamRequest): 'sse' | 'ws' | null {
  const transport = transportOf(request.url);
  return request.socketio !== undefined && transport !== null ? 'ws' : transport;
}

/** Which transport a URL asks for, or null when the scheme is not supported. */
export function transportOf(url: string): Transport | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return 'sse';
  if (scheme === 'ws' || scheme === 'wss') return 'ws';
  return null;
}
