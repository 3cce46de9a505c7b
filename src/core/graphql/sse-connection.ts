/**
 * A GraphQL subscription over graphql-sse, in either of its modes, on the SSE engine:
 *
 * - distinct connections (default): the operation is POSTed as JSON and the answer is its own
 *   event stream of `next` events, ended by `complete`.
 * - single connection: PUT reserves a stream and answers with its token; a GET with the token
 *   header listens to it; once it is open the operation is POSTed with an id
 *   (`extensions.operationId`, answered 202) and its `next` / `complete` events, tagged with
 *   that id, come on the stream. The stream is closed once the operation completed; an operation
 *   stopped before that is cancelled with DELETE.
 *
 * The PUT and the POST are not records of their own (a recording could not replay them as
 * records); the first state record names the token, and a refused POST is an error record.
 *
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md
 */
import { now } from '../clock';
import { createSseConnection } from '../sse/connection';
import { createPreludeConnection, PreludeError } from '../sse/prelude-connection';
import type { RecordSink, StreamConnection, StreamOptions } from '../stream';
import { networkErrorMessage } from '#shared/error-message';
import type { StreamRequest } from '#shared/request';
import { GRAPHQL_SSE_TOKEN_HEADER, operationPayload } from '#shared/graphql';

/** The id single connection mode gives its one operation. */
export const SINGLE_CONNECTION_OPERATION_ID = '1';

/** How long the PUT and the POST of single connection mode may take. */
const SIDE_REQUEST_TIMEOUT_MS = 10_000;

/** How much of a refused answer's body is shown. */
const MAX_SHOWN_BODY = 2000;

/** The user's headers, then `extra` where the user gave no header of that name. */
function withHeaders(request: StreamRequest, extra: Array<[string, string]>): Array<[string, string]> {
  const headers: Array<[string, string]> = [...(request.headers ?? [])];
  for (const [name, value] of extra) {
    if (!headers.some(([n]) => n.toLowerCase() === name)) headers.push([name, value]);
  }
  return headers;
}

/** Opens `options.request` (an http(s) URL carrying `graphql`) as a graphql-sse client. */
export function createGraphqlSseConnection(options: StreamOptions, sink: RecordSink): StreamConnection {
  const request = options.request;
  const operation = request.graphql!;
  const body = JSON.stringify(operationPayload(operation));
  if (operation.sseMode !== 'single') {
    let connection: StreamConnection | null = null;
    connection = createSseConnection(
      {
        ...options,
        request: {
          ...request,
          method: 'POST',
          body,
          headers: withHeaders(request, [
            ['content-type', 'application/json'],
            ['accept', 'text/event-stream'],
          ]),
        },
      },
      failingOnRequestErrors(sink, () => connection?.close()),
    );
    return connection;
  }
  return createSingleConnection(options, sink);
}

