/**
 * One entry point for every live stream: picks the engine from the URL's scheme.
 */
import type { RecordSink, StreamConnection, StreamOptions } from './stream';
import { transportOf } from '../shared/request';
import { createSseConnection } from './sse/connection';
import { createWsConnection } from './ws/connection';

/**
 * Opens `options.request.url`: SSE for http(s), WebSocket for ws(s). Anything else goes to the SSE
 * engine, which reports it as an `invalid-url` error record and closes (no throw).
 */
export function openStream(options: StreamOptions, sink: RecordSink): StreamConnection {
  if (transportOf(options.request.url) === 'ws') return createWsConnection(options, sink);
  return createSseConnection(options, sink);
}
