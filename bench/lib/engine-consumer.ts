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
  options: { recordTo?: string; capacity?: number; diagnostics?: boolean; onRecord?: (r: RecordDraft) => void } = {},
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
  let recorder: Recorder | null = null;
  if (options.recordTo) {
    const rec = createRecorder(options.recordTo, { transport, request });
    recorder = rec;
    session.setRecordHook((r: StreamRecord) => rec.write(r));
  }
  // Only a recording is checked against it: hashing is the harness's work, not the engine's, and
  // the bare consumer it is compared with does none.
  const hash = options.recordTo ? createHash('sha256') : null;
  let events = 0;
  let bytes = 0;
  const start = performance.now();
  const connection = openStream({ request }, (draft) => {
    if (draft.kind === 'chunk') {
      hash?.update(draft.bytes);
      bytes += draft.bytes.byteLength;
    } else if (draft.kind === 'event') events++;
    else if (draft.kind === 'frame' && draft.dir === 'in' && (draft.opcode === 'text' || draft.opcode === 'binary')) {
      events++;
      bytes += draft.size;
    }
    options.onRecord?.(draft);
    return session.sink(draft);
  });
  session.driver = connection;
  await connection.done;
  const ms = performance.now() - start;
  await recorder?.close();
  manager.flush();
  manager.close();
  return { events, bytes, ms, delivered, batches, sha256: hash?.digest('hex') ?? '' };
}