function createSingleConnection(options: StreamOptions, sink: RecordSink): StreamConnection {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const request = options.request;
  const operation = request.graphql!;
  let inner: StreamConnection | null = null;
  let ended = false;

  async function reserve(signal: AbortSignal): Promise<string> {
    let res: Response;
    try {
      res = await fetchImpl(request.url, {
        method: 'PUT',
        headers: withHeaders(request, [['accept', 'text/plain']]),
        signal,
      });
    } catch (err) {
      throw new PreludeError(`graphql-sse: reserving a stream (PUT) failed: ${networkErrorMessage(err)}`, 'network');
    }
    const text = await res.text();
    if (res.status !== 201 && res.status !== 200) {
      throw new PreludeError(
        `graphql-sse: reserving a stream (PUT) answered HTTP ${res.status}: ${text.slice(0, MAX_SHOWN_BODY)}`,
        'http-status',
        res.status,
      );
    }
    const token = text.trim();
    if (!/^[\x21-\x7e]{1,1024}$/.test(token))
      throw new PreludeError('graphql-sse: the PUT answered no usable stream token', 'network');
    return token;
  }

  async function subscribe(token: string, signal: AbortSignal): Promise<void> {
    const payload = { ...operationPayload(operation), extensions: { operationId: SINGLE_CONNECTION_OPERATION_ID } };
    let failure: { message: string; status?: number } | null = null;
    try {
      const res = await fetchImpl(request.url, {
        method: 'POST',
        headers: withHeaders(request, [
          [GRAPHQL_SSE_TOKEN_HEADER, token],
          ['content-type', 'application/json'],
          ['accept', 'application/json'],
        ]),
        body: JSON.stringify(payload),
        signal: AbortSignal.any([signal, AbortSignal.timeout(SIDE_REQUEST_TIMEOUT_MS)]),
      });
      const text = await res.text();
      if (res.status !== 202 && res.status !== 200 && res.status !== 204) {
        failure = {
          message: `graphql-sse: the operation (POST) answered HTTP ${res.status}: ${text.slice(0, MAX_SHOWN_BODY)}`,
          status: res.status,
        };
      }
    } catch (err) {
      if (signal.aborted) return;
      failure = { message: `graphql-sse: sending the operation (POST) failed: ${networkErrorMessage(err)}` };
    }
    if (failure && inner && !ended) {
      sink({
        kind: 'error',
        t: now(),
        connection: 1,
        code: failure.status !== undefined ? 'http-status' : 'network',
        message: failure.message,
        fatal: true,
        ...(failure.status !== undefined ? { status: failure.status } : {}),
      });
      inner.close();
    }
  }

  function cancel(token: string): void {
    void fetchImpl(
      `${request.url}${request.url.includes('?') ? '&' : '?'}operationId=${SINGLE_CONNECTION_OPERATION_ID}`,
      {
        method: 'DELETE',
        headers: withHeaders(request, [[GRAPHQL_SSE_TOKEN_HEADER, token]]),
        signal: AbortSignal.timeout(2000),
      },
    )
      .then((res) => res.body?.cancel())
      .catch(() => {});
  }

  /** The stream of the reserved token; the operation is POSTed once it answered 200. */
  function open(token: string, signal: AbortSignal): StreamConnection {
    let named = false;
    let posted = false;
    let completed = false;
    const watching: RecordSink = (draft) => {
      if (!named && draft.kind === 'state') {
        named = true;
        draft.message += ` (graphql-sse single connection, stream token ${token})`;
      }
      const seq = sink(draft);
      if (draft.kind === 'response' && draft.status === 200 && !posted) {
        posted = true;
        void subscribe(token, signal);
      } else if (draft.kind === 'event' && draft.type === 'complete' && isOurs(draft.data)) {
        completed = true;
        inner?.close();
      }
      return seq;
    };
    inner = createSseConnection(
      {
        ...options,
        request: {
          ...request,
          method: 'GET',
          headers: withHeaders(request, [[GRAPHQL_SSE_TOKEN_HEADER, token]]),
          // A reserved stream is one session: reconnecting would need a new reservation.
          reconnect: request.reconnect ?? false,
        },
      },
      failingOnRequestErrors(watching, () => inner?.close()),
    );
    void inner.done.then(() => {
      ended = true;
      if (posted && !completed) cancel(token);
    });
    return inner;
  }

  return createPreludeConnection(sink, {
    connecting: `graphql-sse: reserving a stream at ${request.url}`,
    timeoutMs: SIDE_REQUEST_TIMEOUT_MS,
    run: reserve,
    open,
  });
}

/**
 * graphql-sse has no `error` message: an operation the server refused (a syntax or validation
 * error) comes as a `next` whose result has `errors` and no `data` (the GraphQL spec's "request
 * error"). That ends the operation as graphql-ws's `error` does: a fatal `graphql` error record
 * after the event, then the stream is closed. Results with both (field errors) are ordinary.
 */
function failingOnRequestErrors(sink: RecordSink, close: () => void): RecordSink {
  return (draft) => {
    const seq = sink(draft);
    const decoded = draft.kind === 'event' ? draft.decoded : undefined;
    if (decoded?.protocol === 'graphql-sse' && decoded.type === 'next' && decoded.errors) {
      const payload = decoded.payload as Record<string, unknown>;
      if (!('data' in payload)) {
        sink({
          kind: 'error',
          t: now(),
          connection: draft.connection,
          code: 'graphql',
          message: `graphql operation${decoded.id !== undefined ? ` ${decoded.id}` : ''} failed: ${decoded.errors.join('; ')}`,
          fatal: true,
        });
        close();
      }
    }
    return seq;
  };
}

/** A single connection `complete` event of our operation: data `{"id":"1"}`. */
function isOurs(data: string): boolean {
  try {
    const value = JSON.parse(data) as { id?: unknown } | null;
    return value?.id === SINGLE_CONNECTION_OPERATION_ID;
  } catch {
    return false;
  }
}
