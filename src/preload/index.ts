/**
 * The preload: builds InspectorApi from named IPC channels and exposes exactly that object as
 * `window.streamscope`. Never exposes ipcRenderer itself, nor a generic send/invoke.
 */
// renderer/bridge/host-client.ts builds the same InspectorApi object method by method over the
// browser host's WebSocket: the two stay separate because each is the one transport of its own
// process (IPC here, the host's socket there), and this sandboxed script imports only electron and shared.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Batch, InspectorApi } from '#shared/api';
import {
  BATCH_ACK_CHANNEL,
  BATCH_CHANNEL,
  invokeChannel,
  type ApiArgs,
  type ApiReturn,
  type InvokeMethodName,
} from '#shared/channels';

function invoke<M extends InvokeMethodName>(method: M, ...params: ApiArgs<M>): Promise<ApiReturn<M>> {
  return ipcRenderer.invoke(invokeChannel(method), ...params) as Promise<ApiReturn<M>>;
}

const batchListeners = new Set<(batch: Batch) => void>();

// One handler for the page's lifetime. The acknowledgement goes back once every listener has
// returned: main sends no more than a couple of batches ahead of what the page has handled.
// The listeners get the batch only, never the IPC event (it carries the sender).
ipcRenderer.on(BATCH_CHANNEL, (_event: IpcRendererEvent, seq: number, batch: Batch) => {
  for (const listener of batchListeners) {
    try {
      listener(batch);
    } catch (err) {
      // One failing listener must not starve the others, nor stop the acknowledgements.
      console.error(err);
    }
  }
  ipcRenderer.send(BATCH_ACK_CHANNEL, seq);
});

const api: InspectorApi = {
  sessions: {
    open: (options) => invoke('sessions.open', options),
    close: (sessionId) => invoke('sessions.close', sessionId),
    remove: (sessionId) => invoke('sessions.remove', sessionId),
    list: () => invoke('sessions.list'),
    clear: (sessionId) => invoke('sessions.clear', sessionId),
    setFilter: (sessionId, filter) => invoke('sessions.setFilter', sessionId, filter),
    records: (sessionId, fromSeq, limit) => invoke('sessions.records', sessionId, fromSeq, limit),
    send: (sessionId, message) => invoke('sessions.send', sessionId, message),
    subscribe(listener) {
      // A wrapper per call, so subscribing one function twice gives two subscriptions.
      const wrapped = (batch: Batch): void => listener(batch);
      batchListeners.add(wrapped);
      return () => {
        batchListeners.delete(wrapped);
      };
    },
  },
  recording: {
    start: (sessionId, options) => invoke('recording.start', sessionId, options),
    stop: (sessionId) => invoke('recording.stop', sessionId),
    save: (sessionId, path) => invoke('recording.save', sessionId, path),
    exportHar: (sessionId) => invoke('recording.exportHar', sessionId),
  },
  replay: {
    openText: (name, text) => invoke('replay.openText', name, text),
    openDialog: () => invoke('replay.openDialog'),
    play: (sessionId) => invoke('replay.play', sessionId),
    pause: (sessionId) => invoke('replay.pause', sessionId),
    seek: (sessionId, to) => invoke('replay.seek', sessionId, to),
    step: (sessionId) => invoke('replay.step', sessionId),
    setSpeed: (sessionId, speed) => invoke('replay.setSpeed', sessionId, speed),
    serve: (sessionId) => invoke('replay.serve', sessionId),
    unserve: (sessionId) => invoke('replay.unserve', sessionId),
  },
  demo: {
    info: () => invoke('demo.info'),
    scenarios: () => invoke('demo.scenarios'),
    metrics: () => invoke('demo.metrics'),
  },
  watch: {
    openText: (name, text) => invoke('watch.openText', name, text),
    status: () => invoke('watch.status'),
    openSession: (stream) => invoke('watch.openSession', stream),
    stop: () => invoke('watch.stop'),
  },
  settings: {
    get: () => invoke('settings.get'),
    set: (patch) => invoke('settings.set', patch),
    uiState: () => invoke('settings.uiState'),
    putUiState: (key, json) => invoke('settings.putUiState', key, json),
  },
  proxy: {
    start: (options) => invoke('proxy.start', options),
    stop: (proxyId) => invoke('proxy.stop', proxyId),
    list: () => invoke('proxy.list'),
  },
};

contextBridge.exposeInMainWorld('streamscope', api);
