/**
 * Finds the moment a message was sent, from its payload, so latency (arrival − sent) can be
 * measured. Pure and cheap: used per event by the session statistics and by the UI's charts.
 */
import { evaluateJsonPath } from './json-path';

/** Field names tried, in order, at the top level of a JSON object when no path is given. */
export const TIMESTAMP_FIELDS = ['sentAt', 'timestamp', 'created', 'ts'] as const;

// Plausible send times: 2000-01-01 .. 2100-01-01. Anything outside is a counter or an id that
// merely happens to be called `ts`, and would produce absurd latencies.
const MIN_MS = 946_684_800_000;
const MAX_MS = 4_102_444_800_000;

/**
 * Converts a numeric timestamp to ms since the epoch, guessing its unit by magnitude: seconds
 * (~1.7e9), milliseconds (~1.7e12), microseconds (~1.7e15) or nanoseconds (~1.7e18). Returns null
 * when the value is not a plausible date between 2000 and 2100 in any unit.
 */
export function normaliseEpoch(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  let ms: number;
  if (value < 1e11) ms = value * 1000;
  else if (value < 1e14) ms = value;
  else if (value < 1e17) ms = value / 1000;
  else ms = value / 1e6;
  return ms >= MIN_MS && ms <= MAX_MS ? ms : null;
}

function fromValue(value: unknown): number | null {
  if (typeof value === 'number') return normaliseEpoch(value);
  if (typeof value === 'string' && value.length > 0 && value.length < 64) {
    const n = Number(value);
    if (Number.isFinite(n) && value.trim() !== '') return normaliseEpoch(n);
    // ISO-8601 (e.g. Wikimedia's meta.dt): needs a date and a time to be taken seriously.
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) {
      const ms = Date.parse(value);
      return Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? ms : null;
    }
  }
  return null;
}

/**
 * The send time in ms since the epoch found in `data`, or null. With `path` (e.g. `a.b[0].c`,
 * see json-path.ts) only that value is used; without it the first of {@link TIMESTAMP_FIELDS}
 * present at the top level of a JSON object. Numbers in s/ms/µs/ns are normalised to ms, numeric
 * strings and ISO-8601 strings accepted. Data that does not start like JSON is rejected before
 * any parsing (the `[DONE]` sentinel, plain text).
 */
export function extractTimestamp(data: string, path?: string): number | null {
  return timestampIn(data, 0, data.length, path, indexOfKey);
}

/** Reads the send times of many events lying in order in one text: see createTimestampReader. */
export interface TimestampReader {
  /** The events to read next lie in `text`. */
  start(text: string): void;
  /** `extractTimestamp(text.slice(from, to))` without the slice; ranges in increasing order. */
  read(from: number, to: number): number | null;
}

/**
 * {@link extractTimestamp} for the data of many events lying in order in one text (the events of
 * one network read). Each field name is searched for once per stretch of the text rather than
 * once per event, so events without it cost nothing to rule out.
 */
export function createTimestampReader(path?: string): TimestampReader {
  let current = '';
  // Per field name: where it next occurs in `current` at or after `searchedFrom`, or -1.
  const next = new Int32Array(QUOTED_FIELDS.length);
  const searchedFrom = new Int32Array(QUOTED_FIELDS.length).fill(-1);
  const locate: KeyLocator = (text, key, from) => {
    if (searchedFrom[key]! < 0 || from < searchedFrom[key]! || (next[key]! >= 0 && next[key]! < from)) {
      searchedFrom[key] = from;
      next[key] = text.indexOf(QUOTED_FIELDS[key]!, from);
    }
    return next[key]!;
  };
  return {
    start(text) {
      // Told, not compared: two reads of equal text are different stretches, and comparing
      // strings of equal length reads them.
      current = text;
      searchedFrom.fill(-1);
    },
    read: (from, to) => timestampIn(current, from, to, path, locate),
  };
}

