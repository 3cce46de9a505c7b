/**
 * Runtime checks for everything that crosses a process boundary (Electron IPC, the browser
 * host's WebSocket). The compiler cannot vouch for data from another process, so main and the
 * host run every request through {@link validateCall} before core sees it. Each failure is an
 * 'invalid-argument' Result with a one-line message naming the argument.
 */
import type { OpenSessionOptions, RecordingStartOptions, Settings, StartProxyOptions, WsOutgoing } from './api';
import { isInvokeMethod, type ApiArgs, type InvokeMethodName } from './channels';
import { transportOf, type StreamRequest } from './request';
import { copyGraphqlOperation, graphqlOperationProblem, type GraphqlOperation } from './graphql';
import type { JsonBounds } from './json-bounds';
import { checkSocketIoRequest } from './socketio-request';
import { FRAMINGS, type Framing } from './records';
import { checkListFilter, type ListFilterSpec } from './list-filter';
import { fail, ok, type Result } from './result';
import { isUiStateKey, UI_STATE_MAX_CHARS } from './ui-state';

/** Bounds enforced on requests. Generous for real use, small enough to keep a bad peer harmless. */
export const LIMITS = {
  urlChars: 8192,
  methodChars: 32,
  headers: 100,
  headerNameChars: 256,
  headerValueChars: 8192,
  /** Request body, UTF-8 bytes. */
  bodyBytes: 1024 * 1024,
  lastEventIdChars: 1024,
  protocols: 16,
  minCapacity: 10,
  maxCapacity: 1_000_000,
  latencyPathChars: 256,
  /** sessions.open `secrets`: values of secret variables to keep out of recordings. */
  secrets: 64,
  idChars: 64,
  /** sessions.records `limit`. */
  maxRecordsPage: 10_000,
  /** A recording opened from text (replay.openText), UTF-16 code units. */
  openTextChars: 64 * 1024 * 1024,
  nameChars: 255,
  pathChars: 4096,
  /** A `watch` config opened from text (watch.openText), UTF-16 code units. */
  watchConfigChars: 4 * 1024 * 1024,
  /** Replay speed factor; 0 means "as fast as possible". */
  maxSpeed: 1000,
  /** An outgoing WebSocket message's text, UTF-16 code units. */
  wsMessageChars: 16 * 1024 * 1024,
  /** The host's request envelope id. */
  envelopeIdChars: 64,
} as const;

/** Default ring buffer capacity of a session. */
export const DEFAULT_CAPACITY = 100_000;

type Check<T> = (value: unknown, name: string) => Result<T>;

const bad = <T>(message: string): Result<T> => fail<T>('invalid-argument', message);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : typeof value === 'object' ? 'an object' : String(typeof value);
}

/** A plain object (not an array, not null). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses keys other than `allowed`: a typo should not be silently ignored. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], name: string): Result<true> {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) return bad(`${name}: unknown field "${key.slice(0, 64)}"`);
  }
  return ok(true);
}

// RFC 9110 token characters: method and header names.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Header values and similar: no CR, LF or NUL (header injection), other controls allowed as tab only.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\uffff]*$/;
const ID = /^[A-Za-z0-9_-]+$/;

const string =
  (max: number, pattern?: RegExp, what = 'characters'): Check<string> =>
  (value, name) => {
    if (typeof value !== 'string') return bad(`${name} must be a string, got ${describe(value)}`);
    if (value.length > max) return bad(`${name} is too long (${value.length} > ${max} ${what})`);
    if (pattern && !pattern.test(value)) return bad(`${name} contains characters that are not allowed`);
    return ok(value);
  };

const integer =
  (min: number, max: number): Check<number> =>
  (value, name) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return bad(`${name} must be an integer, got ${describe(value)}`);
    if (value < min || value > max) return bad(`${name} must be between ${min} and ${max}, got ${value}`);
    return ok(value);
  };

const finite =
  (min: number, max: number): Check<number> =>
  (value, name) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return bad(`${name} must be a finite number, got ${describe(value)}`);
    if (value < min || value > max) return bad(`${name} must be between ${min} and ${max}, got ${value}`);
    return ok(value);
  };

const boolean: Check<boolean> = (value, name) =>
  typeof value === 'boolean' ? ok(value) : bad(`${name} must be true or false, got ${describe(value)}`);

/** A session id as the back end hands them out. */
export const sessionId: Check<string> = (value, name) => {
  if (typeof value !== 'string' || value.length === 0)
    return bad(`${name} must be a session id, got ${describe(value)}`);
  return string(LIMITS.idChars, ID)(value, name);
};

