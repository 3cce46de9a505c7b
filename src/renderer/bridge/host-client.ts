/**
 * InspectorApi over the browser host's WebSocket (src/host). Written as `const api: InspectorApi`
 * so the compiler checks every method; requests queue while the socket (re)connects, time out
 * instead of hanging, and batches are handed to subscribers with real Uint8Array bytes.
 */
import type { Batch, InspectorApi } from '#shared/api';
import type { ApiArgs, ApiReturn, InvokeMethodName } from '#shared/channels';
import { recordsFromWire, type HostMessage, type HostRequest, type WireRecord } from '#shared/host-protocol';
import { fail, type Result } from '#shared/result';

export interface HostClientOptions {
  /** ws://127.0.0.1:<port>/api?token=<token> */
  url: string;
  /** Default 30 s; opening a recording from text gets four times as long. */
  requestTimeoutMs?: number;
  /** Reconnect delays grow from this (default 250 ms) ... */
  reconnectMinMs?: number;
  /** ... to this (default 5 s). */
  reconnectMaxMs?: number;
  /** Injected for tests outside a browser. */
  WebSocketImpl?: typeof WebSocket;
}

/** The host client, with a way to stop it (tests; a page never needs to). */
export interface HostClient extends InspectorApi {
  dispose(): void;
}

/** Chromium's own decoder where it has one (half the time of atob and a copy loop, per chunk). */
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

function base64ToBytes(text: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(text);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  method: InvokeMethodName;
  text: string;
  /** Sent on the current socket (else it waits in the queue for the next one). */
  sent: boolean;
}

export function createHostClient(options: HostClientOptions): HostClient {
  const WS = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const minDelay = options.reconnectMinMs ?? 250;
  const maxDelay = options.reconnectMaxMs ?? 5000;
  const listeners = new Set<(batch: Batch) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let delay = minDelay;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function connect(): void {
    if (disposed) return;
    const ws = new WS(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
      for (const p of pending.values()) {
        if (!p.sent) {
          ws.send(p.text);
          p.sent = true;
        }
      }
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') receive(event.data);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      // Answers to requests already sent on this socket will never come.
      for (const [id, p] of pending) {
        if (!p.sent) continue;
        clearTimeout(p.timer);
        pending.delete(id);
        p.resolve(fail('io', `${p.method}: lost the connection to the Streamscope host`));
      }
      if (!disposed) {
        reconnectTimer = setTimeout(connect, delay);
        delay = Math.min(maxDelay, delay * 2);
      }
    };
    ws.onerror = () => {
      // onclose follows and handles it.
    };
  }

  function receive(text: string): void {
    let message: HostMessage;
    try {
      message = JSON.parse(text) as HostMessage;
    } catch {
      return;
    }
    if ('type' in message && message.type === 'batch') {
      const batch: Batch = { ...message.batch, records: recordsFromWire(message.batch.records, base64ToBytes) };
      for (const listener of listeners) {
        try {
          listener(batch);
        } catch (err) {
          // One failing view must not stop the others from getting the batch.
          console.error('streamscope: batch listener failed', err);
        }
      }
      return;
    }
    if (!('id' in message) || typeof message.id !== 'number') return;
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    let result = message.result;
    if (result.ok && p.method === 'sessions.records') {
      result = { ok: true, value: recordsFromWire(result.value as WireRecord[], base64ToBytes) };
    }
    p.resolve(result);
  }

  function call<M extends InvokeMethodName>(method: M, ...params: ApiArgs<M>): Promise<ApiReturn<M>> {
    if (disposed) return Promise.resolve(fail('io', `${method}: the host client was closed`) as ApiReturn<M>);
    const id = nextId++;
    // JSON turns a trailing `undefined` argument into null; leave optional arguments out instead.
    const list: unknown[] = [...params];
    while (list.length && list[list.length - 1] === undefined) list.pop();
    const request: HostRequest = { id, method, params: list };
    const text = JSON.stringify(request);
    return new Promise((resolve) => {
      const limit = method === 'replay.openText' ? timeoutMs * 4 : timeoutMs;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(fail('io', `${method}: no answer from the Streamscope host within ${limit / 1000} s`) as ApiReturn<M>);
      }, limit);
      const open = socket !== null && socket.readyState === WS.OPEN;
      pending.set(id, { resolve: resolve as (r: Result<unknown>) => void, timer, method, text, sent: open });
      if (open) socket!.send(text);
    });
  }

  const api: InspectorApi = {
    sessions: {
      open: (options) => call('sessions.open', options),
      close: (sessionId) => call('sessions.close', sessionId),
      remove: (sessionId) => call('sessions.remove', sessionId),
      list: () => call('sessions.list'),
      clear: (sessionId) => call('sessions.clear', sessionId),
      setFilter: (sessionId, filter) => call('sessions.setFilter', sessionId, filter),
      records: (sessionId, fromSeq, limit) => call('sessions.records', sessionId, fromSeq, limit),
      send: (sessionId, message) => call('sessions.send', sessionId, message),
      subscribe(listener) {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
    },
    recording: {
      start: (sessionId, options) => call('recording.start', sessionId, options),
      stop: (sessionId) => call('recording.stop', sessionId),
      save: (sessionId, path) => call('recording.save', sessionId, path),
      exportHar: (sessionId) => call('recording.exportHar', sessionId),
    },
    replay: {
      openText: (name, text) => call('replay.openText', name, text),
      openDialog: () => call('replay.openDialog'),
      play: (sessionId) => call('replay.play', sessionId),
      pause: (sessionId) => call('replay.pause', sessionId),
      seek: (sessionId, to) => call('replay.seek', sessionId, to),
      step: (sessionId) => call('replay.step', sessionId),
      setSpeed: (sessionId, speed) => call('replay.setSpeed', sessionId, speed),
      serve: (sessionId) => call('replay.serve', sessionId),
      unserve: (sessionId) => call('replay.unserve', sessionId),
    },
    demo: {
      info: () => call('demo.info'),
      scenarios: () => call('demo.scenarios'),
      metrics: () => call('demo.metrics'),
    },
    watch: {
      openText: (name, text) => call('watch.openText', name, text),
      status: () => call('watch.status'),
      openSession: (stream) => call('watch.openSession', stream),
      stop: () => call('watch.stop'),
    },
    settings: {
      get: () => call('settings.get'),
      set: (patch) => call('settings.set', patch),
      uiState: () => call('settings.uiState'),
      putUiState: (key, json) => call('settings.putUiState', key, json),
    },
    proxy: {
      start: (options) => call('proxy.start', options),
      stop: (proxyId) => call('proxy.stop', proxyId),
      list: () => call('proxy.list'),
    },
  };

  connect();
  return {
    ...api,
    dispose() {
      disposed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      socket?.close();
      socket = null;
    },
  };
}
