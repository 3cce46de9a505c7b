/**
 * The preload: builds InspectorApi from named IPC channels and exposes exactly that object as
 * `window.streamscope`. Never exposes ipcRenderer itself, nor a generic send/invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Batch, InspectorApi } from '../shared/api';
import { BATCH_CHANNEL, invokeChannel, type ApiArgs, type ApiReturn, type InvokeMethodName } from '../shared/channels';

function invoke<M extends InvokeMethodName>(method: M, ...params: ApiArgs<M>): Promise<ApiReturn<M>> {
  return ipcRenderer.invoke(invokeChannel(method), ...params) as Promise<ApiReturn<M>>;
}

const api: InspectorApi = {
  sessions: {
    open: (options) => invoke('sessions.open', options),
    close: (sessionId) => invoke('sessions.close', sessionId),
    remove: (sessionId) => invoke('sessions.remove', sessionId),
    list: () => invoke('sessions.list'),
    clear: (sessionId) => invoke('sessions.clear', sessionId),
    records: (sessionId, fromSeq, limit) => invoke('sessions.records', sessionId, fromSeq, limit),
    send: (sessionId, message) => invoke('sessions.send', sessionId, message),
    subscribe(listener) {
      // The renderer gets the batch only, never the IPC event (it carries the sender).
      const handler = (_event: IpcRendererEvent, batch: Batch): void => listener(batch);
      ipcRenderer.on(BATCH_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(BATCH_CHANNEL, handler);
      };
    },
  },
  recording: {
    start: (sessionId) => invoke('recording.start', sessionId),
    stop: (sessionId) => invoke('recording.stop', sessionId),
    save: (sessionId, path) => invoke('recording.save', sessionId, path),
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
  settings: {
    get: () => invoke('settings.get'),
    set: (patch) => invoke('settings.set', patch),
  },
};

contextBridge.exposeInMainWorld('streamscope', api);