function utf8Length(s: string): number {
  // Upper bound first: most bodies are far below the limit and need no encoding.
  if (s.length * 3 <= LIMITS.bodyBytes) return s.length;
  return new TextEncoder().encode(s).byteLength;
}

/** A stream URL: absolute http(s) or ws(s), no credentials-free checks beyond what URL parsing does. */
export const streamUrl: Check<string> = (value, name) => {
  const s = string(LIMITS.urlChars)(value, name);
  if (!s.ok) return s;
  let url: URL;
  try {
    url = new URL(s.value);
  } catch {
    return bad(`${name} is not an absolute URL: "${s.value.slice(0, 80)}"`);
  }
  if (transportOf(url.href) === null) {
    return bad(`${name} must be http(s) (SSE) or ws(s) (WebSocket), got "${url.protocol}"`);
  }
  return s;
};

/** A StreamRequest: URL, method, headers, body and the reconnect options. */
export const streamRequest: Check<StreamRequest> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const keys = onlyKeys(
    value,
    [
      'url',
      'method',
      'headers',
      'body',
      'lastEventId',
      'reconnect',
      'protocols',
      'format',
      'preset',
      'graphql',
      'socketio',
    ],
    name,
  );
  if (!keys.ok) return keys;
  const url = streamUrl(value.url, `${name}.url`);
  if (!url.ok) return url;
  const out: StreamRequest = { url: url.value };
  if (value.method !== undefined) {
    const m = string(LIMITS.methodChars, TOKEN)(value.method, `${name}.method`);
    if (!m.ok) return m;
    if (m.value.length === 0) return bad(`${name}.method must not be empty`);
    out.method = m.value;
  }
  if (value.headers !== undefined) {
    if (!Array.isArray(value.headers)) return bad(`${name}.headers must be an array of [name, value] pairs`);
    if (value.headers.length > LIMITS.headers)
      return bad(`${name}.headers: too many headers (${value.headers.length} > ${LIMITS.headers})`);
    const headers: Array<[string, string]> = [];
    for (let i = 0; i < value.headers.length; i++) {
      const pair: unknown = value.headers[i];
      const where = `${name}.headers[${i}]`;
      if (!Array.isArray(pair) || pair.length !== 2) return bad(`${where} must be a [name, value] pair`);
      const hn = string(LIMITS.headerNameChars, TOKEN)(pair[0], `${where} name`);
      if (!hn.ok) return hn;
      if (hn.value.length === 0) return bad(`${where} name must not be empty`);
      const hv = string(LIMITS.headerValueChars, FIELD_VALUE)(pair[1], `${where} value`);
      if (!hv.ok) return hv;
      headers.push([hn.value, hv.value]);
    }
    out.headers = headers;
  }
  if (value.body !== undefined) {
    if (typeof value.body !== 'string') return bad(`${name}.body must be a string, got ${describe(value.body)}`);
    const size = utf8Length(value.body);
    if (size > LIMITS.bodyBytes) return bad(`${name}.body is too large (${size} > ${LIMITS.bodyBytes} bytes)`);
    out.body = value.body;
  }
  if (value.lastEventId !== undefined) {
    // [spec] Last-Event-ID must not contain U+0000, LF or CR.
    const id = string(LIMITS.lastEventIdChars, /^[^\0\n\r]*$/)(value.lastEventId, `${name}.lastEventId`);
    if (!id.ok) return id;
    out.lastEventId = id.value;
  }
  if (value.reconnect !== undefined) {
    const r = boolean(value.reconnect, `${name}.reconnect`);
    if (!r.ok) return r;
    out.reconnect = r.value;
  }
  if (value.protocols !== undefined) {
    if (!Array.isArray(value.protocols) || value.protocols.length > LIMITS.protocols) {
      return bad(`${name}.protocols must be an array of at most ${LIMITS.protocols} tokens`);
    }
    const protocols: string[] = [];
    for (let i = 0; i < value.protocols.length; i++) {
      const p = string(LIMITS.headerNameChars, TOKEN)(value.protocols[i], `${name}.protocols[${i}]`);
      if (!p.ok) return p;
      protocols.push(p.value);
    }
    out.protocols = protocols;
  }
  if (value.format !== undefined) {
    if (!FRAMINGS.includes(value.format as Framing))
      return bad(`${name}.format must be one of ${FRAMINGS.join(', ')}, got ${describe(value.format)}`);
    out.format = value.format as Framing;
  }
  if (value.preset !== undefined) {
    if (value.preset !== 'mcp') return bad(`${name}.preset must be "mcp", got ${describe(value.preset)}`);
    out.preset = 'mcp';
  }
  if (value.graphql !== undefined) {
    const problem = graphqlOperationProblem(value.graphql);
    if (problem) return bad(`${name}.graphql ${problem}`);
    out.graphql = copyGraphqlOperation(value.graphql as GraphqlOperation);
  }
  if (value.socketio !== undefined) {
    const socketio = checkSocketIoRequest(value.socketio, `${name}.socketio`);
    if (!socketio.ok) return bad(socketio.message);
    out.socketio = socketio.value;
  }
  if (out.graphql !== undefined) {
    // One protocol per session: the engine would silently pick one of them.
    if (out.socketio !== undefined) return bad(`${name}: graphql and socketio cannot be combined`);
    if (out.preset !== undefined) return bad(`${name}: graphql and preset cannot be combined`);
    if (out.graphql.sseMode !== undefined && /^wss?:/i.test(out.url))
      return bad(`${name}.graphql.sseMode applies to graphql-sse (http(s) URLs)`);
  }
  return ok(out);
};

