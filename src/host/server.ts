/**
 * The browser host: serves the built renderer on 127.0.0.1 and implements InspectorApi over one
 * WebSocket per page (path /api). The WebSocket needs the token (`?token=` in its URL). Files
 * need the token or the asset key: the page opened with `?token=` gets the asset key as an
 * HttpOnly, SameSite=Strict cookie, so its assets (and a reload) load without the token ever
 * being a cookie. Foreign Host headers (DNS rebinding) and foreign Origins are refused before any
 * socket opens. Validation and dispatch are the same code Electron main uses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { HOST_SOCKET_PATH } from '#shared/channels';
import {
  recordsToWire,
  wireRecordHead,
  type HostMessage,
  type HostResponse,
  type WireRecord,
} from '#shared/host-protocol';
import { jsonBoundsProblem } from '#shared/json-bounds';
import type { StreamRecord } from '#shared/records';
import { fail, type Result } from '#shared/result';
import { BRIDGE_MESSAGE_BOUNDS, validateEnvelope, LIMITS } from '#shared/validate';
import { dispatchCall } from '../core/service/dispatch';
import type { InspectorService } from '../core/service/inspector-service';
import {
  cookieName,
  createToken,
  hostAllowed,
  originAllowed,
  readCookie,
  securityHeaders,
  tokenMatches,
} from './security';
import { readStaticFile } from '../core/static-files';
import { errorMessage } from '#shared/error-message';

export interface HostOptions {
  service: InspectorService;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token (tests); default: 256 random bits. */
  token?: string;
  /** A socket whose unsent data exceeds this is "busy": its batches wait and grow. Default 4 MiB. */
  busyBytes?: number;
}

export interface Host {
  readonly port: number;
  readonly token: string;
  /** http://127.0.0.1:<port>/?token=<token> */
  readonly url: string;
  /** Closes every socket and stops listening. */
  close(): Promise<void>;
}

/** Largest incoming WebSocket message: a recording opened from text, JSON-escaped. */
const MAX_MESSAGE_BYTES = LIMITS.openTextChars * 2 + 64 * 1024;

const toBase64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function errorLine(err: unknown): string {
  return errorMessage(err).split('\n')[0]!;
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

// Asks whether a value can be sent (stringify throws on cycles and BigInt), not whether text
// parses as the framing decoder's isJson does: the same try/catch, the other direction.
function encodes(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The JSON of a message. Whatever a session holds must not take the host down: a response that
 * cannot be encoded becomes an 'internal' error for its call; in a batch, a record that cannot
 * be encoded becomes an error record in its place (the loss stays visible) and a session info
 * that cannot be encoded is left out.
 */
export function encodeMessage(message: HostMessage): string {
  try {
    return JSON.stringify(message);
  } catch (err) {
    if ('id' in message) {
      return JSON.stringify({
        id: message.id,
        result: fail('internal', `the answer could not be sent: ${errorLine(err)}`),
      } satisfies HostResponse);
    }
    // An event array may leave out its session's id (the previous record's): the error record
    // that stands in for a record keeps that record's id, so the next one still reads right.
    let sessionId = '';
    const records = message.batch.records.map((r): WireRecord => {
      const head = wireRecordHead(r, sessionId);
      sessionId = head.sessionId;
      if (encodes(r)) return r;
      return {
        kind: 'error',
        sessionId: head.sessionId,
        seq: head.seq,
        t: head.t,
        connection: head.connection,
        code: 'internal',
        message: `a ${String(head.kind).slice(0, 32)} record could not be sent to the page`,
        fatal: false,
      };
    });
    const sessions = message.batch.sessions.filter(encodes);
    return JSON.stringify({ type: 'batch', batch: { ...message.batch, records, sessions } } satisfies HostMessage);
  }
}

function refuse(res: ServerResponse, headers: Record<string, string>, status: number, text: string): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** Refuses an upgrade with a plain HTTP response; the WebSocket never opens. */
function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\n\r\n${reason}\n`,
  );
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? createToken();
  const assetKey = createToken();
  const busyBytes = options.busyBytes ?? 4 * 1024 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = 0;
  let headers: Record<string, string> = {};

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return refuse(res, headers, 403, 'forbidden: unexpected Host header');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, headers, 405, 'method not allowed');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const cookie = cookieName(port);
    const viaQuery = tokenMatches(token, url.searchParams.get('token'));
    // Files are opened by the token, or by the asset key the token's page got as a cookie.
    // Cookies ignore ports, so every local server the browser visits receives that cookie: it is
    // a separate random key that opens files only (the public bundle), never the socket.
    const viaCookie = tokenMatches(assetKey, readCookie(req, cookie));
    if (!(viaQuery || viaCookie)) return refuse(res, headers, 403, 'forbidden: missing or wrong token');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file && url.pathname === '/favicon.ico') {
      // Browsers ask for it on their own; "none" is not an error worth a console line.
      res.writeHead(204, headers);
      return void res.end();
    }
    if (!file) return refuse(res, headers, 404, 'not found');
    const out: Record<string, string> = {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
    };
    if (isPage) out['Set-Cookie'] = `${cookie}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, out);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) refuse(res, headers, 500, `internal error: ${errorMessage(err)}`);
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!hostAllowed(req, port)) return refuseUpgrade(socket, 403, 'forbidden: unexpected Host header');
    if (!originAllowed(req, port)) return refuseUpgrade(socket, 403, 'forbidden: foreign Origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== HOST_SOCKET_PATH) return refuseUpgrade(socket, 404, 'not found');
    if (!tokenMatches(token, url.searchParams.get('token')))
      return refuseUpgrade(socket, 401, 'unauthorized: missing or wrong token');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function send(ws: WebSocket, message: HostMessage): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(encodeMessage(message));
  }

  function serveSocket(ws: WebSocket): void {
    const unsubscribe = options.service.subscribe(
      (batch) => send(ws, { type: 'batch', batch: { ...batch, records: recordsToWire(batch.records, toBase64) } }),
      { isBusy: () => ws.bufferedAmount > busyBytes },
    );
    ws.on('message', (data, isBinary) => {
      // One bad message is an error for that message, never for the process.
      answer(ws, asBuffer(data), isBinary).catch((err: unknown) =>
        send(ws, { id: null, result: fail('internal', `the host could not answer: ${errorLine(err)}`) }),
      );
    });
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate());
  }

  async function answer(ws: WebSocket, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return send(ws, { id: null, result: fail('invalid-argument', 'message must be a JSON text frame') });
    // Measured before parsing: a frame of nested arrays would parse into gigabytes.
    const tooBig = jsonBoundsProblem(data, BRIDGE_MESSAGE_BOUNDS);
    if (tooBig !== null) return send(ws, { id: null, result: fail('invalid-argument', `message refused: ${tooBig}`) });
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch {
      return send(ws, { id: null, result: fail('invalid-argument', 'message must be a JSON text frame') });
    }
    const envelope = validateEnvelope(parsed);
    if (!envelope.ok) {
      const id =
        typeof (parsed as { id?: unknown })?.id === 'number' || typeof (parsed as { id?: unknown })?.id === 'string'
          ? (parsed as { id: number | string }).id
          : null;
      return send(ws, { id, result: envelope });
    }
    const { id, method, params } = envelope.value;
    let result: Result<unknown> = await dispatchCall(options.service, method, params);
    if (result.ok && method === 'sessions.records') {
      result = { ok: true, value: recordsToWire(result.value as StreamRecord[], toBase64) };
    }
    const response: HostResponse = { id, result };
    send(ws, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  headers = securityHeaders(port);

  let closing: Promise<void> | null = null;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
