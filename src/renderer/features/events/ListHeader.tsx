import { Separator } from '../../components/Separator';
import { COLUMN_MAX, COLUMN_MIN, LIST_COLUMNS, useLayout, type ListColumn } from '../../stores/layout';

const TITLES: Record<ListColumn | 'data', string> = {
  seq: '#',
  time: 'time',
  delta: 'Δ',
  type: 'type',
  id: 'id',
  size: 'size',
  data: 'data',
};
/** Names for assistive technology where the header is a symbol. */
const NAMES: Partial<Record<ListColumn, string>> = { seq: 'sequence number', delta: 'time since previous' };

/**
 * The list's header row, with a resize handle at the right edge of every column but the last:
 * drag it, or focus it and use the arrow keys. Its column headers are exposed to assistive
 * technology as a one-row table of their own: the Events grid holds only event rows, which is
 * what its aria-rowcount counts. `columns`: the widths shown (fitColumns'), which a handle starts
 * from, so a column narrowed to fit the list follows the pointer from where it is drawn.
 * `valuePath`: the JSON path shown as a column, if any.
 */
export function ListHeader({ columns, valuePath }: { columns: Record<ListColumn, number>; valuePath: string | null }) {
  const setColumn = useLayout((s) => s.setColumn);
  return (
    <div role="table" aria-label="Event list columns">
      <div role="row" className="ev-head">
        {LIST_COLUMNS.map((c) => (
          <div key={c} role="columnheader" className={`c-${c}`} aria-label={NAMES[c] ?? TITLES[c]}>
            <span className="ev-head-title">{TITLES[c]}</span>
            <Separator
              label={`Resize the ${NAMES[c] ?? TITLES[c]} column`}
              className="col-resize"
              value={columns[c]}
              min={COLUMN_MIN}
              max={COLUMN_MAX}
              step={10}
              valueText={`${columns[c]} pixels`}
              onChange={(w) => setColumn(c, w)}
              fromDrag={(start, dx) => start + dx}
            />
          </div>
        ))}
        {valuePath !== null && (
          <div role="columnheader" className="c-value" title={`The value at ${valuePath} in each event`}>
            <span className="ev-head-title">{valuePath}</span>
          </div>
        )}
        <div role="columnheader" className="c-data">
          {TITLES.data}
        </div>
      </div>
    </div>
  );
}
