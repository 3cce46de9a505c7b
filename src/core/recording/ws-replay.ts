/**
 * The WebSocket half of the replay server: a 'ws' recording served as a live WebSocket endpoint.
 * Every client that upgrades gets the recorded connection's handshake answer and then the frames
 * the recorded server sent (text, binary, ping, pong), each at its recorded offset from the
 * handshake divided by the speed, and finally the recorded ending: the server's close frame
 * (code and reason), an abrupt socket loss, or (when the recorded client closed, or the recording
 * stops while open) nothing, holding the socket open until the client leaves.
 *
 * A recorded rejected handshake (401, 404...) is replayed as that HTTP response, body included.
 * What the client sends is read and dropped: a recording cannot know the answers to new input.
 * The exception is a graphql-ws session, a dialogue the client leads: see src/core/graphql/ws-replay.ts.
 * A Socket.IO recording held open after its frames keeps sending Engine.IO pings (socketio/replay.ts).
 *
 * Which recorded connection a client gets: `?connection=N`, else the first one that opened
 * (status 101), else the first one that got any response.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StoredRecord } from '#shared/recording-format';
import type { WsReplayHandler, WsReplayHandlerFactory } from './replay-server';
import { collectAll, collectIfIdle } from './gc-window';
import { createPacer, sleepUntil } from './precise-timer';
import { forEachRecord, itemsAfterResponse, recordsOfConnection, type ReplaySource } from './replay-source';
import { ServedHeadError, servedHeaders, servedHttpHead } from './served-head';
import { GRAPHQL_WS_PROTOCOL } from '#shared/graphql';
import {
  createGraphqlWsPlanner,
  operationMessages,
  serveGraphqlWs,
  type GraphqlWsReplayPlan,
} from '../graphql/ws-replay';
import { createRecordedPingInterval, PING_TEXT } from '../socketio/replay';

type StoredResponse = Extract<StoredRecord, { kind: 'response' }>;
type StoredFrame = Extract<StoredRecord, { kind: 'frame' }>;

/** How a replayed WebSocket connection ends, with offsets in recorded ms from the handshake. */
export type WsReplayEnding =
  { how: 'close'; at: number; code: number; reason: string } | { how: 'abort'; at: number } | { how: 'hold' };

/** One recorded WebSocket connection, planned for serving: its frames are read when served. */
export interface WsServedPlan {
  connection: number;
  response: StoredResponse;
  /** How many frames the recorded server sent before the ending (close frames excluded). */
  frameCount: number;
  ending: WsReplayEnding;
}

/** A plan with its frames in memory (tests). */
export interface WsServedConnection extends WsServedPlan {
  frames: Array<{ at: number; frame: StoredFrame }>;
}

/**
 * Walks one connection's records after its handshake answer: each frame the server sent with its
 * offset from the answer (over-long gaps shortened, see createPacer), until what ends it. The
 * planning pass and every client's pass each run one over the same records.
 */
function createConnectionWalker(response: StoredResponse) {
  const pacer = createPacer(response.t);
  let done = false;
  return {
    get done() {
      return done;
    },
    /** A frame to send, the ending, or null (a record that changes nothing). */
    step(r: StoredRecord): { frame: StoredFrame; at: number } | { ending: WsReplayEnding } | null {
      if (done) return null;
      if (r.kind === 'frame' && r.dir === 'in') {
        if (r.opcode === 'close') {
          done = true;
          return { ending: { how: 'close', at: pacer.offset(r.t), code: r.code ?? 1005, reason: r.reason ?? '' } };
        }
        return { frame: r, at: pacer.offset(r.t) };
      }
      if (r.kind === 'frame' && r.dir === 'out' && r.opcode === 'close') {
        // The recorded client started closing: whatever the server did next answered that.
        done = true;
        return { ending: { how: 'hold' } };
      }
      if (r.kind === 'error' && r.code === 'network' && r.t >= response.t) {
        done = true;
        return { ending: { how: 'abort', at: pacer.offset(r.t) } };
      }
      return null;
    },
  };
}

/** Builds the plans from the records in order; with `keepFrames`, collects the frames too. */
function createWsPlanner(keepFrames: boolean) {
  const drafts = new Map<number, { plan: WsServedConnection; walker: ReturnType<typeof createConnectionWalker> }>();
  return {
    add(r: StoredRecord): void {
      const draft = drafts.get(r.connection);
      if (!draft) {
        if (r.kind === 'response') {
          const plan: WsServedConnection = {
            connection: r.connection,
            response: r,
            frameCount: 0,
            ending: { how: 'hold' },
            frames: [],
          };
          drafts.set(r.connection, { plan, walker: createConnectionWalker(r) });
        }
        return;
      }
      const step = draft.walker.step(r);
      if (step === null) return;
      if ('ending' in step) draft.plan.ending = step.ending;
      else {
        draft.plan.frameCount++;
        if (keepFrames) draft.plan.frames.push(step);
      }
    },
    plans(): WsServedConnection[] {
      return [...drafts.values()].map((d) => d.plan);
    },
  };
}

