/**
 * The engine as the app runs it: openStream into a Session of a SessionManager (ring buffer,
 * stats, batcher with a subscriber that takes every batch), optionally recording to disk. SSE for
 * http(s) URLs, WebSocket for ws(s): an event is an SSE event or an inbound data frame.
 */
import { createHash } from 'node:crypto';
import { openStream } from '../../src/core/open-stream';
import { transportOf } from '../../src/shared/request';
import { createSessionManager } from '../../src/core/session/manager';
import { createRecorder, type Recorder } from '../../src/core/recording/recorder';
import type { RecordDraft, StreamRecord } from '../../src/shared/records';
import type { RecordSink } from '../../src/core/stream';

export interface EngineResult {
  events: number;
  bytes: number;
  ms: number;
  /** Records delivered to the batch subscriber. */
  delivered: number;
  batches: number;
  /** sha256 of every chunk's bytes, in order, when recording (what row 3 checks the file with); else ''. */
  sha256: string;
}

export async function engineConsume(
  url: string,
  options: {
    recordTo?: string;
    capacity?: number;
    diagnostics?: boolean;
    /** Sees every record on its way in (the session then gets them one by one, as records). */
    onRecord?: (r: RecordDraft) => void;
    /** Called as each network read arrives, with the records the session numbered before it. */
    onRead?: (recordsBefore: number) => void;
  } = {},
): Promise<EngineResult> {
  const manager = createSessionManager();
  const request = { url, reconnect: false };
  const transport = transportOf(url) ?? 'sse';
  const session = manager.create({
    transport,
    source: 'live',
    title: url,
    request,
    capacity: options.capacity,
    diagnostics: options.diagnostics === false ? false : undefined,
  });
  let delivered = 0;
  let batches = 0;
  manager.subscribe((batch) => {
    batches++;
    delivered += batch.records.length;
  });
  const recorder: Recorder | null = options.recordTo ? createRecorder(options.recordTo, { transport, request }) : null;
  // Only a recording is checked against it, after the clock stops: hashing is the harness's work,
  // not the engine's, and the bare consumer it is compared with does none.
  const received: Uint8Array[] | null = options.recordTo ? [] : null;
  const start = performance.now();
  // SSE goes straight into the session's own sink, which takes the events of a read whole, and
  // is counted by the session; a WebSocket's data frames, or a caller watching each record, are
  // counted here on their way in.
  let counted = { events: 0, bytes: 0 };
  const watch = options.onRecord;
  const sink: RecordSink =
    transport === 'sse' && watch === undefined
      ? session.sink
      : (draft) => {
          if (draft.kind === 'chunk') counted.bytes += draft.bytes.byteLength;
          else if (draft.kind === 'event') counted.events++;
          else if (
            draft.kind === 'frame' &&
            draft.dir === 'in' &&
            (draft.opcode === 'text' || draft.opcode === 'binary')
          ) {
            counted.events++;
            counted.bytes += draft.size;
          }
          watch?.(draft);
          return session.sink(draft);
        };
  const onRead = options.onRead;
  if (recorder || onRead) {
    // The hook sees the records a recording keeps: a read's chunk among them.
    session.setRecordHook((r: StreamRecord) => {
      if (r.kind === 'chunk') {
        received?.push(r.bytes);
        onRead?.(r.seq);
      }
      recorder?.write(r);
    });
  }
  const connection = openStream({ request }, sink);
  session.driver = connection;
  await connection.done;
  const ms = performance.now() - start;
  if (sink === session.sink) counted = session.stats.snapshot();
  const { events, bytes } = counted;
  await recorder?.close();
  manager.flush();
  manager.close();
  let sha256 = '';
  if (received) {
    const hash = createHash('sha256');
    for (const bytes of received) hash.update(bytes);
    sha256 = hash.digest('hex');
  }
  return { events, bytes, ms, delivered, batches, sha256 };
}