/** Where the quoted field name QUOTED_FIELDS[key] occurs in `text` at or after `from`, or -1. */
type KeyLocator = (text: string, key: number, from: number) => number;

const indexOfKey: KeyLocator = (text, key, from) => text.indexOf(QUOTED_FIELDS[key]!, from);

function timestampIn(text: string, from: number, to: number, path: string | undefined, locate: KeyLocator) {
  let i = from;
  // Skip leading JSON whitespace without allocating a trimmed copy.
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  const first = i < to ? text.charCodeAt(i) : NaN;
  const wantsArray = path !== undefined && path !== '';
  if (first !== 0x7b /* { */ && !(wantsArray && first === 0x5b) /* [ */) return null;
  if (!wantsArray) {
    const quick = topLevelNumberField(text, i, to, locate);
    if (quick !== undefined) return quick;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(from === 0 && to === text.length ? text : text.slice(from, to));
  } catch {
    return null;
  }
  if (wantsArray) {
    const found = evaluateJsonPath(parsed, path);
    return found.found ? fromValue(found.value) : null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const obj = parsed as Record<string, unknown>;
  for (const field of TIMESTAMP_FIELDS) {
    if (Object.prototype.hasOwnProperty.call(obj, field)) {
      const ms = fromValue(obj[field]);
      if (ms !== null) return ms;
    }
  }
  return null;
}

/**
 * The hot path of {@link extractTimestamp}: finds the first {@link TIMESTAMP_FIELDS} key that sits
 * at the top level of the object starting at `start` (and ending before `to`) and has a plain
 * number value, without parsing the whole payload (JSON.parse per event was the engine's largest
 * cost on a firehose). Returns undefined whenever it cannot be sure (a string value, odd spacing,
 * a first occurrence that is nested), and the caller falls back to JSON.parse; so the result
 * equals the slow path's, except for an object that repeats the key at the top level, where the
 * first one counts here.
 */
const QUOTED_FIELDS = TIMESTAMP_FIELDS.map((f) => `"${f}"`);

function topLevelNumberField(data: string, start: number, to: number, locate: KeyLocator): number | null | undefined {
  for (let key = 0; key < QUOTED_FIELDS.length; key++) {
    const at = locate(data, key, start);
    if (at < 0 || at + QUOTED_FIELDS[key]!.length > to) continue;
    if (depthAt(data, start, at) !== 1) return undefined;
    let j = at + QUOTED_FIELDS[key]!.length;
    while (j < to && data.charCodeAt(j) === 0x20) j++;
    if (j >= to || data.charCodeAt(j) !== 0x3a /* : */) return undefined;
    j++;
    while (j < to && data.charCodeAt(j) === 0x20) j++;
    // One pass: the value's extent and, while it is plain digits, its value (no string slice per
    // event for the common epoch timestamp; anything else is read by Number()).
    let end = j;
    let digits = 0;
    let plain = true;
    for (; end < to; end++) {
      const c = data.charCodeAt(end);
      if (c >= 0x30 && c <= 0x39) digits = digits * 10 + (c - 0x30);
      else if (isNumberChar(c)) plain = false;
      else break;
    }
    const next = end < to ? data.charCodeAt(end) : NaN;
    if (end === j || (next !== 0x2c && next !== 0x7d && next !== 0x20)) return undefined;
    // Up to 15 digits the sum is exact, as Number() reads them.
    const ms = normaliseEpoch(plain && end - j <= 15 ? digits : Number(data.slice(j, end)));
    // A key present but not a plausible time: the slow path would try the next field.
    return ms ?? undefined;
  }
  return undefined;
}

/** Object/array nesting depth at `pos` (strings skipped), or -1 when `pos` is inside a string. */
function depthAt(data: string, start: number, pos: number): number {
  let depth = 0;
  let inString = false;
  for (let k = start; k < pos; k++) {
    const c = data.charCodeAt(k);
    if (inString) {
      if (c === 0x5c /* \ */) k++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return inString ? -1 : depth;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45;
}
