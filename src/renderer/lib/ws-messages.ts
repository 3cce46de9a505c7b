/**
 * What the WebSocket composer remembers: the messages sent (per request URL, kept across
 * restarts and saved with a request) and named message templates. Shared by the composer and
 * the request store, and validated on every read, since both come back from localStorage and
 * from saved requests.
 */

/** 'event': a Socket.IO event (Socket.IO sessions): a name, and its arguments as a JSON array. */
export type ComposerMode = 'text' | 'json' | 'binary' | 'ping' | 'event';
export type BinaryEncoding = 'hex' | 'base64';

const MODES: readonly string[] = ['text', 'json', 'binary', 'ping', 'event'];
const ENCODINGS: readonly string[] = ['hex', 'base64'];

/** One line of the composer's history. */
export interface SentEntry {
  id: number;
  at: number;
  mode: ComposerMode;
  encoding: BinaryEncoding;
  input: string;
  /** Event mode: the event name. */
  event?: string;
  summary: string;
  size: number;
  /** Null when sent; the error message when the back end refused. */
  error: string | null;
}

/** A message kept under a name, to send again on any WebSocket session. */
export interface MessageTemplate {
  name: string;
  mode: ComposerMode;
  encoding: BinaryEncoding;
  input: string;
}

export const HISTORY_LIMIT = 50;
export const TEMPLATE_LIMIT = 100;

/** Newest first, bounded. */
export function addToHistory(history: readonly SentEntry[], entry: SentEntry): SentEntry[] {
  return [entry, ...history].slice(0, HISTORY_LIMIT);
}

/** A template added (replacing one of the same name), sorted by name, bounded. */
export function putTemplate(templates: readonly MessageTemplate[], template: MessageTemplate): MessageTemplate[] {
  return [template, ...templates.filter((t) => t.name !== template.name)]
    .slice(0, TEMPLATE_LIMIT)
    .sort((a, b) => a.name.localeCompare(b.name));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isSentEntry(v: unknown): v is SentEntry {
  return (
    isObject(v) &&
    typeof v.id === 'number' &&
    typeof v.at === 'number' &&
    MODES.includes(v.mode as string) &&
    ENCODINGS.includes(v.encoding as string) &&
    typeof v.input === 'string' &&
    (v.event === undefined || typeof v.event === 'string') &&
    typeof v.summary === 'string' &&
    typeof v.size === 'number' &&
    (v.error === null || typeof v.error === 'string')
  );
}

export function isSentEntryList(v: unknown): v is SentEntry[] {
  return Array.isArray(v) && v.length <= HISTORY_LIMIT && v.every(isSentEntry);
}

export function isTemplate(v: unknown): v is MessageTemplate {
  return (
    isObject(v) &&
    typeof v.name === 'string' &&
    MODES.includes(v.mode as string) &&
    ENCODINGS.includes(v.encoding as string) &&
    typeof v.input === 'string'
  );
}

export function isTemplateList(v: unknown): v is MessageTemplate[] {
  return Array.isArray(v) && v.length <= TEMPLATE_LIMIT && v.every(isTemplate);
}
