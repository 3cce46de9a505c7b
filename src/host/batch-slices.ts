/**
 * A batch for the page in messages it can take without a long task. One flush under a firehose
 * holds up to 10,000 records (a few MB of JSON): parsed as one message, the page cannot handle a
 * click until the whole of it is parsed and applied. Cut into slices of about `maxBytes`, each
 * message is parsed in a task of its own and input is handled between them.
 */
import type { WireBatch, WireRecord } from '../shared/host-protocol';

/** Default slice: ~256 KB of JSON, parsed and applied by a page in a few ms. */
export const SLICE_BYTES = 256 * 1024;

/** About what a record weighs in JSON: its long strings, plus its other fields. */
function weight(r: WireRecord): number {
  const FIELDS = 200;
  if (r.kind === 'chunk') return FIELDS + r.bytes.length;
  if (r.kind === 'event') return FIELDS + r.data.length;
  if (r.kind === 'frame') return FIELDS + r.data.length + (r.bytes?.length ?? 0);
  return FIELDS;
}

/**
 * The batch as consecutive slices of its records, in order. The first slice carries the
 * sessions' info and the skipped counts (the page applies those before the records, as it would
 * for the whole batch); the others carry records only. A record larger than `maxBytes` is a
 * slice of its own.
 */
export function sliceBatch(batch: WireBatch, maxBytes = SLICE_BYTES): WireBatch[] {
  const slices: WireBatch[] = [];
  let from = 0;
  let bytes = 0;
  const cut = (to: number) => {
    const first = slices.length === 0;
    slices.push({
      records: batch.records.slice(from, to),
      skipped: first ? batch.skipped : [],
      sessions: first ? batch.sessions : [],
    });
    from = to;
    bytes = 0;
  };
  for (let i = 0; i < batch.records.length; i++) {
    const w = weight(batch.records[i]!);
    if (bytes > 0 && bytes + w > maxBytes) cut(i);
    bytes += w;
  }
  if (from < batch.records.length || slices.length === 0) cut(batch.records.length);
  return slices;
}
