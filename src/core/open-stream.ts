/**
 * One entry point for every live stream: picks the engine from the URL's scheme, and decodes the
 * protocols the messages speak (JSON-RPC, GraphQL) on the way to the sink.
 */
import type { RecordSink, StreamConnection, StreamOptions } from './stream';
import { transportOf } from '#shared/request';
import { createSseConnection } from './sse/connection';
import { createWsConnection } from './ws/connection';
import { withProtocolDecoding } from './jsonrpc/decorate';
import { createMcpConnection } from './jsonrpc/mcp';
import { createGraphqlWsConnection } from './graphql/ws-connection';
import { createGraphqlSseConnection } from './graphql/sse-connection';
import { createSocketIoConnection } from './socketio/connection';

/**
 * Opens `options.request.url`: SSE for http(s), WebSocket for ws(s). Anything else goes to the SSE
 * engine, which reports it as an `invalid-url` error record and closes (no throw).
 */
export function openStream(options: StreamOptions, sink: RecordSink): StreamConnection {
  const decoding = withProtocolDecoding(sink, options.request);
  if (options.request.socketio !== undefined) return createSocketIoConnection(options, decoding);
  const ws = transportOf(options.request.url) === 'ws';
  if (options.request.graphql !== undefined)
    return ws ? createGraphqlWsConnection(options, decoding) : createGraphqlSseConnection(options, decoding);
  if (ws) return createWsConnection(options, decoding);
  if (options.request.preset === 'mcp') return createMcpConnection(options, decoding);
  return createSseConnection(options, decoding);
}
