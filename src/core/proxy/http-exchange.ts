/**
 * One HTTP request through the proxy. The response streams back unbuffered: each upstream read is
 * written to the client the moment it arrives (stamped first, parsed on the next turn: see
 * inspection.ts), with the upstream's own headers, content coding and, for a chunked body, its own
 * chunk framing (http1-framing.ts), so the client gets byte for byte what it would have got
 * directly, in one write per read. A side that goes away ends the other: the client leaving
 * closes the upstream connection, the upstream breaking off cuts the client's response, and the
 * session says which happened.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SSE_CLOSED, SSE_OPEN } from '#shared/records';
import { DEFAULT_LIMITS, type StreamRequest } from '#shared/request';
import { now } from '../clock';
import { sseConnectingRecord } from '../stream';
import { bodyKindOf, createBodyObserver } from './body-observer';
import { createInspection, type Inspection, type InspectionBudget } from './inspection';
import { createFailureReport, type FailureReport } from './failure-report';
import { createExchangeCore, describeError, type ExchangeObserver, type ProxyExchange } from './exchange';
import { endToEndHeaders, flatten, headerRecord, rawPairs } from './headers';
import {
  MAX_HEAD_BYTES,
  bodyFraming,
  createChunkedScanner,
  fieldValue,
  headEnd,
  keepsConnection,
  parseResponseHead,
  type BodyFraming,
  type ChunkedScanner,
  type ResponseHead,
} from './http1-framing';
import { upstreamUrl, type Upstream } from './upstream';

/** Request bodies up to this size are kept (as text) in the session's request. */
const KEPT_BODY_BYTES = 64 * 1024;

/** Response bytes allowed to wait for a slow client before the upstream read is paused. */
const MAX_PENDING_BYTES = 1024 * 1024;

