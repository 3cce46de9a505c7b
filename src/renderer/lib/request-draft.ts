import type { StreamRequest } from '#shared/request';
import { GRAPHQL_SSE_MODES, variablesProblem, type GraphqlOperation, type GraphqlSseMode } from '#shared/graphql';
import { isDraft as isBaseDraft, type RequestDraft as BaseDraft } from '#shared/workspace';
import { isSentEntryList, type SentEntry } from './ws-messages';

// The draft's base shape is shared with workspaces (saved requests, imports): defined there.
export { EMPTY_DRAFT, type ReconnectPolicy } from '#shared/workspace';

/** What the request bar edits. Headers keep empty rows so the editor can show them. */
export interface RequestDraft extends BaseDraft {
  /** A saved WebSocket request: the messages its composer had sent (newest first). */
  messages?: SentEntry[];
  /** Socket.IO: the URL is a Socket.IO v4 server; the namespace to join ("" = "/"). */
  socketio?: { namespace: string };
  /** A GraphQL subscription: graphql-ws for ws(s) URLs, graphql-sse for http(s) ones. */
  graphql?: GraphqlDraft;
}

/** The GraphQL editor's fields as typed: variables as JSON text, "" for none. */
export interface GraphqlDraft {
  query: string;
  variables: string;
  operationName: string;
  /** graphql-sse's mode (http(s) URLs only). */
  sseMode: GraphqlSseMode;
}

export const EMPTY_GRAPHQL: GraphqlDraft = { query: '', variables: '', operationName: '', sseMode: 'distinct' };

const isWsUrl = (url: string): boolean => /^\s*wss?:/i.test(url);

/** Why a GraphQL draft cannot connect yet (one line), or null. */
export function graphqlDraftProblem(d: RequestDraft): string | null {
  if (!d.graphql) return null;
  if (d.graphql.query.trim() === '') return 'GraphQL: enter a query';
  const problem = d.graphql.variables.trim() === '' ? null : variablesProblem(d.graphql.variables);
  return problem ? `GraphQL variables ${problem}` : null;
}

/** The operation a GraphQL draft sends: blank variables and operation name left out. */
function graphqlOperation(g: GraphqlDraft, url: string): GraphqlOperation {
  const operationName = g.operationName.trim();
  return {
    query: g.query,
    ...(g.variables.trim() !== '' ? { variables: g.variables } : {}),
    ...(operationName !== '' ? { operationName } : {}),
    ...(g.sseMode === 'single' && !isWsUrl(url) ? { sseMode: 'single' as const } : {}),
  };
}

/** The request the back end gets: blank header rows dropped, body only when non-empty. */
export function draftToRequest(d: RequestDraft): StreamRequest {
  const req: StreamRequest = { url: d.url.trim(), method: d.method };
  const headers = d.headers.filter(([n]) => n.trim() !== '').map(([n, v]) => [n.trim(), v] as [string, string]);
  if (headers.length) req.headers = headers;
  // MCP sends its body (the JSON-RPC message) as a POST whatever the method shown.
  if (d.body !== '' && (d.mcp || (d.method !== 'GET' && d.method !== 'HEAD'))) req.body = d.body;
  if (d.reconnect !== 'auto') req.reconnect = d.reconnect === 'on';
  if (d.format !== undefined && !/^wss?:/i.test(req.url)) req.format = d.format;
  if (d.mcp && !/^wss?:/i.test(req.url)) req.preset = 'mcp';
  if (d.socketio) {
    // A Socket.IO session is a WebSocket: no method, body or framing of its own.
    delete req.body;
    delete req.format;
    delete req.preset;
    const namespace = d.socketio.namespace.trim();
    req.socketio = namespace === '' || namespace === '/' ? {} : { namespace };
  } else if (d.graphql) {
    // The engine speaks the protocol (graphql-sse POSTs the operation itself): no body of ours.
    delete req.body;
    delete req.format;
    delete req.preset;
    req.graphql = graphqlOperation(d.graphql, req.url);
  }
  return req;
}

export function requestToDraft(r: StreamRequest): RequestDraft {
  return {
    url: r.url,
    method: (r.method ?? 'GET').toUpperCase(),
    headers: r.headers ? r.headers.map(([n, v]) => [n, v] as [string, string]) : [],
    body: r.body ?? '',
    reconnect: r.reconnect === undefined ? 'auto' : r.reconnect ? 'on' : 'off',
    ...(r.format !== undefined ? { format: r.format } : {}),
    ...(r.preset === 'mcp' ? { mcp: true } : {}),
    ...(r.socketio !== undefined ? { socketio: { namespace: r.socketio.namespace ?? '' } } : {}),
    ...(r.graphql !== undefined
      ? {
          graphql: {
            query: r.graphql.query,
            variables: r.graphql.variables ?? '',
            operationName: r.graphql.operationName ?? '',
            sseMode: r.graphql.sseMode ?? 'distinct',
          },
        }
      : {}),
  };
}

/** A saved request before collections (read once, to move it into one). */
export interface LegacySavedRequest {
  name: string;
  draft: RequestDraft;
}

/** The app's own fields of a draft, each with its check: a foreign (imported) draft may have any. */
const EXTRA_FIELDS: ReadonlyArray<[keyof RequestDraft, (v: unknown) => boolean]> = [
  ['messages', isSentEntryList],
  ['socketio', isSocketIoDraft],
  ['graphql', isGraphqlDraft],
];

export function isDraft(v: unknown): v is RequestDraft {
  if (!isBaseDraft(v)) return false;
  const fields = v as unknown as Record<string, unknown>;
  return EXTRA_FIELDS.every(([key, check]) => fields[key] === undefined || check(fields[key]));
}

/** A base draft with those of the app's own fields that are malformed left out. */
export function withoutMalformedFields(d: BaseDraft): RequestDraft {
  const out = { ...d } as Record<string, unknown>;
  for (const [key, check] of EXTRA_FIELDS) if (out[key] !== undefined && !check(out[key])) delete out[key];
  return out as unknown as RequestDraft;
}

function isSocketIoDraft(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { namespace?: unknown }).namespace === 'string';
}

function isGraphqlDraft(v: unknown): v is GraphqlDraft {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  return (
    typeof g.query === 'string' &&
    typeof g.variables === 'string' &&
    typeof g.operationName === 'string' &&
    GRAPHQL_SSE_MODES.includes(g.sseMode as GraphqlSseMode)
  );
}

export function isSavedList(v: unknown): v is LegacySavedRequest[] {
  return (
    Array.isArray(v) &&
    v.every(
      (s) =>
        s &&
        typeof s === 'object' &&
        typeof (s as LegacySavedRequest).name === 'string' &&
        isDraft((s as LegacySavedRequest).draft),
    )
  );
}

export function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