/** Splits a WebSocket recording's records into the connections it holds (exported for tests). */
export function wsServedConnections(records: Iterable<StoredRecord>): WsServedConnection[] {
  const planner = createWsPlanner(true);
  for (const r of records) planner.add(r);
  return planner.plans();
}

// The counterpart of replay-server.ts's chunksOf, on the same itemsAfterResponse walk: frames are
// paced by the WebSocket walker (pings, closes), chunks by the SSE pacer.
/** A plan's frames with their offsets, read from the source as they are served. */
function framesOf(
  source: ReplaySource,
  plan: WsServedPlan,
  signal: AbortSignal,
): AsyncGenerator<{ frame: StoredFrame; at: number }> {
  return itemsAfterResponse(source, plan.connection, plan.frameCount, signal, (response) => {
    const walker = createConnectionWalker(response);
    return (r) => {
      const step = walker.step(r);
      return step !== null && 'frame' in step ? step : null;
    };
  });
}

/** Bytes queued on a socket beyond which a replay waits for them to go out before sending more. */
const HIGH_WATER_BYTES = 1024 * 1024;

/** Sends a message; when the socket is backed up, resolves only once it went out (or the client left). */
function sent(ws: WebSocket, data: string | Buffer, binary: boolean, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    ws.send(data, { binary }, () => resolve());
    if (ws.bufferedAmount <= HIGH_WATER_BYTES) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function pick(connections: WsServedPlan[], req: IncomingMessage): WsServedPlan | undefined {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('connection');
  if (query !== null) return connections.find((c) => String(c.connection) === query);
  return connections.find((c) => c.response.status === 101) ?? connections[0];
}

/** Response headers ws writes itself, or that describe the hop rather than the endpoint. */
const HANDSHAKE_HEADERS: ReadonlySet<string> = new Set([
  'upgrade',
  'connection',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'date',
]);

function payload(frame: StoredFrame): Buffer {
  if (frame.bytes) return Buffer.from(frame.bytes.buffer, frame.bytes.byteOffset, frame.bytes.byteLength);
  return Buffer.from(frame.data, 'base64');
}

/** Answers an upgrade with the recorded refusal: status, headers and the kept body. */
function replayRejection(socket: Duplex, response: StoredResponse): void {
  const body = Buffer.from(response.body ?? '', 'utf8');
  const head = servedHttpHead(response);
  const lines = [`HTTP/1.1 ${head.status} ${head.statusText || 'Error'}`];
  for (const [name, value] of Object.entries(head.headers)) {
    if (!HANDSHAKE_HEADERS.has(name)) lines.push(`${name}: ${value}`);
  }
  lines.push(`content-length: ${body.byteLength}`, 'connection: close', '', '');
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]));
}

/** A Socket.IO client held open after the recorded frames still hears its server's heartbeat. */
async function keepPinging(ws: WebSocket, intervalMs: number, gone: AbortSignal): Promise<void> {
  for (;;) {
    await sleepUntil(performance.now() + intervalMs, gone);
    if (gone.aborted) return;
    ws.send(PING_TEXT);
  }
}

