/**
 * One WebSocket upgrade through the proxy. Both halves are terminated here with the ws package
 * (a client-facing server socket and an upstream client socket) and every message is relayed
 * as it arrives, so each frame both ways becomes a record: `out` is what the client sent to the
 * upstream, `in` what the upstream sent to the client. The client's handshake is completed only
 * once the upstream accepted, with the upstream's subprotocol; a refused upstream handshake is
 * passed back as its own status and body.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { WS_CLOSED, WS_CLOSING, WS_CONNECTING, WS_OPEN, type StateReason } from '#shared/records';
import { DEFAULT_LIMITS, type StreamRequest } from '#shared/request';
import { now } from '../clock';
import { bytesFrame, closeFrame, payloadToBuffer, textFrame, type WsPayload } from '../ws/frames';
import { readRefusedBody } from '../ws/refused-body';
import { createExchangeCore, describeError, type ExchangeObserver, type ProxyExchange } from './exchange';
import { endToEndHeaders, headerRecord, rawPairs } from './headers';
import { upstreamUrl, type Upstream } from './upstream';

/** Handshake fields each side's ws socket negotiates itself. */
const HANDSHAKE: ReadonlySet<string> = new Set([
  'host',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);

/** A refused handshake's body is passed back up to this size. */
const REFUSAL_BODY_BYTES = 64 * 1024;

/** Close codes that describe a missing close frame and cannot be sent on the wire. */
const NO_STATUS = 1005;
const ABNORMAL = 1006;

/** The client-facing half: handshakes only, no HTTP server of its own. */
export function createClientSide(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    autoPong: false,
    maxPayload: DEFAULT_LIMITS.maxEventBytes,
    // The subprotocol is the upstream's choice, passed through (see the upgrade handler).
    handleProtocols: (_protocols, req) =>
      (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol || false,
  });
}

