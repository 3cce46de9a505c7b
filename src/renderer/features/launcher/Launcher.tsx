import { useEffect, useState } from 'react';
import type { ScenarioInfo } from '#shared/api';
import { getApi } from '../../bridge';
import { launchDemo, launchScenario } from '../../lib/session-actions';
import { useRequest } from '../../stores/request';
import { OpenRecordingButton } from '../replay';
import { OpenWatchConfigButton } from '../watch';
import { CodeSpans } from './CodeSpans';
import { InterceptButton, InterceptPanel } from '../intercept';

/** The first screen: one click to the embedded demo (SSE, WebSocket, compare), its scenarios, or a recording. */
export function Launcher() {
  const [scenarios, setScenarios] = useState<ScenarioInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const recent = useRequest((s) => s.recentUrls);
  useEffect(() => {
    let alive = true;
    void getApi()
      .demo.scenarios()
      .then((res) => {
        if (!alive) return;
        if (res.ok) setScenarios(res.value);
        else setError(res.error.message);
      });
    return () => {
      alive = false;
    };
  }, []);
  return (
    <section className="launcher" aria-label="Start">
      <h2>Inspect a stream</h2>
      <p className="muted">
        Type an SSE (http/https) or WebSocket (ws/wss) URL above and press <kbd>Connect</kbd> (<kbd>Ctrl</kbd>+
        <kbd>Enter</kbd>), paste a curl command into the URL field, or start with the built-in demo:
      </p>
      <div className="launcher-actions">
        <button type="button" className="primary" onClick={() => void launchDemo('sse')}>
          Demo: SSE stream
        </button>
        <button type="button" onClick={() => void launchDemo('ws')}>
          Demo: WebSocket
        </button>
        <button type="button" onClick={() => void launchDemo('compare')}>
          Demo: SSE vs WebSocket
        </button>
        <OpenRecordingButton />
        <OpenWatchConfigButton />
        <InterceptButton />
      </div>
      <InterceptPanel />
      <p className="muted launcher-fast">
        The demo sends a message every 2 s and a status every 5 s. Faster (every 0.5 s and 2 s):{' '}
        <button type="button" className="link" onClick={() => void launchDemo('sse', 'fast')}>
          SSE, faster
        </button>{' '}
        ·{' '}
        <button type="button" className="link" onClick={() => void launchDemo('ws', 'fast')}>
          WebSocket, faster
        </button>
      </p>
      <p className="muted">You can also drop a recording (.ssrec, .sse, .har) anywhere on this window.</p>
      <h3>Demo scenarios</h3>
      {error && <p className="inline-error">Scenarios unavailable: {error}</p>}
      {!scenarios && !error && <p className="muted">Loading…</p>}
      {scenarios && (
        <ul className="scenario-list" aria-label="Demo scenarios">
          {scenarios.map((s) => (
            <li key={s.name}>
              <button type="button" className="link" onClick={() => void launchScenario(s.path, s.method)}>
                <strong>{s.name}</strong>
              </button>{' '}
              <span className="badge">{s.method}</span>{' '}
              <span className="muted">
                <CodeSpans text={s.description} />
              </span>
            </li>
          ))}
        </ul>
      )}
      {recent.length > 0 && (
        <>
          <h3>Recent</h3>
          <ul className="recent-list">
            {recent.slice(0, 8).map((u) => (
              <li key={u}>
                <button type="button" className="link" onClick={() => useRequest.getState().patch({ url: u })}>
                  {u}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
