/**
 * JSON-RPC 2.0 recognised in message texts (SSE event data, NDJSON lines, WebSocket text frames),
 * with requests paired to their responses: the response learns the request's method, its record
 * and the latency of the call. MCP progress notifications are tied to the request whose
 * `_meta.progressToken` they carry.
 *
 * @see https://www.jsonrpc.org/specification
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/utilities/progress
 */
import type { JsonRpcDecoded } from '#shared/decoded';

/** Who sent a message: requests sent one way are answered the other way. */
export type Direction = 'in' | 'out';

/** Most requests waiting for an answer that are remembered; the oldest are forgotten first. */
const MAX_PENDING = 10_000;

interface Pending {
  method: string;
  t: number;
  /** The request's own record, when it was one (-1 for a request carried by an HTTP body). */
  seq: number;
}

type Id = string | number;

export interface JsonRpcTracker {
  /**
   * Decodes `text` if it is a JSON-RPC 2.0 message (a batch: its first message), pairing it with
   * what came before.
   */
  decode(text: string, t: number, dir: Direction): JsonRpcDecoded | undefined;
  /** The record that carried the last decoded text got `seq`: answers to its requests point there. */
  recorded(seq: number): void;
  /** Requests sent without a record of their own (an HTTP request body), sent at `t`. */
  sent(body: string, t: number): void;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isId(v: unknown): v is Id {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * True when `text` holds `"jsonrpc"` (what every JSON-RPC 2.0 message holds) starting at or after
 * `from` and ending by `to`. Searched for by its tail: a needle that starts with a quote stops at
 * every quote of a JSON text, which made the search ~60 times slower.
 */
export function mentionsJsonRpc(text: string, from = 0, to = text.length): boolean {
  for (let at = text.indexOf('jsonrpc"', from + 1); at >= 0 && at + 8 <= to; at = text.indexOf('jsonrpc"', at + 1))
    if (text.charCodeAt(at - 1) === 0x22) return true;
  return false;
}

/** The message's JSON value, cheaply refusing what cannot be JSON-RPC before parsing. */
function parse(text: string): unknown {
  if (!mentionsJsonRpc(text)) return undefined;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createJsonRpcTracker(): JsonRpcTracker {
  // Keyed by the direction the request went and its id (both sides number their own requests).
  const pending = new Map<string, Pending>();
  // progressToken -> id of the request that asked for progress.
  const progressFor = new Map<string, Id>();
  // Requests remembered by the last decode(), waiting for their record's seq.
  let unnumbered: Pending[] = [];

  const key = (dir: Direction, id: Id): string => `${dir}:${typeof id}:${id}`;

  function remember(dir: Direction, id: Id, entry: Pending, params: unknown): void {
    if (pending.size >= MAX_PENDING) {
      const oldest = pending.keys().next().value as string;
      pending.delete(oldest);
    }
    pending.set(key(dir, id), entry);
    unnumbered.push(entry);
    const meta = isObject(params) ? params._meta : undefined;
    const token = isObject(meta) ? meta.progressToken : undefined;
    if (isId(token)) {
      if (progressFor.size >= MAX_PENDING) progressFor.delete(progressFor.keys().next().value as string);
      progressFor.set(String(token), id);
    }
  }

  function decodeMessage(m: unknown, t: number, dir: Direction): JsonRpcDecoded | undefined {
    if (!isObject(m) || m.jsonrpc !== '2.0') return undefined;
    if (typeof m.method === 'string') {
      if (m.id === undefined) {
        const out: JsonRpcDecoded = { protocol: 'json-rpc', kind: 'notification', method: m.method };
        if (m.method === 'notifications/progress' && isObject(m.params)) addProgress(out, m.params);
        return out;
      }
      if (!isId(m.id) && m.id !== null) return undefined;
      if (isId(m.id)) remember(dir, m.id, { method: m.method, t, seq: -1 }, m.params);
      return { protocol: 'json-rpc', kind: 'request', method: m.method, id: m.id };
    }
    if (!('result' in m) && !isObject(m.error)) return undefined;
    const id = isId(m.id) ? m.id : null;
    const out: JsonRpcDecoded = { protocol: 'json-rpc', kind: isObject(m.error) ? 'error' : 'response', id };
    if (isObject(m.error)) {
      if (typeof m.error.code === 'number') out.errorCode = m.error.code;
      if (typeof m.error.message === 'string') out.errorMessage = m.error.message;
    }
    if (id !== null) {
      // The answer travels the other way from its request.
      const k = key(dir === 'in' ? 'out' : 'in', id);
      const request = pending.get(k);
      if (request) {
        pending.delete(k);
        out.method = request.method;
        if (request.seq >= 0) out.requestSeq = request.seq;
        out.latencyMs = Math.round((t - request.t) * 1000) / 1000;
      }
    }
    return out;
  }

  function addProgress(out: JsonRpcDecoded, params: Record<string, unknown>): void {
    if (isId(params.progressToken)) {
      out.progressToken = params.progressToken;
      const id = progressFor.get(String(params.progressToken));
      if (id !== undefined) out.forId = id;
    }
    if (typeof params.progress === 'number') out.progress = params.progress;
    if (typeof params.total === 'number') out.total = params.total;
  }

  return {
    decode(text, t, dir) {
      // Called for every event and text frame: no new array when there is nothing to forget.
      if (unnumbered.length > 0) unnumbered = [];
      const value = parse(text);
      if (value === undefined) return undefined;
      if (Array.isArray(value)) {
        // A batch: every message is tracked; the record shows the first.
        let first: JsonRpcDecoded | undefined;
        for (const m of value) {
          const d = decodeMessage(m, t, dir);
          first ??= d;
        }
        return first;
      }
      return decodeMessage(value, t, dir);
    },
    recorded(seq) {
      for (const entry of unnumbered) entry.seq = seq;
      unnumbered = [];
    },
    sent(body, t) {
      unnumbered = [];
      const value = parse(body);
      if (value === undefined) return;
      for (const m of Array.isArray(value) ? value : [value]) decodeMessage(m, t, 'out');
      unnumbered = [];
    },
  };
}