/** Ring buffer capacity of a session. */
export const capacity: Check<number> = integer(LIMITS.minCapacity, LIMITS.maxCapacity);

const recordingStartOptions: Check<RecordingStartOptions> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const keys = onlyKeys(value, ['includeBuffered'], name);
  if (!keys.ok) return keys;
  if (value.includeBuffered === undefined) return ok({});
  const b = boolean(value.includeBuffered, `${name}.includeBuffered`);
  return b.ok ? ok({ includeBuffered: b.value }) : b;
};

const openOptions: Check<OpenSessionOptions> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const keys = onlyKeys(value, ['request', 'capacity', 'record', 'latencyPath', 'secrets'], name);
  if (!keys.ok) return keys;
  const request = streamRequest(value.request, `${name}.request`);
  if (!request.ok) return request;
  const out: OpenSessionOptions = { request: request.value };
  // Each optional field checked in line, as streamRequest does: every field has its own check,
  // limit and message, and the first bad one returns at once, named by its path.
  if (value.capacity !== undefined) {
    const c = capacity(value.capacity, `${name}.capacity`);
    if (!c.ok) return c;
    out.capacity = c.value;
  }
  if (value.record !== undefined) {
    const r = boolean(value.record, `${name}.record`);
    if (!r.ok) return r;
    out.record = r.value;
  }
  if (value.latencyPath !== undefined) {
    const p = string(LIMITS.latencyPathChars)(value.latencyPath, `${name}.latencyPath`);
    if (!p.ok) return p;
    out.latencyPath = p.value;
  }
  if (value.secrets !== undefined) {
    const list = value.secrets;
    if (!Array.isArray(list) || list.length > LIMITS.secrets)
      return bad(`${name}.secrets must be a list of at most ${LIMITS.secrets} strings`);
    const secrets: string[] = [];
    for (const [i, v] of list.entries()) {
      const r = string(LIMITS.headerValueChars)(v, `${name}.secrets[${i}]`);
      if (!r.ok) return r;
      if (r.value !== '') secrets.push(r.value);
    }
    out.secrets = secrets;
  }
  return ok(out);
};

