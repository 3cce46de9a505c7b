/**
 * The Watch view: the streams of a `watch` config with their health, as `streamscope watch` serves
 * them at /metrics. Polled once a second while shown (a handful of rows, not a firehose); a click
 * opens a live session on the stream with its configured request.
 */
import { useEffect, useState } from 'react';
import { getApi } from '../../bridge';
import { FileButton } from '../../components/FileButton';
import { adoptSession } from '../../lib/session-actions';
import { useView } from '../../stores/view';
import { useWatch } from '../../stores/watch';
import { ageText, assertionsText, healthOf } from './watch-model';
import './watch.css';

const POLL_MS = 1000;

async function refresh(): Promise<void> {
  const res = await getApi().watch.status();
  if (res.ok) useWatch.getState().setOverview(res.value);
}

async function openConfig(file: File): Promise<void> {
  const res = await getApi().watch.openText(file.name, await file.text());
  if (!res.ok) {
    useView.getState().setNotice(`Watch failed: ${res.error.message}`);
    return;
  }
  useView.getState().setNotice(null);
  useWatch.getState().setOverview(res.value);
  useWatch.getState().setShow(true);
}

async function stopWatch(): Promise<void> {
  await getApi().watch.stop();
  useWatch.getState().setOverview(null);
  useWatch.getState().setShow(false);
}

async function openStream(name: string): Promise<void> {
  const res = await getApi().watch.openSession(name);
  if (res.ok) adoptSession(res.value);
  else useView.getState().setNotice(`Opening ${name} failed: ${res.error.message}`);
}

/** "Watch streams…": pick a watch config (JSON or YAML) and start following it. */
export function OpenWatchConfigButton() {
  return (
    <FileButton fileLabel="Watch config file" accept=".json,.yaml,.yml" onFile={(file) => void openConfig(file)}>
      Watch streams…
    </FileButton>
  );
}

/** The top bar's way back to the Watch view while a watch runs. */
export function WatchButton() {
  const running = useWatch((s) => s.overview?.configName ?? null);
  const show = useWatch((s) => s.show);
  if (!running) return null;
  return (
    <button
      type="button"
      aria-pressed={show}
      title={`Watching ${running}`}
      onClick={() => useWatch.getState().setShow(!show)}
    >
      Watch
    </button>
  );
}

export function WatchView() {
  const overview = useWatch((s) => s.overview);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      setNow(Date.now());
      void refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, []);
  if (!overview?.configName) return <WatchEmpty />;
  return (
    <section className="watch-view" aria-label="Watch">
      <header className="watch-head">
        <h2>
          Watching <code>{overview.configName}</code>
        </h2>
        <span className="muted">
          {overview.streams.filter((s) => s.up).length} of {overview.streams.length} open · metrics at{' '}
          <code>{overview.metricsUrl}</code>
        </span>
        <span className="watch-actions">
          <OpenWatchConfigButton />
          <button type="button" onClick={() => void stopWatch()}>
            Stop watching
          </button>
        </span>
      </header>
      <table className="watch-table">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Health</th>
            <th scope="col">Events</th>
            <th scope="col">Reconnects</th>
            <th scope="col">Last event</th>
            <th scope="col">Assertions</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {overview.streams.map((s) => {
            const health = healthOf(s);
            return (
              <tr key={s.name}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    title={`Open a live session on ${s.url}`}
                    onClick={() => void openStream(s.name)}
                  >
                    {s.name}
                  </button>
                  <div className="muted watch-url">{s.url}</div>
                </th>
                <td>
                  <span className={`watch-health watch-${health.tone}`}>{health.label}</span>
                </td>
                <td className="num">{s.events.toLocaleString()}</td>
                <td className="num">{s.reconnects}</td>
                <td>
                  {ageText(s.lastEvent?.t ?? null, now)}
                  {s.lastEvent && <span className="muted"> ({s.lastEvent.type})</span>}
                </td>
                <td title={s.assertions.map((a) => `${a.ok === null ? '…' : a.ok ? '✓' : '✗'} ${a.spec}`).join('\n')}>
                  {assertionsText(s)}
                </td>
                <td className="watch-error">{s.lastError ? `${s.lastError.code}: ${s.lastError.message}` : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function WatchEmpty() {
  return (
    <section className="watch-view" aria-label="Watch">
      <h2>Watch</h2>
      <p className="muted">
        Open a <code>streamscope watch</code> config (JSON or YAML) to follow its streams here, with the same metrics at
        a local /metrics URL.
      </p>
      <OpenWatchConfigButton />
    </section>
  );
}
