/**
 * The MCP Streamable HTTP preset: what an MCP client does before the request a person wants to
 * watch. POST `initialize`, keep the `Mcp-Session-Id` the server hands out, POST
 * `notifications/initialized`, then send the request (the user's JSON-RPC body; none: GET the
 * server's own message stream) with the session id and protocol version, and read the answer,
 * SSE or a single JSON message, like any other stream. The session is ended with DELETE after.
 *
 * The handshake is not part of the recorded stream (its answers would not replay as records of
 * their own); the first state record names the session it opened.
 *
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http
 */
import { createSseConnection } from '../sse/connection';
import { createPreludeConnection, PreludeError } from '../sse/prelude-connection';
import type { RecordSink, StreamConnection, StreamOptions } from '../stream';
import { networkErrorMessage } from '#shared/error-message';
import type { StreamRequest } from '#shared/request';
import { APP_VERSION } from '#shared/version';

/** The protocol version Streamscope asks for; the server may answer with another it supports. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';

/** What the POSTs of the handshake accept: MCP servers answer with JSON or an SSE stream. */
const MCP_ACCEPT = 'application/json, text/event-stream';

/** How long the handshake may take before the preset gives up. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

interface McpSession {
  id: string | null;
  protocolVersion: string;
  server: string;
}

/** The user's headers, then the ones MCP needs (unless the user gave them). */
function mcpHeaders(request: StreamRequest, session: McpSession | null, json: boolean): Array<[string, string]> {
  const headers: Array<[string, string]> = [...(request.headers ?? [])];
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  if (!has('accept')) headers.push(['accept', MCP_ACCEPT]);
  if (json && !has('content-type')) headers.push(['content-type', 'application/json']);
  if (session?.id && !has('mcp-session-id')) headers.push(['mcp-session-id', session.id]);
  if (session && !has('mcp-protocol-version')) headers.push(['mcp-protocol-version', session.protocolVersion]);
  return headers;
}

/** The JSON-RPC messages of an answer: a JSON body, or the data of an SSE body's events. */
function messagesOf(contentType: string, text: string): unknown[] {
  if (contentType.includes('text/event-stream')) {
    const out: unknown[] = [];
    for (const block of text.split(/\r\n\r\n|\n\n|\r\r/)) {
      const data = block
        .split(/\r\n|\n|\r/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) out.push(JSON.parse(data) as unknown);
    }
    return out;
  }
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? value : [value];
}

async function post(
  fetchImpl: typeof fetch,
  request: StreamRequest,
  session: McpSession | null,
  body: unknown,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetchImpl(request.url, {
      method: 'POST',
      headers: mcpHeaders(request, session, true),
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    throw new PreludeError(`MCP ${(body as { method: string }).method}: ${networkErrorMessage(err)}`, 'network');
  }
}

/** initialize, then notifications/initialized: the session the request will run in. */
async function handshake(fetchImpl: typeof fetch, request: StreamRequest, signal: AbortSignal): Promise<McpSession> {
  const init = {
    jsonrpc: '2.0',
    id: 'streamscope-initialize',
    method: 'initialize',
    params: {
      protocolVersion: MCP_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'streamscope', version: APP_VERSION },
    },
  };
  const res = await post(fetchImpl, request, null, init, signal);
  const text = await res.text();
  if (res.status !== 200) {
    throw new PreludeError(`MCP initialize: HTTP ${res.status}: ${text.slice(0, 200)}`, 'http-status', res.status);
  }
  let result: Record<string, unknown> | undefined;
  try {
    const answer = messagesOf(res.headers.get('content-type') ?? '', text).find(
      (m) => (m as { id?: unknown }).id === init.id,
    ) as { result?: Record<string, unknown>; error?: { message?: string } } | undefined;
    if (answer?.error) throw new PreludeError(`MCP initialize failed: ${answer.error.message ?? 'error'}`, 'parse');
    result = answer?.result;
  } catch (err) {
    if (err instanceof PreludeError) throw err;
    throw new PreludeError(`MCP initialize: the answer is not JSON-RPC (${networkErrorMessage(err)})`, 'parse');
  }
  if (!result) throw new PreludeError('MCP initialize: no answer to the initialize request', 'parse');
  const info = result.serverInfo as { name?: unknown; version?: unknown } | undefined;
  const session: McpSession = {
    id: res.headers.get('mcp-session-id'),
    protocolVersion: typeof result.protocolVersion === 'string' ? result.protocolVersion : MCP_PROTOCOL_VERSION,
    server:
      `${typeof info?.name === 'string' ? info.name : 'server'} ${typeof info?.version === 'string' ? info.version : ''}`.trim(),
  };
  const initialized = await post(
    fetchImpl,
    request,
    session,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    signal,
  );
  await initialized.body?.cancel().catch(() => {});
  if (initialized.status >= 300) {
    throw new PreludeError(
      `MCP notifications/initialized: HTTP ${initialized.status}`,
      'http-status',
      initialized.status,
    );
  }
  return session;
}

/**
 * Opens an MCP Streamable HTTP stream: the handshake, then `request` (its body, if any, is the
 * JSON-RPC message to send) through the SSE engine, which also reads a JSON answer.
 */
export function createMcpConnection(options: StreamOptions, sink: RecordSink): StreamConnection {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const request = options.request;
  return createPreludeConnection(sink, {
    connecting: `MCP initialize at ${request.url}`,
    timeoutMs: HANDSHAKE_TIMEOUT_MS,
    run: (signal) => handshake(fetchImpl, request, signal),
    open(session) {
      let named = false;
      // The first record names the session: the one thing of the handshake a recording keeps.
      const annotate: RecordSink = (draft) => {
        if (!named && draft.kind === 'state') {
          named = true;
          draft.message += ` (MCP session ${session.id ?? 'without id'}, protocol ${session.protocolVersion}, ${session.server})`;
        }
        return sink(draft);
      };
      const streamRequest: StreamRequest = {
        ...request,
        method: request.body !== undefined ? 'POST' : 'GET',
        headers: mcpHeaders(request, session, request.body !== undefined),
      };
      const stream = createSseConnection({ ...options, request: streamRequest }, annotate);
      void stream.done.then(() => {
        if (session.id) endSession(fetchImpl, request, session);
      });
      return stream;
    },
  });
}

/** [spec] "Clients that no longer need a particular session SHOULD send an HTTP DELETE". */
function endSession(fetchImpl: typeof fetch, request: StreamRequest, session: McpSession): void {
  void fetchImpl(request.url, {
    method: 'DELETE',
    headers: mcpHeaders(request, session, false),
    signal: AbortSignal.timeout(2000),
  })
    .then((res) => res.body?.cancel())
    .catch(() => {});
}