const wsOutgoing: Check<WsOutgoing> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const text = string(LIMITS.wsMessageChars);
  switch (value.type) {
    case 'text': {
      const k = onlyKeys(value, ['type', 'data'], name);
      if (!k.ok) return k;
      const d = text(value.data, `${name}.data`);
      return d.ok ? ok({ type: 'text', data: d.value }) : d;
    }
    case 'binary': {
      const k = onlyKeys(value, ['type', 'encoding', 'data'], name);
      if (!k.ok) return k;
      if (value.encoding !== 'hex' && value.encoding !== 'base64')
        return bad(`${name}.encoding must be "hex" or "base64"`);
      const d = text(value.data, `${name}.data`);
      return d.ok ? ok({ type: 'binary', encoding: value.encoding, data: d.value }) : d;
    }
    case 'event': {
      const k = onlyKeys(value, ['type', 'event', 'args'], name);
      if (!k.ok) return k;
      const checked = checkSocketIoRequest({ emits: [{ event: value.event, args: value.args }] }, name);
      if (!checked.ok) return bad(checked.message.replace(`${name}.emits[0]`, name));
      const [emit] = checked.value.emits!;
      return ok({ type: 'event', event: emit!.event, args: emit!.args });
    }
    case 'ping': {
      const k = onlyKeys(value, ['type', 'data'], name);
      if (!k.ok) return k;
      if (value.data === undefined) return ok({ type: 'ping' });
      const d = string(125)(value.data, `${name}.data`);
      return d.ok ? ok({ type: 'ping', data: d.value }) : d;
    }
    default:
      return bad(`${name}.type must be "text", "binary" or "ping"`);
  }
};

const seekTarget: Check<{ ms: number } | { index: number }> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be {ms} or {index}, got ${describe(value)}`);
  if ('ms' in value && !('index' in value)) {
    const k = onlyKeys(value, ['ms'], name);
    if (!k.ok) return k;
    const ms = finite(0, Number.MAX_SAFE_INTEGER)(value.ms, `${name}.ms`);
    return ms.ok ? ok({ ms: ms.value }) : ms;
  }
  if ('index' in value && !('ms' in value)) {
    const k = onlyKeys(value, ['index'], name);
    if (!k.ok) return k;
    const index = integer(0, Number.MAX_SAFE_INTEGER)(value.index, `${name}.index`);
    return index.ok ? ok({ index: index.value }) : index;
  }
  return bad(`${name} must have exactly one of "ms" or "index"`);
};

/** Intercept's upstream: an absolute http(s) URL without credentials. */
const proxyOptions: Check<StartProxyOptions> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const keys = onlyKeys(value, ['upstream', 'port'], name);
  if (!keys.ok) return keys;
  const raw = string(LIMITS.urlChars)(value.upstream, `${name}.upstream`);
  if (!raw.ok) return raw;
  let url: URL;
  try {
    url = new URL(raw.value);
  } catch {
    return bad(`${name}.upstream is not an absolute URL: "${raw.value.slice(0, 80)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return bad(`${name}.upstream must be an http:// or https:// URL, got "${url.protocol}"`);
  if (url.username || url.password) return bad(`${name}.upstream must not contain credentials`);
  const out: StartProxyOptions = { upstream: raw.value };
  if (value.port !== undefined) {
    const port = integer(0, 65535)(value.port, `${name}.port`);
    if (!port.ok) return port;
    out.port = port.value;
  }
  return ok(out);
};

