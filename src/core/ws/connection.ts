/**
 * The WebSocket engine: one logical session over the `ws` package, possibly several connection
 * attempts when auto-reconnect is on. Everything it sees becomes a record, stamped the moment
 * the ws package hands it over: state changes (WebSocket readyState numbers), the handshake
 * response, every frame in and out (control frames included), errors.
 *
 * Lifecycle of one attempt, as records:
 *   state 0 connecting|reconnecting → response (101) → state 1 open → frames …
 *   → [state 2 closing → frame in close → frame out close] → state 3 closed-by-server
 *   → (reconnect on) state 0 waiting-retry → the next attempt, `connection` + 1
 * A "frame" record is one WebSocket message as the application sees it: a fragmented message
 * (continuation frames) becomes one record when its last fragment arrives, stamped then.
 * A rejected handshake: state 0 → response (e.g. 401, with body) → error (fatal, http-status)
 * → state 3 http-status. A lost socket: error (network) → state 3 network-error.
 */
import type { IncomingMessage, ClientRequest } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import type { WsOutgoing } from '#shared/api';
import type { ErrorCode, StateReason } from '#shared/records';
import { READY_STATE_NAMES, WS_CLOSED, WS_CLOSING, WS_CONNECTING, WS_OPEN } from '#shared/records';
import { DEFAULT_LIMITS, reconnectByDefault, type StreamLimits } from '#shared/request';
import { now } from '../clock';
import type { RecordSink, StreamOptions, WsStreamConnection } from '../stream';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { bytesFrame, closeFrame, payloadToBuffer, textFrame, type WsPayload } from './frames';
import { encodeOutgoing, WsSendError } from './outgoing';
import { readRefusedBody } from './refused-body';
import { errorMessage } from '#shared/error-message';

/** Options of the WebSocket engine beyond the common StreamOptions. */
export interface WsConnectionOptions extends StreamOptions {
  /** Reconnect timing when request.reconnect is true. Default 1 s doubling to 30 s, ±20 %. */
  backoff?: Partial<BackoffPolicy>;
  /**
   * How long a closing handshake may take before the socket is destroyed, so close() always ends
   * promptly even against a server that never answers. Default 2000 ms.
   */
  closeTimeoutMs?: number;
  /**
   * TLS for wss: URLs. `ca` adds trusted certificates (a self-signed development server);
   * `rejectUnauthorized: false` skips verification entirely. Default: Node's trusted roots.
   */
  tls?: { ca?: string | Buffer | Array<string | Buffer>; rejectUnauthorized?: boolean };
}

/** Close codes ws sends itself when it gives up on what the server sent (RFC 6455 §7.4.1). */
const CLOSE_MESSAGE_TOO_BIG = 1009;
const CLOSE_INVALID_PAYLOAD = 1007;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_NORMAL = 1000;
/** ws reports 1006 when the socket ended without a close frame (never sent on the wire). */
const CLOSE_ABNORMAL = 1006;

/** What went wrong with one attempt, decided once, when it was first seen. */
interface Failure {
  reason: StateReason;
  message: string;
}

interface Attempt {
  ws: WebSocket;
  connection: number;
  requestSentAt: number;
  opened: boolean;
  /** close()/terminate() was called by us: ws's "closed before established" error is expected. */
  quietErrors: boolean;
  /** The rejected handshake's records are out; the close only finishes the session. */
  rejectedStatus: number | null;
  failure: Failure | null;
}

/** Node's http headers as the record model wants them: lower-case names, repeats joined. */
function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function requestHeaders(pairs: Array<[string, string]> | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs ?? []) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** Maps an error from the ws package to our error code and the close code ws sent for it. */
function classifyWsError(
  err: Error & { code?: string },
  opened: boolean,
): { code: ErrorCode; closeCode: number | null } {
  const code = err.code ?? '';
  if (
    code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ||
    code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH' ||
    code === 'WS_ERR_TOO_MANY_BUFFERED_PARTS'
  ) {
    return { code: 'event-too-large', closeCode: CLOSE_MESSAGE_TOO_BIG };
  }
  if (code === 'WS_ERR_INVALID_UTF8') return { code: 'ws-protocol', closeCode: CLOSE_INVALID_PAYLOAD };
  if (code.startsWith('WS_ERR_')) return { code: 'ws-protocol', closeCode: CLOSE_PROTOCOL_ERROR };
  // Handshake validation failures (bad Sec-WebSocket-Accept, unexpected subprotocol) carry no
  // code; system errors (ECONNREFUSED, ECONNRESET) carry an errno code.
  if (!opened && code === '') return { code: 'ws-protocol', closeCode: null };
  return { code: 'network', closeCode: null };
}

