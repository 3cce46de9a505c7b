/**
 * Adds `decoded` to the records of a stream as they pass: GraphQL subscription messages
 * (graphql-ws frames, graphql-sse events), JSON-RPC in SSE event data, NDJSON lines and WebSocket
 * text frames. Live streams and replays are wrapped alike (open-stream.ts,
 * replayer.ts), so a replay decodes exactly as the live session did. Only the record object
 * gains a field: chunk bytes, `data` and what a recording stores stay as they were.
 */
import type { StreamRequest } from '#shared/request';
import { withEventRuns, type EventRun, type RecordSink } from '../stream';
import type { RecordDraft } from '#shared/records';
import { withSocketIoDecoding } from '../socketio/decorate';
import { createJsonRpcTracker, mentionsJsonRpc, type Direction } from './tracker';
import { createGraphqlDecoration } from '../graphql/decorate';

/** Wraps `sink` so event and text frame records carry what the protocol decoders read in them. */
export function withProtocolDecoding(sink: RecordSink, request: StreamRequest): RecordSink {
  // A Socket.IO session's frames are Engine.IO packets, read by their own decoder.
  if (request.socketio !== undefined) return withSocketIoDecoding(sink);
  const jsonRpc = createJsonRpcTracker();
  const graphql = createGraphqlDecoration(request);

  function decorate(draft: Extract<RecordDraft, { kind: 'event' | 'frame' }>, text: string, dir: Direction): number {
    const decoded = jsonRpc.decode(text, draft.t, dir);
    if (decoded === undefined) return sink(draft);
    draft.decoded = decoded;
    const seq = sink(draft);
    jsonRpc.recorded(seq);
    return seq;
  }

  // Runs of events pass on whole unless a decoder would read something in them.
  const takeEvents = sink.takeEvents;
  const passRun =
    takeEvents === undefined || graphql.decodesEvents
      ? undefined
      : (run: EventRun) => !mentionsJsonRpc(run.text, run.dataStart[0], run.dataEnd[run.count - 1]) && takeEvents(run);

  return withEventRuns((draft) => {
    const decodedGraphql = graphql.decode(draft);
    if (decodedGraphql !== undefined) {
      (draft as Extract<RecordDraft, { kind: 'event' | 'frame' }>).decoded = decodedGraphql;
      return sink(draft);
    }
    switch (draft.kind) {
      case 'response':
        // An HTTP request body may itself be JSON-RPC (MCP's POST): its answers come in this
        // response, and their latency counts from when it was sent.
        if (request.body !== undefined && draft.status === 200) jsonRpc.sent(request.body, draft.requestSentAt);
        return sink(draft);
      case 'event':
        return decorate(draft, draft.data, 'in');
      case 'frame':
        return draft.opcode === 'text' ? decorate(draft, draft.data, draft.dir) : sink(draft);
      default:
        return sink(draft);
    }
  }, passRun);
}