export function proxyWebSocket(
  id: number,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  clientSide: WebSocketServer,
  upstream: Upstream,
  observe: ExchangeObserver,
): ProxyExchange {
  const path = req.url ?? '/';
  const target = upstreamUrl(upstream.base, path, upstream.base.protocol === 'https:' ? 'wss' : 'ws');
  const pairs = endToEndHeaders(rawPairs(req.rawHeaders), HANDSHAKE);
  const protocols = (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const request: StreamRequest = { url: target.href, headers: pairs, reconnect: false };
  if (protocols.length) request.protocols = protocols;
  const core = createExchangeCore({ id, transport: 'ws', method: 'GET', path, request, observe });
  const sink = (draft: Parameters<typeof core.sink>[0]): number => (core.finished ? -1 : core.sink(draft));
  const state = (readyState: number, reason: StateReason, message: string): void => {
    sink({ kind: 'state', t: now(), connection: 1, readyState, reason, message });
  };

  state(WS_CONNECTING, 'connecting', `WebSocket ${path} → ${target.href}`);
  socket.on('error', () => {
    // Reported through the WebSocket or the close below; an unhandled error would crash.
  });

  const requestSentAt = now();
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  const up = new WebSocket(target, protocols, {
    // Node's http sends an array value as repeated header lines; the types admit strings only.
    headers: headers as Record<string, string>,
    perMessageDeflate: false,
    autoPong: false,
    maxPayload: DEFAULT_LIMITS.maxEventBytes,
    rejectUnauthorized: !upstream.insecure,
  });
  let client: WebSocket | null = null;
  // Which side started closing: its close frame is relayed, the other side's answer closes up.
  let closedBy: 'client' | 'upstream' | null = null;

  up.on('upgrade', (res: IncomingMessage) => {
    core.status = res.statusCode ?? 101;
    const responseHeaders = headerRecord(rawPairs(res.rawHeaders));
    sink({
      kind: 'response',
      t: now(),
      connection: 1,
      status: core.status,
      statusText: res.statusMessage ?? '',
      headers: responseHeaders,
      url: target.href,
      redirected: false,
      requestSentAt,
      ...(responseHeaders['sec-websocket-protocol'] ? { protocol: responseHeaders['sec-websocket-protocol'] } : {}),
    });
  });

  up.on('unexpected-response', (_r, res: IncomingMessage) => {
    const status = res.statusCode ?? 502;
    core.status = status;
    readRefusedBody(res, REFUSAL_BODY_BYTES, (body) => {
      const responsePairs = rawPairs(res.rawHeaders);
      sink({
        kind: 'response',
        t: now(),
        connection: 1,
        status,
        statusText: res.statusMessage ?? '',
        headers: headerRecord(responsePairs),
        url: target.href,
        redirected: false,
        requestSentAt,
        body: body.toString('utf8'),
      });
      core.error('http-status', `the upstream refused the WebSocket handshake: HTTP ${status}`, true);
      const kept = endToEndHeaders(responsePairs, new Set(['content-length']));
      const lines = [`HTTP/1.1 ${status} ${res.statusMessage ?? ''}`, ...kept.map(([k, v]) => `${k}: ${v}`)];
      lines.push(`content-length: ${body.byteLength}`, 'connection: close');
      socket.end(Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
      up.terminate();
      core.finish(WS_CLOSED, 'http-status', `handshake refused: HTTP ${status}`);
    });
  });

  up.on('open', () => {
    if (core.finished) {
      up.terminate();
      return;
    }
    (req as IncomingMessage & { chosenProtocol?: string }).chosenProtocol = up.protocol;
    clientSide.handleUpgrade(req, socket, head, (ws) => {
      client = ws;
      state(WS_OPEN, 'open', `open${up.protocol ? ` (subprotocol ${up.protocol})` : ''}`);
      relay(ws);
    });
  });

  up.on('error', (err) => {
    if (core.finished) return;
    const message = describeError(err);
    if (client === null) {
      core.error('network', `cannot reach ${target.origin}: ${message}`, true);
      const text = `streamscope proxy: cannot reach ${target.origin}: ${message}\n`;
      socket.end(
        `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
      core.finish(WS_CLOSED, 'network-error', message);
      return;
    }
    core.error('network', `the upstream connection failed: ${message}`, true);
  });

  /** Passes each data, ping and pong frame `from` receives on to `to`, and records it as `dir`. */
  function forwardFrames(from: WebSocket, to: WebSocket, dir: 'in' | 'out'): void {
    from.on('message', (data: WsPayload, isBinary: boolean) => {
      const t = now();
      const payload = payloadToBuffer(data);
      if (to.readyState === WebSocket.OPEN) to.send(payload, { binary: isBinary });
      sink(
        isBinary
          ? bytesFrame(dir, 'binary', t, 1, payload)
          : textFrame(dir, t, 1, payload.toString('utf8'), payload.byteLength),
      );
    });
    from.on('ping', (data: Buffer) => {
      if (to.readyState === WebSocket.OPEN) to.ping(data);
      sink(bytesFrame(dir, 'ping', now(), 1, data));
    });
    from.on('pong', (data: Buffer) => {
      if (to.readyState === WebSocket.OPEN) to.pong(data);
      sink(bytesFrame(dir, 'pong', now(), 1, data));
    });
  }

  function relay(ws: WebSocket): void {
    ws.on('error', () => {
      // The close that follows reports it.
    });
    forwardFrames(up, ws, 'in');
    forwardFrames(ws, up, 'out');
    up.on('close', (code: number, reason: Buffer) => {
      const text = reason.toString('utf8');
      if (closedBy === null) {
        closedBy = 'upstream';
        if (code !== ABNORMAL) {
          sink(closeFrame('in', now(), 1, code, text));
          state(WS_CLOSING, 'closing', `the upstream closed with ${code}`);
        }
      }
      passClose(ws, code, text);
      if (code === ABNORMAL) core.error('network', 'the upstream connection ended without a close frame', true);
      if (closedBy === 'upstream') {
        core.finish(
          WS_CLOSED,
          code === ABNORMAL ? 'network-error' : 'closed-by-server',
          code === ABNORMAL ? 'the upstream connection broke off' : `closed by the upstream (${code})`,
        );
      } else {
        core.finish(WS_CLOSED, 'closed-by-user', 'the client closed the connection');
      }
    });
    // Not one handler with up's close: who closed first decides the record's direction and the
    // state message, a missing close frame is fatal from the upstream but not from the client,
    // and only the upstream's close (which always follows) ends the session.
    ws.on('close', (code: number, reason: Buffer) => {
      const text = reason.toString('utf8');
      if (closedBy === null) {
        closedBy = 'client';
        if (code !== ABNORMAL) {
          sink(closeFrame('out', now(), 1, code, text));
          state(WS_CLOSING, 'closing', `the client closed with ${code}`);
        } else {
          core.error('network', 'the client disconnected without a close frame', false);
        }
      }
      passClose(up, code, text);
    });
  }

  core.onAbort = (why) => {
    closedBy = closedBy ?? 'client';
    up.terminate();
    if (client) client.terminate();
    else socket.destroy();
    core.finish(WS_CLOSED, 'closed-by-user', why);
  };
  return core.exchange;
}

/** Closes `ws` the way the other side closed: same code and reason, or cut when there was none. */
function passClose(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSED) return;
  if (code === ABNORMAL) ws.terminate();
  else if (code === NO_STATUS) ws.close();
  else ws.close(code, reason);
}
