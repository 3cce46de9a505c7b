import type { Transport } from '../../../shared/records';
import { useSessionView, useView } from '../../stores/view';
import { SIDE_PANELS } from './side-panels';

/** The right-hand pane: the selected record's detail and the other panels as sub-tabs. */
export function SidePanel({ sessionId, transport }: { sessionId: string; transport: Transport }) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const panels = SIDE_PANELS.filter((p) => !p.only || p.only === transport);
  const active = panels.find((p) => p.id === view.sideTab) ?? panels[0]!;
  return (
    <aside className="side-pane">
      <div role="tablist" aria-label="Panels" className="subtabs">
        {panels.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            aria-selected={p === active}
            className={p === active ? 'active' : ''}
            onClick={() => patchView(sessionId, transport, { sideTab: p.id })}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="side-body" aria-label={active.label}>
        {active.render({ sessionId, selectedSeq: view.selectedSeq })}
      </div>
    </aside>
  );
}
