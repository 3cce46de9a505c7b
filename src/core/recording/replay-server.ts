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
import type { Recording, RecordingHeader, StoredRecord } from '#shared/recording-format';
import type { ResponseRecord } from '#shared/records';
import { collectAll, collectIfIdle } from './gc-window';
import { createPacer, sleepUntil } from './precise-timer';
import { ServedHeadError, servedHttpHead, type ServedHead } from './served-head';
import { forEachRecord, itemsAfterResponse, recordingSource, type ReplaySource } from './replay-source';
import { createWsReplayHandler } from './ws-replay';
import { createGraphqlSseReplay } from '../graphql/sse-replay';

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
export type WsReplayHandlerFactory = (source: ReplaySource, options: { speed: number }) => Promise<WsReplayHandler>;

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
  /** What reading the recording found but did not stop for (a cut-off file...). */
  readonly warnings: readonly string[];
  /** Stops listening and drops every client. */
  close(): Promise<void>;
}

/** How a served connection's body ends. */
type Ending = { how: 'end' | 'abort'; at: number } | { how: 'hold' };

/** One recorded HTTP exchange, planned for serving: its body's chunks are read when served. */
interface ServedPlan {
  connection: number;
  response: ResponseRecord | Omit<ResponseRecord, 'sessionId' | 'seq'>;
  ending: Ending;
  /** How many chunk records follow the response. */
  chunkCount: number;
  /** The Last-Event-ID header the recorded client sent to open it, if any. */
  lastEventId?: string;
}

/** A plan with its chunks in memory (HAR export, tests). */
interface ServedConnection extends ServedPlan {
  chunks: Array<{ at: number; bytes: Uint8Array }>;
}

/** Client-side endings: the server was still sending when the recording stopped. */
const HELD_REASONS: ReadonlySet<string> = new Set(['closed-by-user', 'replay-ended', 'event-too-large']);

/** After its response, the first record that ends a connection's body (or says the client stopped). */
function endsBody(r: StoredRecord, response: ServedPlan['response']): boolean {
  return (
    r.t >= response.t &&
    ((r.kind === 'error' && r.code === 'network') || (r.kind === 'state' && r.readyState !== 1 && r.reason !== 'open'))
  );
}

/**
 * Paces one connection's records after its response: chunk offsets from the response, over-long
 * gaps shortened (see createPacer). The planning pass and every client's pass run one each over
 * the same records, so both see the same offsets.
 */
function createConnectionPacer(response: ServedPlan['response']) {
  const pacer = createPacer(response.t);
  let ended = false;
  return {
    /** The chunk's offset, the body's ending's offset, or null for any other record. */
    offset(r: StoredRecord): { chunk: boolean; at: number } | null {
      if (r.kind === 'chunk') return { chunk: true, at: pacer.offset(r.t) };
      if (!ended && endsBody(r, response)) {
        ended = true;
        return { chunk: false, at: pacer.offset(r.t) };
      }
      return null;
    },
  };
}

