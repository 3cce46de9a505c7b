/**
 * A Socket.IO v4 client session over Engine.IO 4's WebSocket transport, on top of the WebSocket
 * engine: every frame is recorded by that engine as it is on the wire; this module only answers
 * what a Socket.IO client must answer, as outbound frame records like any other:
 *   in `0{sid,pingInterval,pingTimeout}` (open) → out `40[/nsp,][auth]` (CONNECT)
 *   in `40…{sid}` (joined)                   → out `42…n["event",…args]` per --emit, in order
 *   in `2` (ping)                            → out `3` (pong), so the server keeps the session
 *   in `44…` (CONNECT_ERROR)                 → a fatal `connect-error` error record, then close
 *   in `41…` (DISCONNECT: the server left)   → close
 * and watches the heartbeat: no ping within pingInterval + pingTimeout means the session is dead.
 */
import type { WsOutgoing } from '#shared/api';
import type { SocketIoDecoded } from '#shared/decoded';
import type { RecordDraft } from '#shared/records';
import { now } from '../clock';
import type { RecordSink, WsStreamConnection } from '../stream';
import { createWsConnection, type WsConnectionOptions } from '../ws/connection';
import { WsSendError } from '../ws/outgoing';
import { connectText, disconnectText, eventText, PONG_TEXT } from './encode';
import { engineIoUrl } from './url';

/** Emits, then events sent later (the app's composer), are numbered from 0 as socket.io-client does. */
interface AckCounter {
  next: number;
}

function socketIoOf(draft: RecordDraft): SocketIoDecoded | null {
  if (draft.kind !== 'frame' || draft.dir !== 'in') return null;
  return draft.decoded?.protocol === 'socket.io' ? draft.decoded : null;
}

/**
 * Opens a Socket.IO session for `options.request` (its `socketio` options, an http(s) or ws(s)
 * URL). `sink` must decorate frames with `decoded` (withSocketIoDecoding, which openStream puts in
 * front): the answers are driven by what it read.
 */
export function createSocketIoConnection(options: WsConnectionOptions, sink: RecordSink): WsStreamConnection {
  const { request } = options;
  const socketio = request.socketio ?? {};
  const nsp = socketio.namespace ?? '/';
  const acks: AckCounter = { next: 0 };
  let heartbeat: NodeJS.Timeout | null = null;
  /** The namespace is joined on the current connection. */
  let joined = false;
  let failed = false;
  /** The attempt the latest record belonged to. */
  let lastConnection = 1;

  function stopHeartbeat(): void {
    if (heartbeat !== null) clearTimeout(heartbeat);
    heartbeat = null;
  }

  /** Engine.IO 4: the server pings every pingInterval; silence past pingTimeout more is a dead session. */
  function armHeartbeat(pingInterval: number, pingTimeout: number): void {
    stopHeartbeat();
    const waitMs = pingInterval + pingTimeout;
    heartbeat = setTimeout(() => {
      heartbeat = null;
      sink({
        kind: 'error',
        t: now(),
        connection: lastConnection,
        code: 'network',
        message: `connection lost: no Engine.IO ping from the server for ${waitMs} ms (pingInterval + pingTimeout)`,
        fatal: true,
      });
      failed = true;
      ws.close();
    }, waitMs);
    heartbeat.unref?.();
  }
  let heartbeatTimes = { pingInterval: 25_000, pingTimeout: 20_000 };

  function sendText(data: string): void {
    // The socket may have gone between the frame that asked for this and now.
    if (ws.readyState !== 1) return;
    try {
      ws.send({ type: 'text', data });
    } catch (err) {
      if (!(err instanceof WsSendError)) throw err;
    }
  }

  function react(decoded: SocketIoDecoded, connection: number): void {
    switch (decoded.type) {
      case 'open':
        joined = false;
        heartbeatTimes = {
          pingInterval: decoded.pingInterval ?? heartbeatTimes.pingInterval,
          pingTimeout: decoded.pingTimeout ?? heartbeatTimes.pingTimeout,
        };
        armHeartbeat(heartbeatTimes.pingInterval, heartbeatTimes.pingTimeout);
        sendText(connectText(nsp, socketio.auth));
        return;
      case 'ping':
        armHeartbeat(heartbeatTimes.pingInterval, heartbeatTimes.pingTimeout);
        sendText(PONG_TEXT);
        return;
      case 'close':
        stopHeartbeat();
        return;
      default:
        if (decoded.nsp !== nsp) return;
    }
    switch (decoded.type) {
      case 'CONNECT':
        joined = true;
        for (const emit of socketio.emits ?? []) sendText(eventText(nsp, emit.event, emit.args, acks.next++));
        return;
      case 'CONNECT_ERROR': {
        const data = decoded.data as { message?: unknown } | string | undefined;
        const reason = typeof data === 'string' ? data : typeof data?.message === 'string' ? data.message : 'refused';
        sink({
          kind: 'error',
          t: now(),
          connection,
          code: 'connect-error',
          message: `Socket.IO refused namespace ${nsp}: ${reason}`,
          fatal: true,
        });
        failed = true;
        ws.close();
        return;
      }
      case 'DISCONNECT':
        // The server made this socket leave: nothing more will come on this namespace.
        joined = false;
        ws.close();
        return;
    }
  }

  const ws = createWsConnection({ ...options, request: { ...request, url: engineIoUrl(request.url) } }, (draft) => {
    // The decorating sink reads the frame first; its reading is on the draft afterwards.
    lastConnection = draft.connection;
    const seq = sink(draft);
    const decoded = socketIoOf(draft);
    if (decoded !== null) react(decoded, draft.connection);
    else if (draft.kind === 'state' && draft.readyState === 3) stopHeartbeat();
    return seq;
  });
  void ws.done.then(stopHeartbeat);

  return {
    transport: 'ws',
    get readyState() {
      return ws.readyState;
    },
    done: ws.done,
    close() {
      // socket.io-client leaves its namespace before closing; a server then sees a clean leave.
      if (joined && !failed) sendText(disconnectText(nsp));
      joined = false;
      stopHeartbeat();
      ws.close();
    },
    send(message: WsOutgoing) {
      if (message.type !== 'event') return ws.send(message);
      if (!joined) throw new WsSendError('not-open', `cannot emit: namespace ${nsp} is not joined yet`);
      ws.send({ type: 'text', data: eventText(nsp, message.event, message.args, acks.next++) });
    },
  };
}
