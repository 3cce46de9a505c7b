/**
 * A recording served as a live endpoint on 127.0.0.1: every client gets the recorded status,
 * headers and body bytes, chunk by chunk, with the recorded gaps scaled by the speed. Each client
 * is paced on its own from the moment its request arrives, so any number can watch at once.
 *
 * Which recorded connection a request gets (a recording can hold several: SSE reconnects):
 *   1. `?connection=N` in the URL: connection N;
 *   2. else a `Last-Event-ID` header equal to the one a recorded reconnect sent: that reconnect's
 *      connection, so an EventSource reconnecting against the replay walks through the recording
 *      as the original client did;
 *   3. else the first connection that got a response.
 * How a connection's body ends is replayed too: a server end ends the response at the recorded
 * time, a network error aborts it, and a stream the client closed (or a recording cut off) is
 * held open until the client goes away.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Recording, StoredRecord } from '../../shared/recording-format';
import type { ResponseRecord } from '../../shared/records';
import { createPacer, sleepUntil } from './precise-timer';
import { ServedHeadError, servedHttpHead, type ServedHead } from './served-head';
import { createWsReplayHandler } from './ws-replay';

/** Handles WebSocket upgrades for a 'ws' recording. */
export interface WsReplayHandler {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every socket it opened. */
  close(): void;
}

/**
 * Makes the upgrade handler for a WebSocket recording. The WebSocket replay (ws-replay.ts)
 * provides one; the server delegates every upgrade of a 'ws' recording to it.
 */
export type WsReplayHandlerFactory = (recording: Recording, options: { speed: number }) => WsReplayHandler;

export interface ReplayServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** 1 = recorded gaps, 2 = twice as fast, 0 = everything at once. Default 1. */
  speed?: number;
  /** Serves 'ws' recordings. Default: ws-replay.ts's handler; `null` refuses them with 501. */
  wsReplay?: WsReplayHandlerFactory | null;
}

export interface ReplayServer {
  /** http://127.0.0.1:<port>/ (ws:// for a WebSocket recording). Any path serves the recording. */
  readonly url: string;
  readonly port: number;
  /** Clients being served right now. */
  readonly clients: number;
  /** Stops listening and drops every client. */
  close(): Promise<void>;
}

/** How a served connection's body ends. */
type Ending = { how: 'end' | 'abort'; at: number } | { how: 'hold' };

/** One recorded HTTP exchange, ready to serve. */
interface ServedConnection {
  connection: number;
  response: ResponseRecord | Omit<ResponseRecord, 'sessionId' | 'seq'>;
  chunks: Array<{ at: number; bytes: Uint8Array }>;
  ending: Ending;
  /** The Last-Event-ID header the recorded client sent to open it, if any. */
  lastEventId?: string;
}

/** Client-side endings: the server was still sending when the recording stopped. */
const HELD_REASONS: ReadonlySet<string> = new Set(['closed-by-user', 'replay-ended', 'event-too-large']);

/** Splits the stored records into the HTTP exchanges they describe (exported for tests and the UI). */
export function servedConnections(records: StoredRecord[]): ServedConnection[] {
  const byConnection = new Map<number, StoredRecord[]>();
  for (const r of records) {
    let list = byConnection.get(r.connection);
    if (!list) byConnection.set(r.connection, (list = []));
    list.push(r);
  }
  const out: ServedConnection[] = [];
  for (const [connection, list] of byConnection) {
    const response = list.find((r) => r.kind === 'response');
    if (!response || response.kind !== 'response') continue;
    const opening = list.find((r) => r.kind === 'state' && (r.reason === 'connecting' || r.reason === 'reconnecting'));
    // The first record after the response that ends its body (or says the client stopped).
    const last = list.find(
      (r) =>
        r.t >= response.t &&
        r !== response &&
        ((r.kind === 'error' && r.code === 'network') ||
          (r.kind === 'state' && r.readyState !== 1 && r.reason !== 'open')),
    );
    // Offsets from the response in recorded order, over-long gaps shortened (see createPacer).
    const pacer = createPacer(response.t);
    const chunks: ServedConnection['chunks'] = [];
    let lastAt = 0;
    for (const r of list) {
      if (r.kind === 'chunk') chunks.push({ at: pacer.offset(r.t), bytes: r.bytes });
      else if (r === last) lastAt = pacer.offset(r.t);
    }
    let ending: Ending = { how: 'hold' };
    if (last?.kind === 'error') ending = { how: 'abort', at: lastAt };
    else if (last?.kind === 'state' && !HELD_REASONS.has(last.reason)) ending = { how: 'end', at: lastAt };
    const served: ServedConnection = { connection, response, chunks, ending };
    if (opening?.kind === 'state' && opening.lastEventId !== undefined) served.lastEventId = opening.lastEventId;
    out.push(served);
  }
  return out;
}

