import { Suspense } from 'react';
import { CompareView } from './features/compare';
import { Notice } from './components/Notice';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { ThemeToggle } from './components/ThemeToggle';
import { Launcher } from './features/launcher';
import { DropZone, OpenRecordingButton } from './features/replay';
import { RequestBar } from './features/request';
import { SessionTabs, SessionView } from './features/sessions';
import { useShortcuts } from './lib/use-shortcuts';
import { useFocusLanding } from './lib/use-focus-landing';
import { useSessions } from './stores/sessions';
import { useView } from './stores/view';
import { useWatch } from './stores/watch';
import { WatchButton, WatchView } from './features/watch';

/** The shell: request bar, session tabs, and the active session (or the launcher, or the compare view). */
export function App() {
  useShortcuts();
  const activeId = useSessions((s) => (s.activeId && s.sessions[s.activeId] ? s.activeId : null));
  const compare = useView((s) => (s.showCompare ? s.compare : null));
  const showWatch = useWatch((s) => s.show);
  useFocusLanding(showWatch ? 'watch' : compare ? `compare:${compare.sseSessionId}` : (activeId ?? 'launcher'));
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Streamscope</span>
        <RequestBar />
      </header>
      <Notice />
      <div className="tabbar">
        <SessionTabs />
        <div className="topbar-tools">
          <WatchButton />
          <OpenRecordingButton />
          <ThemeToggle />
          <button
            type="button"
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
            onClick={() => useView.getState().setShortcutsOpen(true)}
          >
            ?
          </button>
        </div>
      </div>
      <main className="workspace">
        <Suspense fallback={<p className="workspace-loading">Loading…</p>}>
          {showWatch ? (
            <WatchView />
          ) : compare ? (
            <CompareView sseSessionId={compare.sseSessionId} wsSessionId={compare.wsSessionId} />
          ) : activeId ? (
            <SessionView key={activeId} sessionId={activeId} />
          ) : (
            <Launcher />
          )}
        </Suspense>
      </main>
      <ShortcutsDialog />
      <DropZone />
    </div>
  );
}