/** How long a failed answer's body may take before its session shows what arrived (as sse/connection.ts). */
const FAILURE_BODY_WAIT_MS = 2000;

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
  // The request body goes on as it came: with its Content-Length, or chunked (re-framed here).
  const chunkedRequest = req.headers['transfer-encoding'] !== undefined;
  const hasBody = chunkedRequest || Number(req.headers['content-length'] ?? 0) > 0;
  let head = `${method} ${target.pathname}${target.search} HTTP/1.1\r\n`;
  for (const [name, value] of headers) head += `${name}: ${value}\r\n`;
  head += chunkedRequest ? 'Transfer-Encoding: chunked\r\n\r\n' : '\r\n';

  let socket: Socket | null = null;
  let reused = false;
  let retried = false;
  let requestSent = !hasBody;
  // Bytes of the response head received so far; null once the head was forwarded.
  let pendingHead: Buffer | null = Buffer.alloc(0);
  let framing: BodyFraming = { kind: 'close' };
  let keep = false;
  let remaining = 0;
  let scanner: ChunkedScanner | null = null;
  // True when the client gets the upstream's chunk framing as it is (an HTTP/1.1 client).
  let passThrough = false;
  let body: Inspection | null = null;
  // Set instead of parsing when the upstream's status says it did not succeed.
  let failure: FailureReport | null = null;

  function connect(): void {
    ({ socket, reused } = upstream.connect());
    socket.on('data', onRead);
    socket.on('end', onGone);
    socket.on('close', onGone);
    socket.on('error', onError);
    socket.write(head, 'latin1');
  }

  function detach(): Socket | null {
    const s = socket;
    if (s === null) return null;
    socket = null;
    s.off('data', onRead).off('end', onGone).off('close', onGone).off('error', onError);
    return s;
  }

  req.on('data', (chunk: Buffer) => {
    if (socket === null) return;
    const ok = chunkedRequest ? writeChunk(socket, chunk) : socket.write(chunk);
    if (!ok) {
      req.pause();
      socket.once('drain', () => req.resume());
    }
  });
  req.on('end', () => {
    if (chunkedRequest) socket?.write('0\r\n\r\n');
    requestSent = true;
  });

  function onRead(read: Buffer): void {
    const t = now();
    if (pendingHead === null) return forwardBody(read, t);
    let bytes = pendingHead.byteLength === 0 ? read : Buffer.concat([pendingHead, read]);
    for (;;) {
      const end = headEnd(bytes);
      if (end === -1) {
        if (bytes.byteLength > MAX_HEAD_BYTES) return refuse('its response head is over 64 KiB');
        pendingHead = bytes;
        return;
      }
      const parsed = parseResponseHead(bytes.toString('latin1', 0, end));
      if (typeof parsed === 'string') return refuse(parsed);
      bytes = bytes.subarray(end);
      // An interim response (100 Continue, 103 Early Hints) is not forwarded; the final one follows.
      if (parsed.status >= 100 && parsed.status < 200 && parsed.status !== 101) continue;
      if (parsed.status === 101) return refuse('it switched protocols on a plain request');
      const how = bodyFraming(method, parsed);
      if (typeof how === 'string') return refuse(how);
      pendingHead = null;
      respond(parsed, how, t);
      // A body of no bytes (none, or Content-Length: 0) ends with its head: no read will come for it.
      const empty = how.kind === 'none' || (how.kind === 'length' && how.length === 0);
      if (bytes.byteLength > 0 || empty) forwardBody(bytes, t);
      return;
    }
  }

  function respond(parsed: ResponseHead, how: BodyFraming, t: number): void {
    framing = how;
    keep = keepsConnection(parsed, how);
    remaining = how.kind === 'length' ? how.length : 0;
    scanner = how.kind === 'chunked' ? createChunkedScanner() : null;
    passThrough = how.kind === 'chunked' && req.httpVersion === '1.1';
    const status = parsed.status;
    core.status = status;
    const response = {
      kind: 'response' as const,
      t,
      connection: 1,
      status,
      statusText: parsed.statusText,
      headers: headerRecord(parsed.pairs),
      url: target.href,
      redirected: false,
      requestSentAt,
    };
    const forwarded = endToEndHeaders(parsed.pairs);
    if (passThrough) forwarded.push(['Transfer-Encoding', 'chunked']);
    res.writeHead(status, parsed.statusText, flatten(forwarded));
    // The head goes out now, not with the first body chunk: a client waits for it to say "open".
    res.flushHeaders();
    // The upstream's chunk framing is written as it came: Node must not frame it a second time.
    if (passThrough) res.chunkedEncoding = false;
    const encoding = fieldValue(parsed.pairs, 'content-encoding');
    // A redirect or a 304 is not a failure: a client follows or uses it (the next request is an
    // exchange of its own).
    if (status >= 400) {
      failure = createFailureReport({
        response,
        encoding,
        sink,
        decode: passThrough ? dechunker() : undefined,
        maxBytes: DEFAULT_LIMITS.maxErrorBodyBytes,
        waitMs: FAILURE_BODY_WAIT_MS,
      });
      body = failure;
      return;
    }
    sink(response);
    // Open from the read that brought the head: its body bytes carry the same time, and a state
    // stamped later would sort after them.
    sink({ kind: 'state', t, connection: 1, readyState: SSE_OPEN, reason: 'open', message: `HTTP ${status}` });
    const observer = createBodyObserver(bodyKindOf(fieldValue(parsed.pairs, 'content-type'), encoding), sink, encoding);
    body = createInspection(observer, sink, budget, passThrough ? dechunker() : undefined);
  }

  /** Forwards the body bytes of one read; notices where the body ends. */
  function forwardBody(bytes: Buffer, t: number): void {
    let end = -1;
    switch (framing.kind) {
      case 'none':
        end = 0;
        break;
      case 'length':
        if (bytes.byteLength >= remaining) end = remaining;
        remaining -= Math.min(remaining, bytes.byteLength);
        break;
      case 'chunked': {
        const ranges: Array<[number, number]> | null = passThrough ? null : [];
        const found = scanner!.scan(bytes, ranges ? (from, to) => void ranges.push([from, to]) : undefined);
        if (typeof found === 'string') return breakOff(`its chunked framing is invalid: ${found}`);
        end = found;
        if (ranges !== null) {
          for (const [from, to] of ranges) forward(bytes.subarray(from, to), t);
          if (end !== -1) complete(end < bytes.byteLength);
          return;
        }
        break;
      }
      case 'close':
        break;
    }
    forward(end === -1 ? bytes : bytes.subarray(0, end), t);
    if (end !== -1) complete(end < bytes.byteLength);
  }

  function forward(bytes: Buffer, t: number): void {
    if (bytes.byteLength === 0) return;
    // Back-pressure passes through: a client slower than the upstream slows the upstream read.
    // Pausing only past a bound (not at the socket's 16 KiB mark) keeps a fast stream from
    // stalling on every read, and what waits here stays bounded.
    if (!res.write(bytes) && res.writableLength > MAX_PENDING_BYTES) socket?.pause();
    body!.push(bytes, t);
  }

  /** The response was read whole: end the client's, keep the connection when it can serve again. */
  function complete(extraBytes: boolean): void {
    const s = detach();
    res.end();
    body?.end();
    if (failure) core.finish(SSE_CLOSED, 'http-status', failure.message);
    else core.finish(SSE_CLOSED, 'stream-ended', 'the upstream ended the response');
    if (s === null) return;
    if (keep && !extraBytes && requestSent) {
      s.resume();
      upstream.release(s);
    } else {
      s.destroy();
    }
  }

  /** The upstream's answer cannot be forwarded: before its head, the client gets a 502. */
  function refuse(why: string): void {
    detach()?.destroy();
    fail502(`invalid response from ${target.origin}: ${why}`);
  }

  function fail502(message: string): void {
    core.error('network', message, true);
    const text = `streamscope proxy: ${message}\n`;
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    core.finish(SSE_CLOSED, 'network-error', message);
  }

  function breakOff(why: string): void {
    detach()?.destroy();
    body?.end();
    core.error('network', `the upstream connection ${why}`, true);
    res.destroy();
    core.finish(SSE_CLOSED, 'network-error', `the upstream connection ${why}`);
  }

  /** A connection kept from an earlier request that the server closed meanwhile: try a new one. */
  function retryable(): boolean {
    return reused && !retried && !hasBody && pendingHead !== null && pendingHead.byteLength === 0;
  }

  /** The connection ended before a response head: once more on a new one when allowed, else 502. */
  function retryOrFail(why: string): void {
    detach()?.destroy();
    if (!retryable()) return fail502(why);
    retried = true;
    connect();
  }

  function onGone(): void {
    if (core.finished || socket === null) return;
    if (pendingHead !== null) return retryOrFail(`${target.origin} closed the connection without answering`);
    if (framing.kind === 'close') return complete(true);
    breakOff('broke off mid-response');
  }

  function onError(err: Error): void {
    if (core.finished || socket === null) return;
    if (pendingHead !== null) return retryOrFail(`cannot reach ${target.origin}: ${describeError(err)}`);
    breakOff(`failed: ${describeError(err)}`);
  }

  res.on('drain', () => socket?.resume());
  res.on('close', () => {
    if (core.finished || res.writableFinished) return;
    detach()?.destroy();
    body?.end();
    core.finish(SSE_CLOSED, 'closed-by-user', 'the client disconnected');
  });

  core.onAbort = (why) => {
    detach()?.destroy();
    res.destroy();
    body?.end();
    core.finish(SSE_CLOSED, 'closed-by-user', why);
  };

  connect();
  return core.exchange;
}

/** One request body chunk in chunked framing, written at once. */
function writeChunk(socket: Socket, chunk: Buffer): boolean {
  socket.cork();
  socket.write(`${chunk.byteLength.toString(16)}\r\n`);
  socket.write(chunk);
  const ok = socket.write('\r\n');
  socket.uncork();
  return ok;
}

/**
 * The reading side's own scanner: the chunks' data in each forwarded read, without their framing
 * (views, not copies: a read is a buffer of its own, sized to what arrived).
 */
function dechunker(): (read: Buffer) => Buffer[] {
  const scanner = createChunkedScanner();
  return (read) => {
    const parts: Buffer[] = [];
    scanner.scan(read, (from, to) => void parts.push(read.subarray(from, to)));
    return parts;
  };
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