/** Builds the plans from the records in order; with `keepChunks`, collects the chunks too. */
function createPlanner(keepChunks: boolean) {
  interface Draft {
    plan: ServedConnection | null;
    pacer: ReturnType<typeof createConnectionPacer> | null;
    /** The first opening state seen: its Last-Event-ID is what the recorded client sent. */
    opened: boolean;
    lastEventId?: string | undefined;
  }
  const drafts = new Map<number, Draft>();
  return {
    add(r: StoredRecord): void {
      let draft = drafts.get(r.connection);
      if (!draft) drafts.set(r.connection, (draft = { plan: null, pacer: null, opened: false }));
      if (!draft.plan) {
        if (r.kind === 'state' && (r.reason === 'connecting' || r.reason === 'reconnecting') && !draft.opened) {
          draft.opened = true;
          draft.lastEventId = r.lastEventId;
        } else if (r.kind === 'response') {
          draft.plan = { connection: r.connection, response: r, ending: { how: 'hold' }, chunkCount: 0, chunks: [] };
          if (draft.lastEventId !== undefined) draft.plan.lastEventId = draft.lastEventId;
          draft.pacer = createConnectionPacer(r);
        }
        return;
      }
      const paced = draft.pacer!.offset(r);
      if (paced === null) return;
      if (paced.chunk) {
        draft.plan.chunkCount++;
        if (keepChunks && r.kind === 'chunk') draft.plan.chunks.push({ at: paced.at, bytes: r.bytes });
      } else if (r.kind === 'error') draft.plan.ending = { how: 'abort', at: paced.at };
      else if (r.kind === 'state' && !HELD_REASONS.has(r.reason)) draft.plan.ending = { how: 'end', at: paced.at };
    },
    plans(): ServedConnection[] {
      return [...drafts.values()].flatMap((d) => (d.plan ? [d.plan] : []));
    },
  };
}

/** Splits the stored records into the HTTP exchanges they describe (exported for HAR export and tests). */
export function servedConnections(records: Iterable<StoredRecord>): ServedConnection[] {
  const planner = createPlanner(true);
  for (const r of records) planner.add(r);
  return planner.plans();
}

/** The plans of a source, read in one pass without keeping any chunk. */
async function planConnections(source: ReplaySource): Promise<ServedPlan[]> {
  const planner = createPlanner(false);
  await forEachRecord(source, (r) => planner.add(r));
  return planner.plans();
}

/** A plan's chunks with their offsets, read from the source as they are served. */
function chunksOf(
  source: ReplaySource,
  plan: ServedPlan,
  signal: AbortSignal,
): AsyncGenerator<{ at: number; bytes: Uint8Array }> {
  return itemsAfterResponse(source, plan.connection, plan.chunkCount, signal, (response) => {
    const pacer = createConnectionPacer(response);
    return (r) => {
      const paced = pacer.offset(r);
      return paced?.chunk && r.kind === 'chunk' ? { at: paced.at, bytes: r.bytes } : null;
    };
  });
}

/** Resolves once `res` can take more (or the client is gone): a slow reader holds the file read, not memory. */
function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function pickConnection(connections: ServedPlan[], req: IncomingMessage): ServedPlan | undefined {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('connection');
  if (query !== null) return connections.find((c) => String(c.connection) === query);
  const lastEventId = req.headers['last-event-id'];
  if (typeof lastEventId === 'string') {
    const match = connections.find((c) => c.lastEventId === lastEventId);
    if (match) return match;
  }
  return connections[0];
}

/**
 * A recording started mid-stream lacks the bytes that set its client's reconnection time and last
 * event ID. Served first on the connection it resumes, a block with only `retry` and `id` fields
 * sets both in the client (EventSource dispatches no event for a block without data), so a client
 * of the served replay reconnects as the recorded one would: after that delay, with that ID.
 */
function resumePreamble(header: RecordingHeader, served: ServedPlan): string {
  const { resume } = header;
  const framing = served.response.framing ?? 'sse';
  if (!resume || resume.connection !== served.connection || framing !== 'sse') return '';
  let block = '';
  if (resume.retryMs !== null) block += `retry: ${resume.retryMs}\n`;
  if (resume.lastEventId !== '') block += `id: ${resume.lastEventId}\n`;
  return block ? `${block}\n` : '';
}

