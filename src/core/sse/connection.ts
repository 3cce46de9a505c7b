/**
 * The SSE connection engine: the WHATWG EventSource processing model over fetch, with any method,
 * headers and body, emitting every readyState change, response head and raw chunk as records.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#the-eventsource-interface
 */
import { now } from '../clock';
import { withEventRuns, type RecordSink, type StreamConnection, type StreamOptions } from '../stream';
import { DEFAULT_LIMITS, reconnectByDefault, type StreamRequest } from '#shared/request';
import { SSE_CLOSED, SSE_CONNECTING, SSE_OPEN, type Framing, type StateReason } from '#shared/records';
import { sentHeaders } from '#shared/sent-headers';
import type { SseDecoder } from './decoder';
import { headersToRecord, mimeEssence } from './response-check';
import { chooseFraming, createBodyDecoder } from '../framing';
import { readBodyPrefix } from './body-prefix';
import { exactHeadersDispatcher } from './exact-headers';
import { errorMessage, isBlockedPortError, networkErrorMessage } from '#shared/error-message';
import { parseUrl } from '#shared/url';

/** setTimeout cannot wait longer than this; a larger retry value waits this long. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How long a failed response's body may take to arrive before we show what we have. */
const ERROR_BODY_WAIT_MS = 2000;

/**
 * Opens an SSE stream now. Records go to `sink` synchronously as things happen; the first is
 * state 0 'connecting' (or, for a request that cannot be sent, an error and state 2). Never
 * throws: every failure is an error record followed by a state record.
 */