/** A key of the page's remembered state (shared/ui-state.ts). */
const uiStateKey: Check<string> = (value, name) =>
  isUiStateKey(value) ? ok(value) : bad(`${name} is not a key the app keeps, got ${describe(value)}`);

/** A string that parses as JSON, at most `max` characters. */
const jsonText =
  (max: number): Check<string> =>
  (value, name) => {
    const s = string(max)(value, name);
    if (!s.ok) return s;
    try {
      JSON.parse(s.value);
    } catch {
      return bad(`${name} is not valid JSON`);
    }
    return s;
  };

/** A settings patch: known keys only, each within its bounds. */
export const settingsPatch: Check<Partial<Settings>> = (value, name) => {
  if (!isRecord(value)) return bad(`${name} must be an object, got ${describe(value)}`);
  const keys = onlyKeys(value, ['theme', 'defaultCapacity', 'redactSecrets'], name);
  if (!keys.ok) return keys;
  const out: Partial<Settings> = {};
  if (value.theme !== undefined) {
    if (value.theme !== 'light' && value.theme !== 'dark' && value.theme !== 'system') {
      return bad(`${name}.theme must be "light", "dark" or "system"`);
    }
    out.theme = value.theme;
  }
  if (value.defaultCapacity !== undefined) {
    const c = capacity(value.defaultCapacity, `${name}.defaultCapacity`);
    if (!c.ok) return c;
    out.defaultCapacity = c.value;
  }
  if (value.redactSecrets !== undefined) {
    const r = boolean(value.redactSecrets, `${name}.redactSecrets`);
    if (!r.ok) return r;
    out.redactSecrets = r.value;
  }
  return ok(out);
};

/** Checks a fixed argument list: count (trailing optional ones may be absent), then each value. */
function args<T extends unknown[]>(
  required: number,
  checks: { [K in keyof T]: Check<T[K]> },
  names: { [K in keyof T]: string },
): (params: readonly unknown[]) => Result<T> {
  return (params) => {
    const list = checks as readonly Check<unknown>[];
    const labels = names as readonly string[];
    // Trailing undefined values (JSON null, or optional arguments left out) do not count.
    let n = params.length;
    while (n > required && params[n - 1] === undefined) n--;
    if (n < required || n > list.length) {
      return bad(
        `expected ${required === list.length ? required : `${required}-${list.length}`} argument(s), got ${params.length}`,
      );
    }
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const r = list[i]!(params[i], labels[i]!);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out as T);
  };
}

const none = args<[]>(0, [], []);
const idOnly = args<[string]>(1, [sessionId], ['sessionId']);

type Validators = { [M in InvokeMethodName]: (params: readonly unknown[]) => Result<ApiArgs<M>> };

