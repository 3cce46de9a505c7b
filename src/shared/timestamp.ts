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
  let i = 0;
  // Skip leading JSON whitespace without allocating a trimmed copy.
  while (i < data.length) {
    const c = data.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  const first = data.charCodeAt(i);
  const wantsArray = path !== undefined && path !== '';
  if (first !== 0x7b /* { */ && !(wantsArray && first === 0x5b) /* [ */) return null;
  if (!wantsArray) {
    const quick = topLevelNumberField(data, i);
    if (quick !== undefined) return quick;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
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
 * at the top level of the object starting at `start` and has a plain number value, without
 * parsing the whole payload (JSON.parse per event was the engine's largest cost on a firehose).
 * Returns undefined whenever it cannot be sure (a string value, odd spacing, a first occurrence
 * that is nested), and the caller falls back to JSON.parse; so the result equals the slow path's,
 * except for an object that repeats the key at the top level, where the first one counts here.
 */
const QUOTED_FIELDS = TIMESTAMP_FIELDS.map((f) => `"${f}"`);

function topLevelNumberField(data: string, start: number): number | null | undefined {
  for (const key of QUOTED_FIELDS) {
    const at = data.indexOf(key, start);
    if (at < 0) continue;
    if (depthAt(data, start, at) !== 1) return undefined;
    let j = at + key.length;
    while (data.charCodeAt(j) === 0x20) j++;
    if (data.charCodeAt(j) !== 0x3a /* : */) return undefined;
    j++;
    while (data.charCodeAt(j) === 0x20) j++;
    // One pass: the value's extent and, while it is plain digits, its value (no string slice per
    // event for the common epoch timestamp; anything else is read by Number()).
    let end = j;
    let digits = 0;
    let plain = true;
    for (; end < data.length; end++) {
      const c = data.charCodeAt(end);
      if (c >= 0x30 && c <= 0x39) digits = digits * 10 + (c - 0x30);
      else if (isNumberChar(c)) plain = false;
      else break;
    }
    const next = data.charCodeAt(end);
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
