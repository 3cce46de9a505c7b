/**
 * One HTTP request through the proxy. The response streams back unbuffered: each upstream read is
 * written to the client the moment it arrives (stamped first, parsed on the next turn: see
 * inspection.ts), with the upstream's own headers and content coding, so the client gets byte for
 * byte what it would have got directly. A side that goes away ends the other: the client leaving aborts the upstream request,
 * the upstream breaking off cuts the client's response, and the session says which happened.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSE_CLOSED, SSE_OPEN } from '../../shared/records';
import type { StreamRequest } from '../../shared/request';
import { now } from '../clock';
import { sseConnectingRecord } from '../stream';
import { bodyKindOf, createBodyObserver } from './body-observer';
import { createInspection, type Inspection, type InspectionBudget } from './inspection';
import { createExchangeCore, describeError, type ExchangeObserver, type ProxyExchange } from './exchange';
import { endToEndHeaders, flatten, headerRecord, rawPairs } from './headers';
import { upstreamUrl, type Upstream } from './upstream';

/** Request bodies up to this size are kept (as text) in the session's request. */
const KEPT_BODY_BYTES = 64 * 1024;

/** Response bytes allowed to wait for a slow client before the upstream read is paused. */
const MAX_PENDING_BYTES = 1024 * 1024;

/** Headers the proxy sets itself rather than copying from the client. */
const REWRITTEN: ReadonlySet<string> = new Set(['host']);

export function proxyHttpRequest(
  id: number,
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  observe: ExchangeObserver,
  budget: InspectionBudget,
): ProxyExchange {
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  const target = upstreamUrl(upstream.base, path);
  // Host is the upstream's: name-based virtual hosts and TLS SNI must see the name they serve.
  const headers: Array<[string, string]> = [
    ['Host', target.host],
    ...endToEndHeaders(rawPairs(req.rawHeaders), REWRITTEN),
  ];
  const request: StreamRequest = { url: target.href, method, headers, reconnect: false };
  const core = createExchangeCore({ id, transport: 'sse', method, path, request, observe });
  const sink = (draft: Parameters<typeof core.sink>[0]): number => (core.finished ? -1 : core.sink(draft));

  sink(sseConnectingRecord(`${method} ${path} → ${target.href}`));

  keepBodyText(req, request);
  const requestSentAt = now();
  const upstreamReq = upstream.request(target, {
    method,
    headers: flatten(headers),
    agent: upstream.agent,
    // TLS checks (and --insecure) are the agent's: see createUpstream.
    setHost: false,
  });
  upstreamReq.on('socket', (socket) => socket.setNoDelay(true));
  req.pipe(upstreamReq);

  let body: Inspection | null = null;

  upstreamReq.on('response', (up) => {
    const at = now();
    if (core.finished) {
      up.destroy();
      return;
    }
    const status = up.statusCode ?? 502;
    core.status = status;
    const pairs = rawPairs(up.rawHeaders);
    sink({
      kind: 'response',
      t: at,
      connection: 1,
      status,
      statusText: up.statusMessage ?? '',
      headers: headerRecord(pairs),
      url: target.href,
      redirected: false,
      requestSentAt,
    });
    sink({ kind: 'state', t: now(), connection: 1, readyState: SSE_OPEN, reason: 'open', message: `HTTP ${status}` });
    res.writeHead(status, up.statusMessage, flatten(endToEndHeaders(pairs)));
    // The head goes out now, not with the first body chunk: a client waits for it to say "open".
    res.flushHeaders();
    const encoding = header(up, 'content-encoding');
    const observer = createBodyObserver(bodyKindOf(header(up, 'content-type'), encoding), sink, encoding);
    const inspection = createInspection(observer, sink, budget);
    body = inspection;

    up.on('data', (chunk: Buffer) => {
      const t = now();
      // Back-pressure passes through: a client slower than the upstream slows the upstream read.
      // Pausing only past a bound (not at the socket's 16 KiB mark) keeps a fast stream from
      // stalling on every read, and what waits here stays bounded.
      if (!res.write(chunk) && res.writableLength > MAX_PENDING_BYTES) up.pause();
      inspection.push(chunk, t);
    });
    res.on('drain', () => up.resume());
    up.on('end', () => {
      res.end();
      inspection.end();
      core.finish(SSE_CLOSED, 'stream-ended', 'the upstream ended the response');
    });
    up.on('error', () => {
      // 'close' below reports it; without a listener the error would be thrown.
    });
    up.on('close', () => {
      if (up.complete || core.finished) return;
      inspection.end();
      core.error('network', 'the upstream connection broke off mid-response', true);
      res.destroy();
      core.finish(SSE_CLOSED, 'network-error', 'the upstream connection broke off');
    });
  });

  upstreamReq.on('error', (err) => {
    if (core.finished) return;
    const message = describeError(err);
    if (!res.headersSent) {
      core.error('network', `cannot reach ${target.origin}: ${message}`, true);
      const text = `streamscope proxy: cannot reach ${target.origin}: ${message}\n`;
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      core.finish(SSE_CLOSED, 'network-error', message);
      return;
    }
    body?.end();
    core.error('network', `the upstream connection failed: ${message}`, true);
    res.destroy();
    core.finish(SSE_CLOSED, 'network-error', message);
  });

  res.on('close', () => {
    if (core.finished || res.writableFinished) return;
    upstreamReq.destroy();
    body?.end();
    core.finish(SSE_CLOSED, 'closed-by-user', 'the client disconnected');
  });

  core.onAbort = (why) => {
    upstreamReq.destroy();
    res.destroy();
    body?.end();
    core.finish(SSE_CLOSED, 'closed-by-user', why);
  };
  return core.exchange;
}

function header(message: IncomingMessage, name: string): string | undefined {
  const value = message.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Keeps a small request body as text in the session's request once it is complete. */
function keepBodyText(req: IncomingMessage, request: StreamRequest): void {
  const parts: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size <= KEPT_BODY_BYTES) parts.push(chunk);
  });
  req.on('end', () => {
    // The request object is the session's own: it shows the body from the next update on.
    if (size > 0 && size <= KEPT_BODY_BYTES) request.body = Buffer.concat(parts).toString('utf8');
  });
}