const VALIDATORS: Validators = {
  'sessions.open': args<[OpenSessionOptions]>(1, [openOptions], ['options']),
  'sessions.close': idOnly,
  'sessions.remove': idOnly,
  'sessions.list': none,
  'sessions.clear': idOnly,
  'sessions.records': args<[string, number, number]>(
    3,
    [sessionId, integer(0, Number.MAX_SAFE_INTEGER), integer(1, LIMITS.maxRecordsPage)],
    ['sessionId', 'fromSeq', 'limit'],
  ),
  'sessions.send': args<[string, WsOutgoing]>(2, [sessionId, wsOutgoing], ['sessionId', 'message']),
  'sessions.setFilter': args<[string, ListFilterSpec]>(2, [sessionId, checkListFilter], ['sessionId', 'filter']),
  'recording.start': args<[string, RecordingStartOptions?]>(
    1,
    [sessionId, recordingStartOptions] as [Check<string>, Check<RecordingStartOptions | undefined>],
    ['sessionId', 'options'],
  ),
  'recording.stop': idOnly,
  'recording.save': args<[string, string?]>(
    1,
    [sessionId, string(LIMITS.pathChars)] as [Check<string>, Check<string | undefined>],
    ['sessionId', 'path'],
  ),
  'recording.exportHar': idOnly,
  'replay.openText': args<[string, string]>(
    2,
    [string(LIMITS.nameChars), string(LIMITS.openTextChars)],
    ['name', 'text'],
  ),
  'replay.openDialog': none,
  'replay.play': idOnly,
  'replay.pause': idOnly,
  'replay.seek': args<[string, { ms: number } | { index: number }]>(2, [sessionId, seekTarget], ['sessionId', 'to']),
  'replay.step': idOnly,
  'replay.setSpeed': args<[string, number]>(2, [sessionId, finite(0, LIMITS.maxSpeed)], ['sessionId', 'speed']),
  'replay.serve': idOnly,
  'replay.unserve': idOnly,
  'demo.info': none,
  'demo.scenarios': none,
  'demo.metrics': none,
  'watch.openText': args<[string, string]>(
    2,
    [string(LIMITS.nameChars), string(LIMITS.watchConfigChars)],
    ['name', 'text'],
  ),
  'watch.status': none,
  'watch.openSession': args<[string]>(1, [string(LIMITS.nameChars)], ['stream']),
  'watch.stop': none,
  'settings.get': none,
  'settings.set': args<[Partial<Settings>]>(1, [settingsPatch], ['patch']),
  'settings.uiState': none,
  'settings.putUiState': args<[string, string]>(2, [uiStateKey, jsonText(UI_STATE_MAX_CHARS)], ['key', 'json']),
  'proxy.start': args<[StartProxyOptions]>(1, [proxyOptions], ['options']),
  'proxy.stop': args<[string]>(1, [string(LIMITS.idChars, ID)], ['proxyId']),
  'proxy.list': none,
};

/** A validated call, ready for the service. */
export type ValidCall = { [M in InvokeMethodName]: { method: M; args: ApiArgs<M> } }[InvokeMethodName];

/**
 * Validates a method name and its argument list (`params` must be an array). Returns the call
 * with normalised arguments (unknown fields refused, optional ones dropped when absent).
 */
export function validateCall(method: unknown, params: unknown): Result<ValidCall> {
  if (!isInvokeMethod(method)) return bad(`unknown method "${String(method).slice(0, 64)}"`);
  if (!Array.isArray(params)) return bad(`${method}: params must be an array of arguments`);
  const validator = VALIDATORS[method] as (p: readonly unknown[]) => Result<unknown[]>;
  const r = validator(params);
  if (!r.ok) return bad(`${method}: ${r.error.message}`);
  return ok({ method, args: r.value } as ValidCall);
}

/**
 * Shape of one message on the browser host's socket, checked before it is parsed. The deepest
 * call is sessions.open (message → params → options → request → headers → pair: depth 6); the
 * widest carries 100 headers. A recording opened from text is one string, however long.
 */
export const BRIDGE_MESSAGE_BOUNDS: JsonBounds = { maxDepth: 8, maxElements: 4096 };

/** A request from the browser host's client: `{id, method, params}`. */
export interface HostRequestEnvelope {
  id: number | string;
  method: string;
  params: unknown[];
}

/**
 * Checks the envelope of an incoming host WebSocket message (already JSON-parsed). The method
 * and params are checked separately by {@link validateCall}, so a bad call can still be answered
 * under its id.
 */
export function validateEnvelope(message: unknown): Result<HostRequestEnvelope> {
  if (!isRecord(message)) return bad(`message must be a JSON object, got ${describe(message)}`);
  const keys = onlyKeys(message, ['id', 'method', 'params'], 'message');
  if (!keys.ok) return keys;
  const { id, method, params } = message;
  const idOk =
    (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ||
    (typeof id === 'string' && id.length > 0 && id.length <= LIMITS.envelopeIdChars);
  if (!idOk) return bad('message.id must be a non-negative integer or a short string');
  if (typeof method !== 'string' || method.length > 64) return bad('message.method must be a method name');
  if (params !== undefined && !Array.isArray(params)) return bad('message.params must be an array');
  return ok({ id: id, method, params: (params as unknown[] | undefined) ?? [] });
}