/** Serves a 'ws' recording's connections over WebSocket; plug into startReplayServer's `wsReplay`. */
export const createWsReplayHandler: WsReplayHandlerFactory = async (source, { speed }): Promise<WsReplayHandler> => {
  const planner = createWsPlanner(false);
  // A graphql-ws session is a dialogue: it is answered message by message (src/core/graphql/ws-replay.ts).
  const graphqlPlanners = new Map<number, ReturnType<typeof createGraphqlWsPlanner>>();
  const recordedPing = createRecordedPingInterval(source.header.request);
  await forEachRecord(source, (r) => {
    planner.add(r);
    recordedPing.add(r);
    if (r.kind === 'response' && r.protocol === GRAPHQL_WS_PROTOCOL)
      graphqlPlanners.set(r.connection, createGraphqlWsPlanner(r.connection));
    graphqlPlanners.get(r.connection)?.add(r);
  });
  const pingInterval = recordedPing.value;
  const connections: WsServedPlan[] = planner.plans();
  // Checked up front, as for HTTP replays: an unservable head is one line now, not a broken reply later.
  for (const c of connections) {
    try {
      if (c.response.status === 101) servedHeaders(c.response.headers, HANDSHAKE_HEADERS);
      else servedHttpHead(c.response);
    } catch (err) {
      if (err instanceof ServedHeadError)
        throw new ServedHeadError(`cannot serve recorded connection ${c.connection}: ${err.message}`);
      throw err;
    }
  }
  const graphqlPlans = new Map<WsServedPlan, GraphqlWsReplayPlan>();
  for (const c of connections) {
    const graphqlPlan = graphqlPlanners.get(c.connection)?.plan();
    if (graphqlPlan) graphqlPlans.set(c, graphqlPlan);
  }
  const stopping = new AbortController();
  const clients = new Set<WebSocket>();
  // Which recorded connection the upgrade being handled right now will get (ws's 'headers' and
  // 'handleProtocols' hooks run synchronously inside handleUpgrade).
  let upgrading: WsServedPlan | null = null;
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // What clients send is dropped; there is no reason to accept much of it.
    maxPayload: 1024 * 1024,
    handleProtocols: (offered) => {
      const recorded = upgrading?.response.protocol;
      return recorded !== undefined && offered.has(recorded) ? recorded : false;
    },
  });
  wss.on('headers', (headers: string[]) => {
    if (!upgrading) return;
    for (const [name, value] of Object.entries(servedHeaders(upgrading.response.headers, HANDSHAKE_HEADERS))) {
      headers.push(`${name}: ${value}`);
    }
  });

  async function play(ws: WebSocket, served: WsServedPlan): Promise<void> {
    // Collections at the replay's own moments, as the SSE replay's (gc-window.ts): while this is
    // the only client and paced.
    const collecting = (): boolean => speed > 0 && clients.size === 1;
    if (collecting()) collectAll();
    const start = performance.now();
    const due = (at: number): number => start + (speed === 0 ? 0 : Math.max(0, at) / speed);
    const gone = new AbortController();
    const onGone = (): void => gone.abort();
    ws.once('close', onGone);
    stopping.signal.addEventListener('abort', onGone, { once: true });
    try {
      for await (const { at, frame } of framesOf(source, served, gone.signal)) {
        const target = due(at);
        if (collecting()) collectIfIdle(target - performance.now());
        await sleepUntil(target, gone.signal);
        if (gone.signal.aborted) return;
        switch (frame.opcode) {
          case 'text':
            await sent(ws, frame.data, false, gone.signal);
            break;
          case 'binary':
            await sent(ws, payload(frame), true, gone.signal);
            break;
          case 'ping':
            ws.ping(payload(frame));
            break;
          case 'pong':
            ws.pong(payload(frame));
            break;
          case 'close':
            break;
        }
      }
      if (gone.signal.aborted) return;
      const { ending } = served;
      if (ending.how === 'hold') {
        if (pingInterval !== null) await keepPinging(ws, pingInterval, gone.signal);
        return;
      }
      await sleepUntil(due(ending.at), gone.signal);
      if (gone.signal.aborted) return;
      if (ending.how === 'abort') {
        ws.terminate();
      } else if (ending.code === 1005) {
        ws.close();
      } else {
        try {
          ws.close(ending.code, ending.reason);
        } catch {
          // A code that may not be sent on the wire (a damaged file): end without one.
          ws.close();
        }
      }
    } finally {
      ws.off('close', onGone);
      stopping.signal.removeEventListener('abort', onGone);
    }
  }

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      socket.on('error', () => socket.destroy());
      if (stopping.signal.aborted) {
        socket.destroy();
        return;
      }
      const served = pick(connections, req);
      if (!served) {
        replayRejection(socket, {
          kind: 'response',
          t: 0,
          connection: 0,
          status: 404,
          statusText: 'Not Found',
          headers: { 'content-type': 'text/plain' },
          url: '',
          redirected: false,
          requestSentAt: 0,
          body: 'this recording has no such connection\n',
        });
        return;
      }
      if (served.response.status !== 101) {
        replayRejection(socket, served.response);
        return;
      }
      upgrading = served;
      try {
        wss.handleUpgrade(req, socket, head, (ws) => {
          clients.add(ws);
          ws.on('error', () => {});
          ws.on('close', () => clients.delete(ws));
          const plan = graphqlPlans.get(served);
          if (plan) {
            const messagesOf = (id: string, signal: AbortSignal) =>
              operationMessages(recordsOfConnection(source, served.connection, signal), id);
            serveGraphqlWs(ws, plan, messagesOf, { speed, ending: served.ending, stopping: stopping.signal });
            return;
          }
          ws.on('message', () => {});
          void play(ws, served).catch(() => ws.terminate());
        });
      } finally {
        upgrading = null;
      }
    },
    close(): void {
      stopping.abort();
      for (const ws of clients) ws.terminate();
      clients.clear();
      wss.close();
    },
  };
};
