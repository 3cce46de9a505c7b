import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { closeTab, newSession } from '../../stores/actions';
import { useSessions } from '../../stores/sessions';
import { useView } from '../../stores/view';
import { StatusPill } from './StatusPill';
import { requestToDraft } from '../../lib/request-draft';
import { useRequest } from '../../stores/request';

/** One tab per session with its status pill; "+" shows the launcher for a new connection. */
export function SessionTabs() {
  const order = useSessions(useShallow((s) => s.order));
  const activeId = useSessions((s) => s.activeId);
  const hasCompare = useView((s) => s.compare !== null);
  const showCompare = useView((s) => s.showCompare);
  const select = (id: string) => {
    useSessions.getState().setActive(id);
    useView.getState().setShowCompare(false);
    const info = useSessions.getState().sessions[id];
    // The request bar follows the tab, so Connect reopens what this tab shows.
    if (info && info.source === 'live') useRequest.getState().replace(requestToDraft(info.request));
  };
  return (
    <nav className="tabs" aria-label="Sessions">
      <div role="tablist" aria-label="Session tabs" className="tablist">
        {order.map((id) => (
          <SessionTab key={id} id={id} active={!showCompare && id === activeId} onSelect={() => select(id)} />
        ))}
        {hasCompare && <CompareTab selected={showCompare} />}
      </div>
      <button
        type="button"
        className="new-tab"
        aria-label="New session"
        title="New session from a clean request (shows the launcher)"
        onClick={() => newSession()}
      >
        +
      </button>
    </nav>
  );
}

function SessionTab({ id, active, onSelect }: { id: string; active: boolean; onSelect(): void }) {
  const title = useSessions((s) => s.sessions[id]?.title ?? id);
  const transport = useSessions((s) => s.sessions[id]?.transport ?? 'sse');
  const source = useSessions((s) => s.sessions[id]?.source ?? 'live');
  const recording = useSessions((s) => s.sessions[id]?.recording ?? false);
  const proxied = useSessions((s) => s.sessions[id]?.proxy !== undefined);
  const proxyStatus = useSessions((s) => s.sessions[id]?.proxy?.status ?? null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A new or selected tab may sit beyond the scrolled strip: bring it into view.
    if (active) ref.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active]);
  return (
    <div
      ref={ref}
      role="tab"
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      className={`tab ${active ? 'active' : ''}`}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onSelect();
      }}
      title={title}
    >
      <span className="tab-kind">{source === 'replay' ? 'REPLAY' : proxied ? 'PROXY' : transport.toUpperCase()}</span>
      {recording && <span className="rec-dot" aria-label="recording" />}
      <span className="tab-title">{shortTitle(title)}</span>
      {proxyStatus !== null && (
        <span className="tab-http-status" title="HTTP status from the upstream">
          {proxyStatus}
        </span>
      )}
      <StatusPill sessionId={id} />
      <button
        type="button"
        className="tab-close"
        aria-label={`Close tab ${title}`}
        onClick={(e) => {
          e.stopPropagation();
          void closeTab(id);
        }}
      >
        ×
      </button>
    </div>
  );
}

function CompareTab({ selected }: { selected: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected]);
  return (
    <div
      ref={ref}
      role="tab"
      aria-selected={selected}
      tabIndex={0}
      className={`tab ${selected ? 'active' : ''}`}
      onClick={() => useView.getState().setShowCompare(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') useView.getState().setShowCompare(true);
      }}
    >
      SSE vs WS
    </div>
  );
}

/** A URL title without scheme and host (the tab is narrow; the full title is its tooltip). */
function shortTitle(title: string): string {
  return title.replace(/^(https?|wss?):\/\/[^/]+/i, '') || title;
}
