import {
  READY_STATE_NAMES,
  type ResponseRecord,
  type StateReason,
  type StateRecord,
  type StreamRecord,
  type Transport,
} from '#shared/records';
import { connectionTimings, type ConnectionTimings } from '#shared/timings';
import type { SessionInfo } from '#shared/api';
import { REDACTED } from '#shared/recording-format';
import { isSecretHeader } from '#shared/redact';
import { headerValue, isPlainHttpRequest, sentHeaders } from '#shared/sent-headers';

/** The request as it went out, as the Timeline shows it. */
export interface SentRequest {
  method: string;
  url: string;
  /** Every header sent, secret values hidden (the panel ends up in screenshots and bug reports). */
  headers: Array<[string, string]>;
  /** Something about the request worth knowing before reading its answer, or null. */
  note: string | null;
}

/**
 * What a live HTTP session's request put on the wire: the user's headers with the ones the app
 * adds, or a proxied request as it was forwarded. Null where an engine builds the request itself
 * (WebSocket, Socket.IO, GraphQL, MCP) or for a replay. A body without a Content-Type is reported,
 * not given one: the app sends what the user wrote.
 */
export function sentRequest(info: Pick<SessionInfo, 'transport' | 'source' | 'request' | 'proxy'>): SentRequest | null {
  const { request } = info;
  const proxied = info.proxy !== undefined;
  if (info.transport !== 'sse' || info.source !== 'live' || (!proxied && !isPlainHttpRequest(request))) return null;
  const headers = (proxied ? (request.headers ?? []) : sentHeaders(request)).map(
    ([name, value]) => [name, isSecretHeader(name) ? REDACTED : value] as [string, string],
  );
  let note: string | null = null;
  if (request.body !== undefined && request.body !== '' && headerValue(headers, 'content-type') === null) {
    note = isJson(request.body)
      ? 'The body is JSON but was sent without a Content-Type: a server that expects application/json may refuse it. Add "Content-Type: application/json" to send one.'
      : 'The body was sent without a Content-Type.';
  }
  return { method: (request.method ?? 'GET').toUpperCase(), url: request.url, headers, note };
}

