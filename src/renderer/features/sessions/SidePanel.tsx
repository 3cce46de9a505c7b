import { AssemblePanel } from '../assemble';
import { ChartsPanel } from '../charts';
import { ComposerPanel } from '../composer';
import { DetailPane } from '../detail';
import { DiagnosticsPanel } from '../diagnostics';
import { StatsPanel } from '../stats';
import { TimelinePanel } from '../timeline';
import { useSessionView, useView, type SideTab } from '../../stores/view';

const TABS: Array<{ id: SideTab; label: string; wsOnly?: boolean }> = [
  { id: 'detail', label: 'Detail' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'charts', label: 'Charts' },
  { id: 'stats', label: 'Stats' },
  { id: 'assemble', label: 'Assemble' },
  { id: 'diagnostics', label: 'Diagnostics' },
  { id: 'composer', label: 'Send', wsOnly: true },
];

/** The right-hand pane: the selected record's detail and the other panels as sub-tabs. */
export function SidePanel({ sessionId, transport }: { sessionId: string; transport: 'sse' | 'ws' }) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const tabs = TABS.filter((t) => !t.wsOnly || transport === 'ws');
  const active = tabs.some((t) => t.id === view.sideTab) ? view.sideTab : 'detail';
  return (
    <aside className="side-pane">
      <div role="tablist" aria-label="Panels" className="subtabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={t.id === active}
            className={t.id === active ? 'active' : ''}
            onClick={() => patchView(sessionId, transport, { sideTab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="side-body" aria-label={tabs.find((t) => t.id === active)?.label}>
        {active === 'detail' && <DetailPane sessionId={sessionId} seq={view.selectedSeq} />}
        {active === 'timeline' && <TimelinePanel sessionId={sessionId} />}
        {active === 'charts' && <ChartsPanel sessionId={sessionId} />}
        {active === 'stats' && <StatsPanel sessionId={sessionId} />}
        {active === 'assemble' && <AssemblePanel sessionId={sessionId} />}
        {active === 'diagnostics' && <DiagnosticsPanel sessionId={sessionId} />}
        {active === 'composer' && <ComposerPanel sessionId={sessionId} />}
      </div>
    </aside>
  );
}
