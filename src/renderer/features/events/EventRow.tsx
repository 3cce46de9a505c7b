import { memo } from 'react';
import { showBidiControls } from '#shared/control-chars';
import type { StreamRecord } from '#shared/records';
import { formatBytes } from '#shared/byte-size';
import { formatClock, formatDelta, preview } from '../../lib/format';
import { recordText, recordType, type MatchFinder } from '../../lib/record-filter';
import { Marked } from '../../components/Marked';
import { decodedColumn, decodedIsError, decodedLabel } from '../../lib/decoded-label';
import type { PathValueReader } from '../../lib/path-value';

export const ROW_HEIGHT = 24;

function sizeOf(r: StreamRecord): number | null {
  if (r.kind === 'event' || r.kind === 'frame') return r.size;
  if (r.kind === 'chunk') return r.bytes.byteLength;
  return null;
}

/**
 * The list's "id / event" column: an SSE event's id; else what a decoder read: the Socket.IO event
 * a frame carries, the GraphQL operation a message belongs to.
 */
function idOrEventName(r: StreamRecord): string {
  if (r.kind === 'event') return r.id ?? decodedColumn(r.decoded);
  if (r.kind === 'frame') return decodedColumn(r.decoded);
  return '';
}

interface Props {
  record: StreamRecord | undefined;
  prevT: number | undefined;
  rowIndex: number;
  top: number;
  selected: boolean;
  onSelect(seq: number): void;
  /** Marks the text filter's matches in the data preview. */
  find?: MatchFinder | null;
  /** The JSON-path column: read here, so only rows in view parse their JSON. */
  column?: PathValueReader | null;
}

/** One record as a fixed-height grid row: #, time, Δ, type, id, size, [JSON-path value], data preview. */
export const EventRow = memo(function EventRow({
  record,
  prevT,
  rowIndex,
  top,
  selected,
  onSelect,
  find,
  column,
}: Props) {
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
  if (!record) {
    return (
      <div role="row" aria-rowindex={rowIndex + 1} className="ev-row dropped" style={style}>
        <div role="gridcell" className="c-data muted">
          (no longer in the buffer)
        </div>
      </div>
    );
  }
  const size = sizeOf(record);
  const decodedRecord = record.kind === 'event' || record.kind === 'frame' ? record.decoded : undefined;
  const decoded = decodedLabel(decodedRecord);
  const kindClass = record.kind === 'frame' ? `k-frame dir-${record.dir}` : `k-${record.kind}`;
  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 1}
      aria-selected={selected}
      data-seq={record.seq}
      className={`ev-row ${kindClass} ${selected ? 'selected' : ''}`}
      style={style}
      onClick={() => onSelect(record.seq)}
    >
      <div role="gridcell" className="c-seq">
        {record.seq}
      </div>
      <div role="gridcell" className="c-time">
        {formatClock(record.t)}
      </div>
      <div role="gridcell" className="c-delta">
        {prevT === undefined ? '' : formatDelta(record.t - prevT)}
      </div>
      <div role="gridcell" className="c-type">
        {record.kind === 'frame' && (
          <span className="dir-arrow" aria-hidden="true" title={record.dir === 'in' ? 'received' : 'sent'}>
            {record.dir === 'in' ? '↓' : '↑'}{' '}
          </span>
        )}
        <span>{showBidiControls(recordType(record))}</span>
      </div>
      <div role="gridcell" className="c-id">
        {showBidiControls(idOrEventName(record))}
      </div>
      <div role="gridcell" className="c-size">
        {size === null ? '' : formatBytes(size)}
      </div>
      {column && (
        <div role="gridcell" className="c-value">
          {column.read(record)}
        </div>
      )}
      <div role="gridcell" className="c-data">
        {decoded && (
          <span className={decodedIsError(decodedRecord) ? 'decoded-badge decoded-error' : 'decoded-badge'}>
            {decoded}
          </span>
        )}
        <Marked text={preview(recordText(record))} find={find} />
      </div>
    </div>
  );
});