function pickConnection(connections: ServedConnection[], req: IncomingMessage): ServedConnection | undefined {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('connection');
  if (query !== null) return connections.find((c) => String(c.connection) === query);
  const lastEventId = req.headers['last-event-id'];
  if (typeof lastEventId === 'string') {
    const match = connections.find((c) => c.lastEventId === lastEventId);
    if (match) return match;
  }
  return connections[0];
}

/** The head served for a recorded response (see served-head.ts); throws a one-line Error. */
function headFor(served: ServedConnection): ServedHead {
  try {
    const head = servedHttpHead(served.response);
    // A frontend on another origin (a dev server) must be able to point EventSource/fetch here.
    head.headers['access-control-allow-origin'] ??= '*';
    return head;
  } catch (err) {
    if (err instanceof ServedHeadError)
      throw new ServedHeadError(`cannot serve recorded connection ${served.connection}: ${err.message}`);
    throw err;
  }
}

/** Starts serving `recording` on 127.0.0.1. */
export async function startReplayServer(
  recording: Recording,
  options: ReplayServerOptions = {},
): Promise<ReplayServer> {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`replay speed must be a number >= 0, got ${speed}`);
  const isWs = recording.header.transport === 'ws';
  const connections = isWs ? [] : servedConnections(recording.records);
  // Checked before listening: a recording that cannot be served fails here, with one line.
  const heads = new Map(connections.map((c) => [c, headFor(c)]));
  const active = new Set<ServerResponse>();
  const stopping = new AbortController();
  const wsReplay = options.wsReplay === undefined ? createWsReplayHandler : options.wsReplay;
  const ws = isWs && wsReplay ? wsReplay(recording, { speed }) : null;

  async function serve(served: ServedConnection, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now();
    const due = (at: number): number => start + (speed === 0 ? 0 : Math.max(0, at) / speed);
    const gone = new AbortController();
    const onGone = (): void => gone.abort();
    res.on('close', onGone);
    stopping.signal.addEventListener('abort', onGone, { once: true });
    active.add(res);
    try {
      const { response } = served;
      const head = heads.get(served)!;
      res.writeHead(head.status, head.statusText, head.headers);
      // Headers now, and no Nagle: each recorded chunk leaves as its own segment.
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      const accepted =
        response.framing !== undefined ||
        (response.status === 200 && (response.headers['content-type'] ?? '').includes('event-stream'));
      if (!accepted) {
        // A refused connection: its recorded body (the first 64 KiB), then the end.
        if (response.body !== undefined && served.chunks.length === 0) res.write(response.body);
      }
      for (const chunk of served.chunks) {
        await sleepUntil(due(chunk.at), gone.signal);
        if (gone.signal.aborted) return;
        res.write(chunk.bytes);
      }
      const { ending } = served;
      if (ending.how === 'hold') {
        if (!gone.signal.aborted)
          await new Promise<void>((resolve) => gone.signal.addEventListener('abort', () => resolve(), { once: true }));
        return;
      }
      await sleepUntil(due(ending.at), gone.signal);
      if (gone.signal.aborted) return;
      if (ending.how === 'abort') res.destroy();
      else res.end();
    } finally {
      active.delete(res);
      res.off('close', onGone);
      stopping.signal.removeEventListener('abort', onGone);
      if (!res.writableEnded) res.destroy();
    }
  }

  const server = createServer((req, res) => {
    req.resume();
    if (isWs) {
      res.writeHead(ws ? 426 : 501, { 'content-type': 'text/plain' });
      res.end(
        ws
          ? 'this endpoint replays a WebSocket recording: connect with ws://\n'
          : 'WebSocket replay is not available\n',
      );
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
      });
      res.end();
      return;
    }
    const served = pickConnection(connections, req);
    if (!served) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('this recording has no such connection\n');
      return;
    }
    serve(served, req, res).catch(() => res.destroy());
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (ws) ws.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${isWs ? 'ws' : 'http'}://127.0.0.1:${port}/`,
    port,
    get clients() {
      return active.size;
    },
    close() {
      stopping.abort();
      ws?.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
