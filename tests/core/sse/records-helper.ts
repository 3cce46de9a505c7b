import type { RecordDraft } from '../../../src/shared/records';
import type { RecordSink } from '../../../src/core/stream';

/** A sink that numbers records like a Session would and keeps them for assertions. */
export function collectingSink(): { sink: RecordSink; records: RecordDraft[]; seqs: number[] } {
  const records: RecordDraft[] = [];
  const seqs: number[] = [];
  const sink: RecordSink = (record) => {
    records.push(record);
    seqs.push(records.length - 1);
    return records.length - 1;
  };
  return { sink, records, seqs };
}

type Of<K extends RecordDraft['kind']> = Extract<RecordDraft, { kind: K }>;

export function ofKind<K extends RecordDraft['kind']>(records: RecordDraft[], kind: K): Of<K>[] {
  return records.filter((r): r is Of<K> => r.kind === kind);
}

/** Compact view of events for assertions. */
export function eventsOf(
  records: RecordDraft[],
): Array<{ type: string; data: string; lastEventId: string; id: string | null }> {
  return ofKind(records, 'event').map(({ type, data, lastEventId, id }) => ({ type, data, lastEventId, id }));
}

/** state records as "readyState:reason". */
export function statesOf(records: RecordDraft[]): string[] {
  return ofKind(records, 'state').map((s) => `${s.readyState}:${s.reason}`);
}
