import { newSession } from '../../lib/session-actions';
import { useSessions } from '../../stores/sessions';
import { useSessionView } from '../../stores/view';
import { EventList, FilterBar, useFilteredRows } from '../events';
import { ExportHarButton, RecordControls, ReplayControls } from '../replay';
import { ErrorBanner } from './ErrorBanner';
import { SessionEmpty } from './SessionEmpty';
import { SidePanel } from './SidePanel';
import { SplitHandle } from './SplitHandle';
import { useLayout } from '../../stores/layout';
import type { CSSProperties } from 'react';

/** One session: toolbar, inline error, filterable live list on the left, detail and panels on the right. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const transport = useSessions((s) => s.sessions[sessionId]?.transport ?? 'sse');
  const source = useSessions((s) => s.sessions[sessionId]?.source ?? 'live');
  const url = useSessions((s) => s.sessions[sessionId]?.request.url ?? '');
  const view = useSessionView(sessionId, transport);
  const rows = useFilteredRows(sessionId, view.filter, view.paused);
  const sidePercent = useLayout((s) => s.sidePercent);
  return (
    <section className="session-view" aria-label="Session">
      <div className={`session-toolbar ${source === 'replay' ? 'replay' : ''}`}>
        <span className="session-url" title={url}>
          {url}
        </span>
        <span className="spacer" />
        {source === 'replay' ? (
          <ReplayControls sessionId={sessionId} />
        ) : (
          <>
            <button
              type="button"
              onClick={() => newSession(sessionId)}
              title="A new session starting from this one's request (URL, method, headers, body)"
            >
              Duplicate
            </button>
            <RecordControls sessionId={sessionId} />
          </>
        )}
        <ExportHarButton sessionId={sessionId} />
      </div>
      <ErrorBanner sessionId={sessionId} />
      <div className="split" style={{ '--side-width': `${sidePercent}%` } as CSSProperties}>
        <div className="list-pane">
          <FilterBar key={sessionId} sessionId={sessionId} transport={transport} rows={rows} />
          <div className="list-area">
            <EventList sessionId={sessionId} transport={transport} rows={rows} />
            {rows.count === 0 && (
              <SessionEmpty
                sessionId={sessionId}
                rows={rows}
                narrowed={view.filter.text !== '' || view.filter.jsonPath !== '' || view.filter.types.length > 0}
              />
            )}
          </div>
        </div>
        <SplitHandle />
        <SidePanel sessionId={sessionId} transport={transport} />
      </div>
    </section>
  );
}
