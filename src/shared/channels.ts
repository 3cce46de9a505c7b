/**
 * The canonical list of InspectorApi methods and the channel names both transports use. The
 * table below is typed against InspectorApi, so adding a method to the interface without listing
 * it here (or listing one that does not exist) fails to compile; the preload, the host client and
 * the service dispatch are tested against {@link API_METHODS}.
 */
import type { InspectorApi } from './api';

/** `group.method` for every method of InspectorApi, e.g. `'sessions.open'`. */
export type ApiMethodName = {
  [G in Extract<keyof InspectorApi, string>]: `${G}.${Extract<keyof InspectorApi[G], string>}`;
}[Extract<keyof InspectorApi, string>];

/** Methods answered by request/response (everything but the push subscription). */
export type InvokeMethodName = Exclude<ApiMethodName, 'sessions.subscribe'>;

type MethodTable = { [G in keyof InspectorApi]: { [M in keyof InspectorApi[G]]: true } };

// An object literal typed as MethodTable: a missing or extra key is a compile error.
const METHOD_TABLE: MethodTable = {
  sessions: {
    open: true,
    close: true,
    remove: true,
    list: true,
    clear: true,
    records: true,
    send: true,
    setFilter: true,
    subscribe: true,
  },
  recording: { start: true, stop: true, save: true, exportHar: true },
  replay: {
    openText: true,
    openDialog: true,
    play: true,
    pause: true,
    seek: true,
    step: true,
    setSpeed: true,
    serve: true,
    unserve: true,
  },
  demo: { info: true, scenarios: true, metrics: true },
  watch: { openText: true, status: true, openSession: true, stop: true },
  settings: { get: true, set: true, uiState: true, putUiState: true },
  proxy: { start: true, stop: true, list: true },
};

/** Every InspectorApi method as `group.method`, in a stable order. */
export const API_METHODS: readonly ApiMethodName[] = Object.entries(METHOD_TABLE).flatMap(([group, methods]) =>
  Object.keys(methods).map((m) => `${group}.${m}` as ApiMethodName),
);

/** The request/response methods (all but `sessions.subscribe`). */
export const INVOKE_METHODS: readonly InvokeMethodName[] = API_METHODS.filter(
  (m): m is InvokeMethodName => m !== 'sessions.subscribe',
);

const INVOKE_SET: ReadonlySet<string> = new Set(INVOKE_METHODS);

/** True when `name` is a request/response method of InspectorApi. */
export function isInvokeMethod(name: unknown): name is InvokeMethodName {
  return typeof name === 'string' && INVOKE_SET.has(name);
}

/** The arguments of one method, e.g. `ApiArgs<'sessions.records'>` = [string, number, number]. */
export type ApiArgs<M extends ApiMethodName> = M extends `${infer G}.${infer N}`
  ? G extends keyof InspectorApi
    ? N extends keyof InspectorApi[G]
      ? InspectorApi[G][N] extends (...args: infer A) => unknown
        ? A
        : never
      : never
    : never
  : never;

/** The resolved value of one request/response method (a Result). */
export type ApiReturn<M extends ApiMethodName> = M extends `${infer G}.${infer N}`
  ? G extends keyof InspectorApi
    ? N extends keyof InspectorApi[G]
      ? InspectorApi[G][N] extends (...args: never[]) => infer R
        ? Awaited<R>
        : never
      : never
    : never
  : never;

/** Electron IPC channel of a request/response method: `streamscope:sessions.open`. */
export function invokeChannel(method: InvokeMethodName): string {
  return `streamscope:${method}`;
}

/** Electron IPC channel main pushes batches on (one message per flush): `(seq, batch)`. */
export const BATCH_CHANNEL = 'streamscope:batch';

/** The preload's answer once the page has taken batch `seq`: main's measure of a window that keeps up. */
export const BATCH_ACK_CHANNEL = 'streamscope:batch-ack';

/** The browser host's WebSocket path. */
export const HOST_SOCKET_PATH = '/api';
