import type { ReactNode } from 'react';
import type { Transport } from '#shared/records';
import { AssemblePanel } from '../assemble';
import { ChartsPanel } from '../charts';
import { ComposerPanel } from '../composer';
import { DetailPane } from '../detail';
import { DiagnosticsPanel } from '../diagnostics';
import { StatsPanel } from '../stats';
import { TimelinePanel } from '../timeline';

export interface SidePanelEntry {
  /** Stored as the session view's `sideTab`. */
  id: string;
  label: string;
  /** Offered only for sessions of this transport. */
  only?: Transport;
  render(p: { sessionId: string; selectedSeq: number | null }): ReactNode;
}

/** The side pane's panels in tab order (the first is the default): adding a panel is one entry. */
export const SIDE_PANELS: readonly SidePanelEntry[] = [
  { id: 'detail', label: 'Detail', render: (p) => <DetailPane sessionId={p.sessionId} seq={p.selectedSeq} /> },
  { id: 'timeline', label: 'Timeline', render: (p) => <TimelinePanel sessionId={p.sessionId} /> },
  { id: 'charts', label: 'Charts', render: (p) => <ChartsPanel sessionId={p.sessionId} /> },
  { id: 'stats', label: 'Stats', render: (p) => <StatsPanel sessionId={p.sessionId} /> },
  { id: 'assemble', label: 'Assemble', render: (p) => <AssemblePanel sessionId={p.sessionId} /> },
  { id: 'diagnostics', label: 'Diagnostics', render: (p) => <DiagnosticsPanel sessionId={p.sessionId} /> },
  { id: 'composer', label: 'Send', only: 'ws', render: (p) => <ComposerPanel sessionId={p.sessionId} /> },
];