/** The head served for a recorded response (see served-head.ts); throws a one-line Error. */
function headFor(served: ServedPlan): ServedHead {
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

/**
 * Starts serving a recording on 127.0.0.1: one in memory, or a {@link ReplaySource} such as a file
 * (read once to plan, then again by each client as it plays: memory stays flat for any size).
 */
export async function startReplayServer(
  recording: Recording | ReplaySource,
  options: ReplayServerOptions = {},
): Promise<ReplayServer> {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`replay speed must be a number >= 0, got ${speed}`);
  const source = 'open' in recording ? recording : recordingSource(recording);
  const isWs = source.header.transport === 'ws';
  const connections = isWs ? [] : await planConnections(source);
  // Checked before listening: a recording that cannot be served fails here, with one line.
  const heads = new Map(connections.map((c) => [c, headFor(c)]));
  const active = new Set<ServerResponse>();
  const stopping = new AbortController();
  const wsReplay = options.wsReplay === undefined ? createWsReplayHandler : options.wsReplay;
  const ws = isWs && wsReplay ? await wsReplay(source, { speed }) : null;
  // A graphql-sse recording also answers clients in single connection mode (graphql/sse-replay.ts).
  const recordedGraphql = isWs ? undefined : source.header.request.graphql;
  const firstPlan = connections[0];
  const graphqlSse =
    recordedGraphql && firstPlan
      ? createGraphqlSseReplay((signal) => chunksOf(source, firstPlan, signal), {
          speed,
          recordedSingle: recordedGraphql.sseMode === 'single',
        })
      : null;

  async function serve(served: ServedPlan, res: ServerResponse): Promise<void> {
    const gone = new AbortController();
    const onGone = (): void => gone.abort();
    res.on('close', onGone);
    stopping.signal.addEventListener('abort', onGone, { once: true });
    active.add(res);
    const chunks = chunksOf(source, served, gone.signal);
    try {
      // The first chunk is read (the file opened, its first lines parsed) before the clock starts:
      // that work is not part of the recorded timing, and done after it, it made the first chunk late.
      let next = await chunks.next();
      // Collections at the replay's own moments (gc-window.ts), while it is the only client (with
      // others playing, any pause here could land on one of their writes) and paced (at speed 0
      // there is no timing to keep).
      const collecting = (): boolean => speed > 0 && active.size === 1;
      if (collecting()) collectAll();
      const start = performance.now();
      const due = (at: number): number => start + (speed === 0 ? 0 : Math.max(0, at) / speed);
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
        if (response.body !== undefined && served.chunkCount === 0) res.write(response.body);
      }
      const preamble = accepted ? resumePreamble(source.header, served) : '';
      if (preamble) res.write(preamble);
      for (; !next.done; next = await chunks.next()) {
        const chunk = next.value;
        const at = due(chunk.at);
        if (collecting()) collectIfIdle(at - performance.now());
        await sleepUntil(at, gone.signal);
        if (gone.signal.aborted) return;
        // Corked around the write: the chunk (and its chunked-encoding frame) leaves in this call,
        // in one segment, rather than at the next tick after whatever runs in between.
        res.cork();
        const more = res.write(chunk.bytes);
        res.uncork();
        if (!more) await drained(res, gone.signal);
      }
      if (gone.signal.aborted) return;
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
      await chunks.return(undefined);
      active.delete(res);
      res.off('close', onGone);
      stopping.signal.removeEventListener('abort', onGone);
      if (!res.writableEnded) res.destroy();
    }
  }

  const server = createServer((req, res) => {
    if (graphqlSse?.handle(req, res)) return;
    req.resume();
    if (isWs) {
      res.writeHead(ws ? 426 : 501, { 'content-type': 'text/plain' });
      res.end(
        ws
          ? source.header.request.socketio !== undefined
            ? "this endpoint replays a Socket.IO recording over the WebSocket transport only: connect with transports: ['websocket']\n"
            : 'this endpoint replays a WebSocket recording: connect with ws://\n'
          : 'WebSocket replay is not available\n',
      );
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': graphqlSse ? 'GET, POST, PUT, DELETE, OPTIONS' : 'GET, POST, OPTIONS',
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
    serve(served, res).catch(() => res.destroy());
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
    warnings: [...source.warnings],
    close() {
      stopping.abort();
      ws?.close();
      graphqlSse?.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
