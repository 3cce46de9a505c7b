import { memo, useMemo } from 'react';
import type { StreamRecord } from '#shared/records';
import { getRecords, useSessionVersion } from '../../stores/sessions';
import { useView } from '../../stores/view';
import { compileFilter, type MatchFinder } from '../../lib/record-filter';
import { RecordDetail } from './RecordDetail';

/** The selected record's detail; an empty state until a row is picked. */
export function DetailPane({ sessionId, seq }: { sessionId: string; seq: number | null }) {
  const version = useSessionVersion(sessionId);
  // The list's text filter, marked in the detail too.
  const filter = useView((s) => s.views[sessionId]?.filter);
  const find = useMemo(() => (filter?.text ? compileFilter(filter).highlight : null), [filter]);
  const { record, evicted, capacity } = useMemo(() => {
    const ring = getRecords(sessionId);
    const found = seq === null ? null : (ring.get(ring.indexOfSeq(seq)) ?? null);
    const oldest = ring.get(0);
    // Older than everything held while the ring has overwritten records: pushed out, not cleared.
    const pushedOut = seq !== null && !found && ring.evicted > 0 && oldest !== undefined && seq < oldest.seq;
    return { record: found, evicted: pushedOut, capacity: ring.capacity };
    // The record may arrive (or leave the ring) after it was selected.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says when the ring, mutated in place, changed
  }, [sessionId, seq, version]);
  if (seq === null) {
    return (
      <div className="empty-state">
        <p>Select a row to see its parsed fields, raw bytes and the chunks it arrived in.</p>
        <p className="muted">Tip: focus the list and use ↑ / ↓.</p>
      </div>
    );
  }
  if (!record) {
    return (
      <div className="empty-state" role="status">
        {evicted ? (
          <p>
            Record #{seq} was evicted from this session's {capacity.toLocaleString('en-US')}-record buffer: newer
            records took its place. Select a row to see another.
          </p>
        ) : (
          <p>Record #{seq} is not in the buffer (cleared, or never received by this page).</p>
        )}
      </div>
    );
  }
  return <MemoDetail sessionId={sessionId} record={record} find={find} />;
}

// Batches re-render the pane's parent; the detail itself only changes with the selected record.
const MemoDetail = memo(function MemoDetail({
  sessionId,
  record,
  find,
}: {
  sessionId: string;
  record: StreamRecord;
  find: MatchFinder | null;
}) {
  return <RecordDetail sessionId={sessionId} record={record} find={find} />;
});
