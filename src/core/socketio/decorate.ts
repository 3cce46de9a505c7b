/**
 * Adds `decoded` to the frame records of a Socket.IO session as they pass (live and replayed
 * alike: see jsonrpc/decorate.ts). Only the record object gains a field: the frame's data, bytes
 * and what a recording stores stay exactly as they arrived.
 */
import type { RecordSink } from '../stream';
import { createSocketIoFrameDecoder } from './decoder';

export function withSocketIoDecoding(sink: RecordSink): RecordSink {
  const decoder = createSocketIoFrameDecoder();
  return (draft) => {
    if (draft.kind === 'response') decoder.reset();
    else if (draft.kind === 'frame') {
      if (draft.opcode === 'text') draft.decoded = decoder.text(draft.dir, draft.data);
      else if (draft.opcode === 'binary') draft.decoded = decoder.binary(draft.dir);
    }
    return sink(draft);
  };
}
