import { useEffect, useState, type FormEvent } from 'react';
import type { ProxyInfo } from '#shared/api';
import { copyText } from '../../lib/clipboard';
import { useSessions } from '../../stores/sessions';
import { useIntercept } from '../../stores/intercept';
import { proxiedActivity, requestCounts } from './intercept-model';
import './intercept.css';

/** The launcher's button that shows the Intercept form. */
export function InterceptButton() {
  return (
    <button type="button" onClick={() => useIntercept.getState().setOpen(true)}>
      Intercept your app…
    </button>
  );
}

/**
 * Intercept: a proxy on 127.0.0.1 in front of an upstream the user names. The user's app talks to
 * the proxy instead; each request it makes opens a session tab, live.
 */
export function InterceptPanel() {
  const open = useIntercept((s) => s.open);
  const proxies = useIntercept((s) => s.proxies);
  const error = useIntercept((s) => s.error);
  const notice = useIntercept((s) => s.notice);
  const busy = useIntercept((s) => s.busy);
  const [upstream, setUpstream] = useState('');
  // The proxies outlive the page (a client may still be pointed at one): on show, and whenever a
  // proxied request starts or ends, the back end is asked what runs and what it has counted.
  const activity = useSessions((s) => proxiedActivity(s.sessions));
  useEffect(() => {
    void useIntercept.getState().load();
  }, [activity]);
  if (!open && !notice) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wanted = upstream.trim();
    // A started proxy shows its upstream in its own block: the field is for the next one, so a
    // text left in it would read as the running proxy's (and a reload would seem to lose it).
    if (wanted)
      void useIntercept
        .getState()
        .start(wanted)
        .then((started) => started && setUpstream((now) => (now.trim() === wanted ? '' : now)));
  };
  return (
    <section className="intercept" aria-label="Intercept">
      <h3>Intercept your app</h3>
      <p className="muted">
        Streamscope stands between your app and its server, passing every byte through unbuffered. Each request your app
        makes opens a tab here, live.
      </p>
      <form className="intercept-form" onSubmit={submit}>
        <label>
          Upstream URL
          <input
            type="url"
            value={upstream}
            placeholder="https://api.openai.com/v1"
            spellCheck={false}
            onChange={(e) => setUpstream(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || upstream.trim() === ''}>
          Start proxy
        </button>
      </form>
      {error && <p className="inline-error">{error}</p>}
      {notice && (
        <p className="intercept-notice" role="status">
          {notice}
        </p>
      )}
      {proxies.map((p) => (
        <RunningProxy key={p.id} proxy={p} />
      ))}
    </section>
  );
}

function RunningProxy({ proxy }: { proxy: ProxyInfo }) {
  const [copied, setCopied] = useState(false);
  const port = new URL(proxy.url).port;
  const envLine = `OPENAI_BASE_URL=${proxy.url}`;
  return (
    <div className="intercept-proxy" aria-label={`Proxy on port ${port}`} role="group">
      <p>
        Running: listening on <strong className="intercept-port">port {port}</strong>, forwarding to{' '}
        <code aria-label="Upstream">{proxy.upstream}</code>.
      </p>
      <p className="muted">Paste this into your app in place of the upstream URL:</p>
      <div className="intercept-line">
        <code aria-label="Proxy URL">{proxy.url}</code>
        <button
          type="button"
          onClick={() => void copyText(proxy.url).then((ok) => setCopied(ok))}
          aria-label="Copy proxy URL"
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <p className="muted">
        For example <code>{envLine}</code> (OpenAI SDKs), or the same URL as an EventSource, <code>ws://</code> or MCP
        server address.
      </p>
      <p aria-live="polite">{requestCounts(proxy)}</p>
      <button type="button" onClick={() => void useIntercept.getState().stop(proxy.id)}>
        Stop proxy
      </button>
    </div>
  );
}
