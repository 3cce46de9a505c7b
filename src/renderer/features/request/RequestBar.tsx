import { useState, type ClipboardEvent } from 'react';
import { looksLikeCurl } from '../../lib/curl';
import type { Framing } from '#shared/records';
import { useRequest } from '../../stores/request';
import { CurlTools } from './CurlTools';
import { HeadersEditor } from './HeadersEditor';
import { SavedRequests } from './SavedRequests';
import { Environments } from './Environments';
import { applyCurl } from './apply-curl';
import { toggleConnection } from '../../lib/connect-toggle';
import { useConnectionTarget } from './use-connection-state';
import { API_PRESETS } from './api-presets';
import { GraphqlEditor } from './GraphqlEditor';
import { TextField } from './TextField';
import { EMPTY_GRAPHQL, graphqlDraftProblem } from '../../lib/request-draft';
import { URL_FIELD_ID } from '../../lib/url-field';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** URL, method, reconnect policy, Connect/Disconnect; headers, body and curl tools fold out below. */
export function RequestBar() {
  const draft = useRequest((s) => s.draft);
  const patch = useRequest((s) => s.patch);
  const recentUrls = useRequest((s) => s.recentUrls);
  const { connected } = useConnectionTarget();
  const [expanded, setExpanded] = useState(false);
  const [busy, setBusy] = useState(false);
  const headerCount = draft.headers.filter(([n]) => n.trim()).length;
  const isWs = /^wss?:/i.test(draft.url.trim());
  const isGraphql = draft.graphql !== undefined;
  // What keeps the draft from connecting (the GraphQL editor's checks), shown beside the button.
  const problem = connected ? null : graphqlDraftProblem(draft);

  const onConnect = async () => {
    setBusy(true);
    try {
      await toggleConnection();
    } finally {
      setBusy(false);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const text = e.clipboardData.getData('text');
    if (looksLikeCurl(text)) {
      e.preventDefault();
      if (applyCurl(text)) setExpanded(true);
    }
  };

  return (
    <form
      className="request-bar"
      aria-label="Request"
      onSubmit={(e) => {
        e.preventDefault();
        void onConnect();
      }}
    >
      <div className="request-row">
        <select
          aria-label="Method"
          className="method"
          value={draft.method}
          disabled={isWs || isGraphql}
          onChange={(e) => patch({ method: e.target.value })}
        >
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label className="url-field">
          <span className="sr-only">URL</span>
          <input
            id={URL_FIELD_ID}
            aria-label="URL"
            type="text"
            spellCheck={false}
            autoComplete="off"
            list="recent-urls"
            placeholder="https://…/stream, ws://… or a curl command"
            value={draft.url}
            onChange={(e) => patch({ url: e.target.value })}
            onPaste={onPaste}
          />
        </label>
        <datalist id="recent-urls">
          {recentUrls.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
        <label className="inline-label" title="Reconnect after the stream ends (auto: only for GET over SSE)">
          <span className="fold-narrow">Reconnect</span>
          <select
            aria-label="Reconnect"
            value={draft.reconnect}
            onChange={(e) => patch({ reconnect: e.target.value as 'auto' | 'on' | 'off' })}
          >
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        <button
          type="submit"
          className={connected ? 'danger' : 'primary'}
          disabled={busy || problem !== null}
          title={problem ?? 'Ctrl+Enter'}
          aria-describedby={problem ? 'request-problem' : undefined}
        >
          {connected ? 'Disconnect' : 'Connect'}
        </button>
        <button type="button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Hide options' : `Headers${headerCount ? ` (${headerCount})` : ''} & body`}
        </button>
        <CurlTools onImported={() => setExpanded(true)} />
        <SavedRequests />
        <Environments />
      </div>
      {problem && (
        <p id="request-problem" className="request-problem error-text" role="alert">
          {problem}
        </p>
      )}
      {expanded && (
        <div className="request-options">
          <label className="inline-label" title="Fill method, URL, headers and body for a streaming API">
            Preset
            <select
              aria-label="API preset"
              value=""
              onChange={(e) => {
                const preset = API_PRESETS.find((p) => p.name === e.target.value);
                if (preset) useRequest.getState().replace(preset.draft);
              }}
            >
              <option value="">Fill from a preset…</option>
              {API_PRESETS.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-label" title="How the body is cut into events (auto: from its Content-Type)">
            Format
            <select
              aria-label="Format"
              value={draft.format ?? 'auto'}
              disabled={isWs || isGraphql}
              onChange={(e) => {
                const value = e.target.value;
                patch({ format: value === 'auto' ? undefined : (value as Framing) });
              }}
            >
              <option value="auto">auto (Content-Type)</option>
              <option value="sse">SSE</option>
              <option value="ndjson">NDJSON / JSON Lines</option>
              <option value="json-seq">JSON text sequence</option>
              <option value="raw">raw (chunks only)</option>
            </select>
          </label>
          <label
            className="inline-label"
            title="MCP Streamable HTTP: initialize a session (Mcp-Session-Id) first, then send the body's JSON-RPC message in it"
          >
            <input
              type="checkbox"
              aria-label="MCP session"
              checked={draft.mcp ?? false}
              disabled={isWs || isGraphql}
              onChange={(e) => patch({ mcp: e.target.checked })}
            />
            MCP session
          </label>
          <label
            className="inline-label"
            title="A Socket.IO v4 server (http(s) or ws(s) URL, path /socket.io/): answers its pings, joins the namespace; the composer emits events"
          >
            <input
              type="checkbox"
              aria-label="Socket.IO"
              checked={draft.socketio !== undefined}
              onChange={(e) =>
                patch(e.target.checked ? { socketio: { namespace: '' }, graphql: undefined } : { socketio: undefined })
              }
            />
            Socket.IO
          </label>
          <label
            className="inline-label"
            title="A GraphQL subscription: graphql-ws over WebSocket (ws(s) URL) or graphql-sse over SSE (http(s) URL)"
          >
            <input
              type="checkbox"
              aria-label="GraphQL"
              checked={isGraphql}
              onChange={(e) =>
                patch(
                  e.target.checked
                    ? { graphql: EMPTY_GRAPHQL, socketio: undefined, mcp: false }
                    : { graphql: undefined },
                )
              }
            />
            GraphQL
          </label>
          {draft.socketio !== undefined && (
            <TextField
              label="Namespace"
              placeholder="/"
              value={draft.socketio.namespace}
              onChange={(namespace) => patch({ socketio: { namespace } })}
            />
          )}
          {draft.graphql !== undefined && <GraphqlEditor graphql={draft.graphql} />}
          <HeadersEditor />
          {!isGraphql && (
            <label className="body-editor">
              <span>
                Body{' '}
                {draft.mcp
                  ? '(the JSON-RPC message to send in the MCP session)'
                  : draft.method === 'GET'
                    ? '(not sent with GET: pick POST for LLM-style streams)'
                    : ''}
              </span>
              <textarea
                aria-label="Body"
                spellCheck={false}
                rows={4}
                value={draft.body}
                placeholder='{"model": "…", "stream": true}'
                onChange={(e) => patch({ body: e.target.value })}
              />
            </label>
          )}
        </div>
      )}
    </form>
  );
}
