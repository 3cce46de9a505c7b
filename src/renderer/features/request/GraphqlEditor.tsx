import type { GraphqlSseMode } from '#shared/graphql';
import { variablesProblem } from '#shared/graphql';
import { type GraphqlDraft } from '../../lib/request-draft';
import { useRequest } from '../../stores/request';
import { TextField } from './TextField';

type Transport = 'ws' | GraphqlSseMode;

const TRANSPORTS: ReadonlyArray<{ value: Transport; label: string }> = [
  { value: 'ws', label: 'graphql-ws (WebSocket)' },
  { value: 'distinct', label: 'graphql-sse (SSE, distinct connections)' },
  { value: 'single', label: 'graphql-sse (SSE, single connection)' },
];

/**
 * The URL with the scheme the transport speaks: the engine picks graphql-ws or graphql-sse from
 * the scheme, so the URL stays the one place that says which (http ↔ ws, https ↔ wss).
 */
function withScheme(url: string, ws: boolean): string {
  return ws ? url.replace(/^(\s*)http(s?):/i, '$1ws$2:') : url.replace(/^(\s*)ws(s?):/i, '$1http$2:');
}

/** The GraphQL request type: transport, operation name, query and variables (JSON, checked as typed). */
export function GraphqlEditor({ graphql }: { graphql: GraphqlDraft }) {
  const url = useRequest((s) => s.draft.url);
  const patch = useRequest((s) => s.patch);
  const edit = (p: Partial<GraphqlDraft>) => patch({ graphql: { ...graphql, ...p } });
  const isWs = /^\s*wss?:/i.test(url);
  const variablesError = graphql.variables.trim() === '' ? null : variablesProblem(graphql.variables);

  return (
    <fieldset className="graphql-editor">
      <legend>GraphQL subscription</legend>
      <div className="graphql-row">
        <label className="inline-label">
          Transport
          <select
            aria-label="GraphQL transport"
            value={isWs ? 'ws' : graphql.sseMode}
            onChange={(e) => {
              const value = e.target.value as Transport;
              patch({
                url: withScheme(url, value === 'ws'),
                graphql: { ...graphql, sseMode: value === 'ws' ? graphql.sseMode : value },
              });
            }}
          >
            {/* The request bar's selects list their options the same way; only the lists differ. */}
            {TRANSPORTS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <TextField
          label="Operation name"
          placeholder="(optional)"
          value={graphql.operationName}
          onChange={(operationName) => edit({ operationName })}
        />
      </div>
      <label className="graphql-field">
        <span>Query</span>
        <textarea
          aria-label="GraphQL query"
          className="mono-editor"
          spellCheck={false}
          rows={6}
          value={graphql.query}
          placeholder="subscription { ticks(count: 5) { n message } }"
          onChange={(e) => edit({ query: e.target.value })}
        />
      </label>
      {/* Written out like the query's field, not shared: the two differ in every value, and only
          this one is checked as typed. */}
      <label className="graphql-field">
        <span>Variables (a JSON object)</span>
        <textarea
          aria-label="GraphQL variables"
          className="mono-editor"
          spellCheck={false}
          rows={3}
          value={graphql.variables}
          placeholder='{"count": 5}'
          aria-invalid={variablesError ? true : undefined}
          aria-describedby={variablesError ? 'graphql-variables-error' : undefined}
          onChange={(e) => edit({ variables: e.target.value })}
        />
      </label>
      {variablesError && (
        <p id="graphql-variables-error" className="error-text graphql-error">
          Variables {variablesError}
        </p>
      )}
    </fieldset>
  );
}