export function createSseConnection(options: StreamOptions, sink: RecordSink): StreamConnection {
  const request = options.request;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  // What the framing of the latest response allows (see reconnectByDefault).
  let reconnect = reconnectByDefault(request);
  const method = (request.method ?? 'GET').toUpperCase();

  let readyState = SSE_CONNECTING;
  let connection = 1;
  let finished = false;
  // Some attempt got a response: from then on network errors are retried (see failIfUnreachable).
  let reachedServer = false;
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  // Records the decoder produces after close() (the rest of a chunk being decoded when a sink
  // listener closed us) are dropped: nothing follows the final state record.
  const takeEvents = sink.takeEvents;
  const decoderSink: RecordSink = withEventRuns(
    (record) => (finished ? -1 : sink(record)),
    takeEvents && ((run) => !finished && takeEvents(run)),
  );
  let framing: Framing = 'sse';
  let decoder: SseDecoder = createBodyDecoder(
    framing,
    decoderSink,
    { maxEventBytes: limits.maxEventBytes },
    request.lastEventId ?? '',
  );

  /** The response decided how its body is read; the last event ID carries over. */
  function useFraming(next: Framing): void {
    reconnect = reconnectByDefault(request, next);
    if (next === framing) return;
    framing = next;
    decoder = createBodyDecoder(next, decoderSink, { maxEventBytes: limits.maxEventBytes }, decoder.lastEventId);
  }

  function emitState(
    state: number,
    reason: StateReason,
    message: string,
    extra: { delayMs?: number; lastEventId?: string } = {},
  ): void {
    if (finished) return;
    readyState = state;
    sink({ kind: 'state', t: now(), connection, readyState: state, reason, message, ...extra });
  }

  /** The one way to CLOSED: emits the final state, stops timers and sockets, resolves done. */
  function finish(reason: StateReason, message: string): void {
    if (finished) return;
    try {
      emitState(SSE_CLOSED, reason, message);
    } finally {
      // Even when the consumer throws on the final record: no timer, no socket, done resolves.
      finished = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      controller?.abort();
      controller = null;
      resolveDone();
    }
  }

  function fail(code: 'invalid-url' | 'invalid-request', message: string): void {
    sink({ kind: 'error', t: now(), connection, code, message, fatal: true });
    finish('invalid-request', message);
  }

  function networkError(err: unknown): void {
    const message = networkErrorMessage(err);
    // [spec] "reestablish the connection, unless the user agent knows that to be futile".
    const retry =
      reconnect &&
      !isBlockedPortError(err) &&
      !(options.failIfUnreachable && !reachedServer && !brokeAfterConnecting(err));
    sink({ kind: 'error', t: now(), connection, code: 'network', message, fatal: !retry });
    if (retry) waitAndReconnect(`${reachedServer ? 'connection lost' : 'never connected'} (${message})`);
    else finish('network-error', message);
  }

  /**
   * [spec] "When a user agent is to reestablish the connection ... Set readyState to CONNECTING.
   * Wait a delay equal to the reconnection time of the event source."
   */
  function waitAndReconnect(why: string): void {
    const delay = decoder.reconnectMs;
    emitState(SSE_CONNECTING, 'waiting-retry', `${why}; reconnecting in ${delay} ms`, { delayMs: delay });
    timer = setTimeout(
      () => {
        timer = null;
        connection += 1;
        decoder.reset();
        start('reconnecting');
      },
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  function start(reason: 'connecting' | 'reconnecting'): void {
    attempt(reason).catch((err: unknown) => {
      // A bug (ours or a record consumer's), not the network's: say so once and stop, rather
      // than crash the host with an unhandled rejection.
      if (finished) return;
      try {
        sink({ kind: 'error', t: now(), connection, code: 'internal', message: String(err), fatal: true });
      } catch {
        // The consumer is broken; closing below is all that is left to do.
      }
      try {
        finish('network-error', 'internal error');
      } catch {
        // finish() has cleaned up in its finally block.
      }
    });
  }

  async function attempt(reason: 'connecting' | 'reconnecting'): Promise<void> {
    const lastEventId = decoder.lastEventId;
    emitState(SSE_CONNECTING, reason, `${reason} to ${target.url}`, lastEventId !== '' ? { lastEventId } : {});

    const init = prepareRequest(request, target, method, lastEventId);
    if (typeof init === 'string') return fail('invalid-request', init);

    const ac = new AbortController();
    controller = ac;
    const requestSentAt = now();
    let response: Response;
    try {
      response = await fetchImpl(target.url, { ...init, redirect: 'follow', signal: ac.signal });
    } catch (err) {
      if (!finished) networkError(err);
      return;
    }
    const responseAt = now();
    reachedServer = true;
    if (finished) {
      void response.body?.cancel().catch(() => {});
      return;
    }

    const head = {
      kind: 'response' as const,
      t: responseAt,
      connection,
      status: response.status,
      statusText: response.statusText,
      headers: headersToRecord(response.headers),
      url: response.url || target.url,
      redirected: response.redirected,
      requestSentAt,
    };
    const contentType = response.headers.get('content-type');
    // MCP answers a request with one JSON message or an SSE stream. The JSON-seq reader takes a
    // JSON text whole, pretty-printed or not, at its end (no RS needed).
    const mcpJson = request.preset === 'mcp' && mimeEssence(contentType) === 'application/json';
    const { framing: accepted, rejection } = chooseFraming(
      response.status,
      response.statusText,
      contentType,
      request.format ?? (mcpJson ? 'json-seq' : undefined),
    );
    if (rejection) {
      // [spec] "fail the connection": no reconnect. The body usually explains why; keep its start.
      const body = await readBodyPrefix(response, limits.maxErrorBodyBytes, ERROR_BODY_WAIT_MS);
      if (finished) return;
      sink({ ...head, body });
      sink({
        kind: 'error',
        t: now(),
        connection,
        code: rejection.code,
        message: rejection.message,
        fatal: true,
        status: response.status,
      });
      finish(rejection.code, rejection.message);
      return;
    }

    useFraming(accepted);
    sink({ ...head, framing: accepted });
    // [spec] "announce the connection": readyState OPEN.
    emitState(SSE_OPEN, 'open', `HTTP ${response.status}`);

    if (response.body) {
      const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
      for (;;) {
        let read: Awaited<ReturnType<typeof reader.read>>;
        const consumerBusy = options.consumerReady?.();
        if (consumerBusy) {
          await consumerBusy;
          if (finished) return;
        }
        // Only the read is guarded: an exception from a record consumer is not a network error.
        try {
          read = await reader.read();
        } catch (err) {
          if (finished) return;
          decoder.end();
          networkError(err);
          return;
        }
        // Stamped before anything else looks at the bytes.
        const at = now();
        if (finished) return;
        if (read.done) break;
        decoder.push(read.value, at, connection);
        if (decoder.overflowed) {
          finish('event-too-large', `an event exceeded ${limits.maxEventBytes} bytes`);
          return;
        }
      }
    }
    decoder.end(true);
    if (finished) return;
    if (reconnect) waitAndReconnect('the server ended the stream');
    else finish('stream-ended', 'the server ended the stream');
  }

  const urlProblem = checkUrl(request.url);
  const target = urlProblem === null ? withoutCredentials(request) : { url: request.url };
  if (urlProblem !== null) {
    sink({ kind: 'error', t: now(), connection, code: 'invalid-url', message: urlProblem, fatal: true });
    finish('invalid-request', urlProblem);
  } else {
    start('connecting');
  }

  return {
    transport: 'sse',
    get readyState() {
      return readyState;
    },
    close() {
      finish('closed-by-user', 'closed by user');
    },
    done,
  };
}

/** A message for an unusable URL, or null when it is an http(s) URL fetch can use. */
function checkUrl(raw: string): string | null {
  const url = parseUrl(raw);
  if (typeof url === 'string') return url;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `unsupported URL scheme "${url.protocol}" for SSE (use http or https)`;
  }
  return null;
}

/**
 * fetch refuses URLs with credentials; like curl, send them as Basic authorization instead
 * (unless an Authorization header was given) and fetch the URL without them.
 */
function withoutCredentials(request: StreamRequest): { url: string; authorization?: string } {
  const url = new URL(request.url);
  if (!url.username && !url.password) return { url: request.url };
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  url.username = '';
  url.password = '';
  return { url: url.href, authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

/**
 * The fetch options for one attempt, or a message when the request cannot be sent at all (a bad
 * header, a body on GET): fetch reports those and network failures alike, so they are told
 * apart here, before anything is sent.
 */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function prepareRequest(
  request: StreamRequest,
  target: { url: string; authorization?: string },
  method: string,
  lastEventId: string,
): RequestInit | string {
  try {
    const init = requestInit(request, method, lastEventId);
    const headers = init.headers as Headers;
    if (target.authorization && !headers.has('authorization')) headers.set('authorization', target.authorization);
    new Request(target.url, init);
    return init;
  } catch (err) {
    return errorMessage(err);
  }
}

function requestInit(request: StreamRequest, method: string, lastEventId: string): RequestInit {
  // [spec] "set `Last-Event-ID` to the last event ID string, encoded as UTF-8." Header values
  // travel as bytes; fetch writes each code unit below 256 as one byte.
  const encodedId = Buffer.from(lastEventId, 'utf8').toString('latin1');
  const headers = new Headers();
  for (const [name, value] of sentHeaders(request, encodedId)) headers.append(name, value);
  const init: RequestInit = { method, headers };
  // Node's fetch option, not the DOM's: typed by neither of the RequestInit types the code sees.
  Object.assign(init, { dispatcher: exactHeadersDispatcher(headers) });
  // Bytes, not text: fetch labels a text body "text/plain;charset=UTF-8", a Content-Type the user
  // never chose (a JSON API may refuse it); without one of theirs, none is sent, as in the README.
  if (request.body !== undefined) init.body = new TextEncoder().encode(request.body);
  return init;
}

/**
 * Errors that mean a TCP connection to the server was made and then broke (reset, closed before
 * the response): the server is there, so EventSource's retry applies even under failIfUnreachable.
 */
const BROKE_AFTER_CONNECTING: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function brokeAfterConnecting(err: unknown): boolean {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
  return code !== undefined && BROKE_AFTER_CONNECTING.has(code);
}
