import { useSessionView, useView } from '../../stores/view';
import type { FilteredRows } from './use-filtered-rows';
import type { Transport } from '../../../shared/records';

/** One chip per event type seen (with its count); selecting chips narrows the list to those types. */
export function TypeChips({
  sessionId,
  transport,
  rows,
}: {
  sessionId: string;
  transport: Transport;
  rows: FilteredRows;
}) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const types = [...rows.index.typeCounts].slice(0, 40);
  if (types.length === 0) return null;
  const selected = view.filter.types;
  const toggle = (t: string) =>
    patchView(sessionId, transport, {
      filter: { ...view.filter, types: selected.includes(t) ? selected.filter((x) => x !== t) : [...selected, t] },
    });
  return (
    <div className="type-chips" role="group" aria-label="Event types">
      {types.map(([t, n]) => (
        <button key={t} type="button" className="chip" aria-pressed={selected.includes(t)} onClick={() => toggle(t)}>
          {t} <span className="chip-count">{n.toLocaleString()}</span>
        </button>
      ))}
      {selected.length > 0 && (
        <button
          type="button"
          className="link"
          onClick={() => patchView(sessionId, transport, { filter: { ...view.filter, types: [] } })}
        >
          all types
        </button>
      )}
    </div>
  );
}
