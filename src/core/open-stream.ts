/**
 * One entry point for every live stream: picks the engine from the URL's scheme.
 */
import { now } from './clock';
import type { RecordSink, StreamConnection, StreamOptions } from './stream';
import { transportOf } from '../shared/request';
import { WS_CLOSED } from '../shared/records';
import { createSseConnection } from './sse/connection';

/**
 * Opens `options.request.url`: SSE for http(s), WebSocket for ws(s). Anything else goes to the SSE
 * engine, which reports it as an `invalid-url` error record and closes (no throw).
 */
export function openStream(options: StreamOptions, sink: RecordSink): StreamConnection {
  if (transportOf(options.request.url) === 'ws') {
    // Replaced by src/core/ws's engine when it lands.
    return createUnavailableWsConnection(sink);
  }
  return createSseConnection(options, sink);
}

function createUnavailableWsConnection(sink: RecordSink): StreamConnection {
  const message = 'WebSocket streams are not available yet';
  sink({ kind: 'error', t: now(), connection: 1, code: 'ws-protocol', message, fatal: true });
  sink({ kind: 'state', t: now(), connection: 1, readyState: WS_CLOSED, reason: 'network-error', message });
  return { transport: 'ws', readyState: WS_CLOSED, close() {}, done: Promise.resolve() };
}