function isJson(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Most transitions kept: a reconnect storm must not grow the panel without bound. */
export const MAX_TRANSITIONS = 500;

/** readyState as the API of the transport names it. */
export function stateName(transport: Transport, readyState: number): string {
  return READY_STATE_NAMES[transport][readyState] ?? `STATE ${readyState}`;
}

const REASON_LABELS: Record<StateReason, string> = {
  connecting: 'connecting',
  reconnecting: 'reconnecting',
  open: 'open',
  'waiting-retry': 'waiting to retry',
  'stream-ended': 'stream ended',
  'network-error': 'network error',
  'http-status': 'HTTP status',
  'content-type': 'wrong Content-Type',
  'closed-by-user': 'closed by user',
  closing: 'closing handshake',
  'closed-by-server': 'closed by server',
  'event-too-large': 'event too large',
  'replay-ended': 'replay ended',
  'invalid-request': 'invalid request',
};

/** The reason of a transition in words, with its detail when the record has one. */
export function describeReason(record: Pick<StateRecord, 'reason' | 'message' | 'delayMs'>): string {
  const label = REASON_LABELS[record.reason] ?? record.reason;
  // "connecting to <url>" repeats the request bar; the Last-Event-ID is shown on its own.
  if (record.reason === 'connecting' || record.reason === 'reconnecting') return label;
  let detail = record.message.trim();
  // "HTTP 500 Internal Server Error" says it all; "HTTP status: HTTP 500 ..." would stutter.
  if (record.reason === 'http-status' && /^HTTP \d/.test(detail)) return detail;
  if (!detail && record.reason === 'waiting-retry' && record.delayMs !== undefined)
    detail = `waiting ${record.delayMs} ms`;
  return detail && detail.toLowerCase() !== label ? `${label}: ${detail}` : label;
}

/** Reasons that end a connection because something went wrong (drawn in an alarming colour). */
export function isFailure(reason: StateReason): boolean {
  return ['network-error', 'http-status', 'content-type', 'event-too-large', 'invalid-request'].includes(reason);
}

/** One coloured stretch of the strip: a state from `start` until `end` (ms since epoch). */
export interface StripSegment {
  state: string;
  readyState: number;
  reason: StateReason;
  label: string;
  start: number;
  end: number;
  failure: boolean;
}

export interface ConnectionSummary {
  connection: number;
  response: ResponseRecord | null;
  timings: ConnectionTimings;
  /** When the attempt started: the request time, else its connecting/reconnecting state record. */
  startedAt: number | null;
  ttfbMs: number | null;
  firstEventMs: number | null;
  /** Last-Event-ID sent with this attempt, when any. */
  lastEventId: string | null;
  reconnect: boolean;
}

/**
 * What the timeline shows, built incrementally: only state and response records are kept, plus
 * the first chunk/event per connection for the timings, so following a firehose costs O(1) per
 * record and a small, bounded amount of memory.
 */
export interface TimelineModel {
  consume(record: StreamRecord): void;
  reset(): void;
  /** Changes whenever something the panel shows (other than `lastT`) changed. */
  readonly revision: number;
  readonly transitions: readonly StateRecord[];
  /** Transitions dropped because of MAX_TRANSITIONS. */
  readonly droppedTransitions: number;
  readonly firstT: number | null;
  readonly lastT: number | null;
  segments(transport: Transport, endT: number): StripSegment[];
  connections(): ConnectionSummary[];
}

type TimingMark = { kind: StreamRecord['kind']; t: number; connection: number; requestSentAt?: number };

export function createTimelineModel(): TimelineModel {
  let transitions: StateRecord[] = [];
  let dropped = 0;
  let responses = new Map<number, ResponseRecord>();
  let marks: TimingMark[] = [];
  let firstChunk = new Set<number>();
  let firstEvent = new Set<number>();
  let firstT: number | null = null;
  let lastT: number | null = null;
  let revision = 0;

  // Getters over the closure's state, the renderer models' common shape (assemble, diagnostics,
  // the record ring): views read the live values, only consume() and reset() change them.
  return {
    get revision() {
      return revision;
    },
    get transitions() {
      return transitions;
    },
    get droppedTransitions() {
      return dropped;
    },
    get firstT() {
      return firstT;
    },
    get lastT() {
      return lastT;
    },
    consume(record) {
      if (firstT === null) firstT = record.t;
      if (lastT === null || record.t > lastT) lastT = record.t;
      switch (record.kind) {
        case 'state':
          transitions.push(record);
          if (transitions.length > MAX_TRANSITIONS) {
            transitions.shift();
            dropped++;
          }
          revision++;
          break;
        case 'response':
          if (!responses.has(record.connection)) {
            responses.set(record.connection, record);
            marks.push({
              kind: 'response',
              t: record.t,
              connection: record.connection,
              requestSentAt: record.requestSentAt,
            });
            revision++;
          }
          break;
        case 'chunk':
          if (!firstChunk.has(record.connection)) {
            firstChunk.add(record.connection);
            marks.push({ kind: 'chunk', t: record.t, connection: record.connection });
          }
          break;
        case 'event':
        case 'frame':
          // A WebSocket's first inbound data frame plays the part of the first event.
          if (
            (record.kind === 'event' ||
              (record.dir === 'in' && (record.opcode === 'text' || record.opcode === 'binary'))) &&
            !firstEvent.has(record.connection)
          ) {
            firstEvent.add(record.connection);
            marks.push({ kind: 'event', t: record.t, connection: record.connection });
            revision++;
          }
          break;
        default:
          break;
      }
    },
    reset() {
      transitions = [];
      dropped = 0;
      responses = new Map();
      marks = [];
      firstChunk = new Set();
      firstEvent = new Set();
      firstT = null;
      lastT = null;
      revision++;
    },
    segments(transport, endT) {
      return transitions.map((record, i) => {
        const next = transitions[i + 1];
        return {
          state: stateName(transport, record.readyState),
          readyState: record.readyState,
          reason: record.reason,
          label: describeReason(record),
          start: record.t,
          end: Math.max(record.t, next ? next.t : endT),
          failure: isFailure(record.reason),
        };
      });
    },
    connections() {
      const starts = new Map<number, StateRecord>();
      for (const s of transitions) {
        if ((s.reason === 'connecting' || s.reason === 'reconnecting') && !starts.has(s.connection))
          starts.set(s.connection, s);
      }
      const timings = connectionTimings(marks);
      const known = new Set(timings.map((x) => x.connection));
      for (const c of starts.keys()) {
        if (!known.has(c))
          timings.push({ connection: c, requestSentAt: null, responseAt: null, firstByteAt: null, firstEventAt: null });
      }
      timings.sort((a, b) => a.connection - b.connection);
      return timings.map((timing) => {
        const start = starts.get(timing.connection);
        const startedAt = timing.requestSentAt ?? start?.t ?? null;
        return {
          connection: timing.connection,
          response: responses.get(timing.connection) ?? null,
          timings: timing,
          startedAt,
          ttfbMs: startedAt !== null && timing.responseAt !== null ? timing.responseAt - startedAt : null,
          firstEventMs: startedAt !== null && timing.firstEventAt !== null ? timing.firstEventAt - startedAt : null,
          lastEventId: start?.lastEventId ?? null,
          reconnect: start?.reason === 'reconnecting',
        };
      });
    },
  };
}

/** "+1.234 s" / "+56.7 ms" relative offsets for the timeline. */
export function formatOffset(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '−' : '+';
  const a = Math.abs(ms);
  return a >= 1000 ? `${sign}${(a / 1000).toFixed(3)} s` : `${sign}${a.toFixed(1)} ms`;
}

/** "12.3 ms" / "4.56 s" durations; "–" when unknown. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}