/**
 * Opens a WebSocket session for `options.request` (ws: or wss: URL) and reports everything to
 * `sink`. Headers and subprotocols come from the request; auto-reconnect only when
 * `request.reconnect` is true. `limits.maxEventBytes` caps one message (default 16 MiB): a bigger
 * one ends the session with an error record and a 1009 close, never a crash.
 */
export function createWsConnection(options: WsConnectionOptions, sink: RecordSink): WsStreamConnection {
  const { request } = options;
  const limits: StreamLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const backoff: BackoffPolicy = { ...DEFAULT_BACKOFF, ...options.backoff };
  const reconnect = reconnectByDefault(request);
  const closeTimeout = options.closeTimeoutMs ?? 2000;

  let readyState = WS_CONNECTING;
  let connection = 0;
  let current: Attempt | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  /** Consecutive attempts that never opened; drives the backoff. */
  let retries = 0;
  let userClosed = false;
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });

  function emitState(state: number, reason: StateReason, message: string, extra: { delayMs?: number } = {}): void {
    readyState = state;
    sink({ kind: 'state', t: now(), connection, readyState: state, reason, message, ...extra });
  }

  function emitError(code: ErrorCode, message: string, fatal: boolean, status?: number): void {
    sink({ kind: 'error', t: now(), connection, code, message, fatal, ...(status !== undefined ? { status } : {}) });
  }

  function finish(): void {
    if (finished) return;
    finished = true;
    current = null;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    resolveDone();
  }

  /** Whether a connection lost now would be tried again. */
  function willRetry(): boolean {
    return reconnect && !userClosed;
  }

  function start(reason: 'connecting' | 'reconnecting'): void {
    connection++;
    emitState(
      WS_CONNECTING,
      reason,
      reason === 'connecting'
        ? `connecting to ${request.url}`
        : `reconnecting to ${request.url} (connection ${connection})`,
    );
    const clientOptions: ClientOptions & { closeTimeout: number } = {
      // Node's http sends an array value as repeated header lines; @types/ws only admits strings.
      headers: requestHeaders(request.headers) as Record<string, string>,
      maxPayload: limits.maxEventBytes,
      // Pongs are sent here rather than by ws so that each one becomes an outbound frame record.
      autoPong: false,
      followRedirects: false,
      closeTimeout,
      ...(options.tls?.ca !== undefined ? { ca: options.tls.ca } : {}),
      ...(options.tls?.rejectUnauthorized !== undefined ? { rejectUnauthorized: options.tls.rejectUnauthorized } : {}),
    };
    const requestSentAt = now();
    let ws: WebSocket;
    try {
      ws = new WebSocket(request.url, request.protocols ?? [], clientOptions);
    } catch (err) {
      // Thrown synchronously: a URL ws refuses, an invalid subprotocol list, a bad header value.
      const message = errorMessage(err);
      const code: ErrorCode = /url/i.test(message) ? 'invalid-url' : 'invalid-request';
      emitError(code, `cannot connect: ${message}`, true);
      emitState(WS_CLOSED, 'invalid-request', message);
      finish();
      return;
    }
    const attempt: Attempt = {
      ws,
      connection,
      requestSentAt,
      opened: false,
      quietErrors: false,
      rejectedStatus: null,
      failure: null,
    };
    current = attempt;
    const isCurrent = (): boolean => current === attempt && !finished;

    ws.on('upgrade', (res: IncomingMessage) => {
      const t = now();
      if (!isCurrent()) return;
      const headers = flattenHeaders(res.headers);
      sink({
        kind: 'response',
        t,
        connection: attempt.connection,
        status: res.statusCode ?? 101,
        statusText: res.statusMessage ?? '',
        headers,
        url: request.url,
        redirected: false,
        requestSentAt,
        ...(headers['sec-websocket-protocol'] !== undefined ? { protocol: headers['sec-websocket-protocol'] } : {}),
        ...(headers['sec-websocket-extensions'] !== undefined
          ? { extensions: headers['sec-websocket-extensions'] }
          : {}),
      });
    });

    ws.on('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
      const t = now();
      if (!isCurrent()) return;
      readRefusedBody(res, limits.maxErrorBodyBytes, (bytes) => {
        const body = bytes.toString('utf8');
        if (!isCurrent()) return;
        const status = res.statusCode ?? 0;
        sink({
          kind: 'response',
          t,
          connection: attempt.connection,
          status,
          statusText: res.statusMessage ?? '',
          headers: flattenHeaders(res.headers),
          url: request.url,
          redirected: false,
          requestSentAt,
          body,
        });
        attempt.rejectedStatus = status;
        emitError(
          'http-status',
          `handshake rejected: HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''} (expected 101 Switching Protocols)`,
          true,
          status,
        );
        attempt.quietErrors = true;
        ws.terminate();
      });
    });

    ws.on('open', () => {
      const t = now();
      if (!isCurrent()) return;
      attempt.opened = true;
      retries = 0;
      readyState = WS_OPEN;
      const handshakeMs = t - requestSentAt;
      sink({
        kind: 'state',
        t,
        connection: attempt.connection,
        readyState: WS_OPEN,
        reason: 'open',
        message: `open after ${handshakeMs.toFixed(1)} ms${ws.protocol ? ` (subprotocol ${ws.protocol})` : ''}`,
      });
      sendOnOpen(attempt);
    });

    ws.on('message', (data: WsPayload, isBinary: boolean) => {
      const t = now();
      if (!isCurrent()) return;
      const payload = payloadToBuffer(data);
      sink(
        isBinary
          ? bytesFrame('in', 'binary', t, attempt.connection, payload)
          : textFrame('in', t, attempt.connection, payload.toString('utf8'), payload.byteLength),
      );
      const consumerBusy = options.consumerReady?.();
      if (consumerBusy && !ws.isPaused) {
        ws.pause();
        void consumerBusy.then(() => {
          if (isCurrent() && ws.readyState === WebSocket.OPEN) ws.resume();
        });
      }
    });

    ws.on('ping', (data: Buffer) => {
      const t = now();
      if (!isCurrent()) return;
      sink(bytesFrame('in', 'ping', t, attempt.connection, data));
      if (ws.readyState === WebSocket.OPEN) {
        // [RFC 6455 §5.5.3] A Pong frame sent in response to a Ping frame must have identical
        // "Application data" as found in the message body of the Ping frame being replied to.
        ws.pong(data);
        sink(bytesFrame('out', 'pong', now(), attempt.connection, data));
      }
    });

    ws.on('pong', (data: Buffer) => {
      const t = now();
      if (!isCurrent()) return;
      sink(bytesFrame('in', 'pong', t, attempt.connection, data));
    });

    ws.on('error', (err: Error & { code?: string }) => {
      if (!isCurrent() || attempt.quietErrors || attempt.failure || userClosed) return;
      const { code, closeCode } = classifyWsError(err, attempt.opened);
      const retryable = code === 'network' && willRetry();
      if (code === 'event-too-large') {
        attempt.failure = { reason: 'event-too-large', message: `message over the ${limits.maxEventBytes}-byte limit` };
        emitError(
          code,
          `message larger than the ${limits.maxEventBytes}-byte limit (limits.maxEventBytes); closing with ${CLOSE_MESSAGE_TOO_BIG}`,
          true,
        );
      } else {
        const prefix = attempt.opened ? 'connection lost' : 'connection failed';
        attempt.failure = { reason: 'network-error', message: `${prefix}: ${err.message}` };
        emitError(code, `${prefix}: ${err.message}`, !retryable);
      }
      if (closeCode !== null && attempt.opened) {
        // ws answered the bad input with a close frame of its own.
        sink(closeFrame('out', now(), attempt.connection, closeCode, ''));
        emitState(WS_CLOSING, 'closing', `closing with ${closeCode}`);
      }
    });

    ws.on('close', (code: number, reasonBuffer: Buffer) => {
      const t = now();
      if (!isCurrent()) return;
      onAttemptClosed(attempt, code, reasonBuffer.toString('utf8'), t);
    });
  }

  function onAttemptClosed(attempt: Attempt, code: number, reason: string, t: number): void {
    const closeFrameReceived = code !== CLOSE_ABNORMAL;
    let retryable = false;
    if (attempt.rejectedStatus !== null) {
      emitState(WS_CLOSED, 'http-status', `handshake rejected: HTTP ${attempt.rejectedStatus}`);
    } else if (userClosed) {
      if (closeFrameReceived && attempt.opened) sink(closeFrame('in', t, attempt.connection, code, reason));
      emitState(WS_CLOSED, 'closed-by-user', 'closed by user');
    } else if (attempt.failure) {
      retryable = attempt.failure.reason === 'network-error' && willRetry();
      emitState(WS_CLOSED, attempt.failure.reason, attempt.failure.message);
    } else if (!closeFrameReceived) {
      const message = attempt.opened
        ? 'connection lost: the socket ended without a close frame (1006)'
        : 'connection failed: the socket ended during the handshake';
      retryable = willRetry();
      emitError('network', message, !retryable);
      emitState(WS_CLOSED, 'network-error', message);
    } else {
      // The server started the closing handshake; ws has already echoed its code.
      const shown = reason ? `${code} ${reason}` : String(code);
      // The frame first: it is what made the socket CLOSING, and it arrived before that was seen.
      sink(closeFrame('in', t, attempt.connection, code, reason));
      emitState(WS_CLOSING, 'closing', `server sent close ${shown}`);
      sink(closeFrame('out', now(), attempt.connection, code, code === 1005 ? '' : reason));
      retryable = willRetry();
      emitState(WS_CLOSED, 'closed-by-server', `closed by server: ${shown}`);
    }
    if (retryable) scheduleRetry();
    else finish();
  }

  /** options.sendOnOpen, now that `attempt` is OPEN; a message that cannot go out is a record, not a throw. */
  function sendOnOpen(attempt: Attempt): void {
    for (const data of options.sendOnOpen ?? []) {
      // A record consumer may have closed the session in between.
      if (current !== attempt || finished) return;
      try {
        send({ type: 'text', data });
      } catch (err) {
        emitError('send-failed', errorMessage(err), false);
      }
    }
  }

  function scheduleRetry(): void {
    retries++;
    const delayMs = backoffDelay(retries, backoff);
    current = null;
    emitState(WS_CONNECTING, 'waiting-retry', `waiting ${delayMs} ms before reconnecting`, { delayMs });
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!finished && !userClosed) start('reconnecting');
    }, delayMs);
  }

  function close(): void {
    if (finished || userClosed) return;
    userClosed = true;
    const attempt = current;
    if (!attempt) {
      // Between attempts: only a timer to cancel.
      emitState(WS_CLOSED, 'closed-by-user', 'closed by user');
      finish();
      return;
    }
    const ws = attempt.ws;
    if (ws.readyState === WebSocket.CONNECTING) {
      attempt.quietErrors = true;
      ws.terminate();
    } else if (ws.readyState === WebSocket.OPEN) {
      ws.close(CLOSE_NORMAL);
      sink(closeFrame('out', now(), attempt.connection, CLOSE_NORMAL, ''));
      emitState(WS_CLOSING, 'closing', `closing with ${CLOSE_NORMAL}`);
    }
    // CLOSING: a handshake is under way (ws's closeTimeout bounds it); the close event finishes.
  }

  function send(message: WsOutgoing): void {
    const attempt = current;
    if (!attempt || finished || attempt.ws.readyState !== WebSocket.OPEN) {
      const state = attempt ? attempt.ws.readyState : readyState;
      throw new WsSendError(
        'not-open',
        `cannot send: the WebSocket is ${READY_STATE_NAMES.ws[state] ?? 'CLOSED'}, not OPEN`,
      );
    }
    const encoded = encodeOutgoing(message);
    const { ws } = attempt;
    switch (encoded.opcode) {
      case 'text':
        ws.send(encoded.text);
        sink(textFrame('out', now(), attempt.connection, encoded.text, encoded.size));
        break;
      case 'binary':
        ws.send(encoded.bytes, { binary: true });
        sink(bytesFrame('out', 'binary', now(), attempt.connection, encoded.bytes));
        break;
      case 'ping':
        ws.ping(encoded.bytes);
        sink(bytesFrame('out', 'ping', now(), attempt.connection, encoded.bytes));
        break;
    }
  }

  start('connecting');

  return {
    transport: 'ws',
    get readyState() {
      return readyState;
    },
    close,
    send,
    done,
  };
}
