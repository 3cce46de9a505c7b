import type { StreamRequest } from '../../shared/request';
import { isDraft as isBaseDraft, type RequestDraft as BaseDraft } from '../../shared/workspace';
import { isSentEntryList, type SentEntry } from './ws-messages';

// The draft's base shape is shared with workspaces (saved requests, imports): defined there.
export { EMPTY_DRAFT, type ReconnectPolicy } from '../../shared/workspace';

/** What the request bar edits. Headers keep empty rows so the editor can show them. */
export interface RequestDraft extends BaseDraft {
  /** A saved WebSocket request: the messages its composer had sent (newest first). */
  messages?: SentEntry[];
  /** Socket.IO: the URL is a Socket.IO v4 server; the namespace to join ("" = "/"). */
  socketio?: { namespace: string };
}

/** The request the back end gets: blank header rows dropped, body only when non-empty. */
export function draftToRequest(d: RequestDraft): StreamRequest {
  const req: StreamRequest = { url: d.url.trim(), method: d.method };
  const headers = d.headers.filter(([n]) => n.trim() !== '').map(([n, v]) => [n.trim(), v] as [string, string]);
  if (headers.length) req.headers = headers;
  // MCP sends its body (the JSON-RPC message) as a POST whatever the method shown.
  if (d.body !== '' && (d.mcp || (d.method !== 'GET' && d.method !== 'HEAD'))) req.body = d.body;
  if (d.reconnect !== 'auto') req.reconnect = d.reconnect === 'on';
  if (d.format !== undefined && !/^wss?:/i.test(req.url)) req.format = d.format;
  if (d.mcp && !/^wss?:/i.test(req.url)) req.preset = 'mcp';
  if (d.socketio) {
    // A Socket.IO session is a WebSocket: no method, body or framing of its own.
    delete req.body;
    delete req.format;
    delete req.preset;
    const namespace = d.socketio.namespace.trim();
    req.socketio = namespace === '' || namespace === '/' ? {} : { namespace };
  }
  return req;
}

export function requestToDraft(r: StreamRequest): RequestDraft {
  return {
    url: r.url,
    method: (r.method ?? 'GET').toUpperCase(),
    headers: r.headers ? r.headers.map(([n, v]) => [n, v] as [string, string]) : [],
    body: r.body ?? '',
    reconnect: r.reconnect === undefined ? 'auto' : r.reconnect ? 'on' : 'off',
    ...(r.format !== undefined ? { format: r.format } : {}),
    ...(r.preset === 'mcp' ? { mcp: true } : {}),
    ...(r.socketio !== undefined ? { socketio: { namespace: r.socketio.namespace ?? '' } } : {}),
  };
}

/** A saved request before collections (read once, to move it into one). */
export interface LegacySavedRequest {
  name: string;
  draft: RequestDraft;
}

export function isDraft(v: unknown): v is RequestDraft {
  if (!isBaseDraft(v)) return false;
  const messages = (v as RequestDraft).messages;
  if (messages !== undefined && !isSentEntryList(messages)) return false;
  const socketio = (v as { socketio?: unknown }).socketio;
  return (
    socketio === undefined ||
    (typeof socketio === 'object' &&
      socketio !== null &&
      typeof (socketio as { namespace?: unknown }).namespace === 'string')
  );
}

export function isSavedList(v: unknown): v is LegacySavedRequest[] {
  return (
    Array.isArray(v) &&
    v.every(
      (s) =>
        s &&
        typeof s === 'object' &&
        typeof (s as LegacySavedRequest).name === 'string' &&
        isDraft((s as LegacySavedRequest).draft),
    )
  );
}

export function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
