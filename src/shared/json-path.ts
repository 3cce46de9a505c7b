/**
 * A small, pure JSON path evaluator for pulling one value out of an event's data:
 * dotted names and bracketed indexes, e.g. `choices[0].finish_reason`, `delta.text`,
 * `[2]`, `items[-1]` (negative indexes count from the end) or `meta["dt.utc"]` (a quoted
 * name for keys that contain dots or brackets). A leading `$` or `$.` is accepted and ignored;
 * an empty path (or `$`) is the value itself.
 *
 * Used by the CLI (`check --expect 'json(path)=...'`) and the renderer (field extraction).
 */

/** One step of a path: an object key or an array index. */
export type JsonPathSegment = string | number;

/** The outcome of parsing a path: the steps, or a one-line reason it is not a path. */
export type ParsedJsonPath = { ok: true; segments: JsonPathSegment[] } | { ok: false; error: string };

/** The outcome of evaluating a path: found with its value (which may itself be null), or not. */
export type JsonPathResult = { found: true; value: unknown } | { found: false };

const NAME_CHAR = /[^.[\]\s"']/;

/**
 * Parses a path into segments. Never throws: bad input yields `{ ok: false, error }` with a
 * message naming the position, e.g. `unclosed "[" at 7 in "choices[0"`.
 */
export function parseJsonPath(path: string): ParsedJsonPath {
  const segments: JsonPathSegment[] = [];
  let i = 0;
  const fail = (what: string): ParsedJsonPath => ({ ok: false, error: `${what} at ${i} in "${path}"` });
  if (path.startsWith('$')) {
    i = 1;
    if (path[i] === '.') i++;
    if (i === 2 && i === path.length) return fail('expected a name');
  }
  // A bare name is only allowed at the start; later names need a leading dot.
  let first = true;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const close = findBracketClose(path, i);
      if (close < 0) return fail('unclosed "["');
      const inner = path.slice(i + 1, close).trim();
      if (/^-?\d+$/.test(inner)) {
        segments.push(Number(inner));
      } else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) {
        segments.push(JSON.parse(inner) as string);
      } else if (/^'[^']*'$/.test(inner)) {
        segments.push(inner.slice(1, -1));
      } else {
        return fail(`expected an index or a quoted name inside "[...]", got "${inner}"`);
      }
      i = close + 1;
    } else if (c === '.') {
      if (first) return fail('unexpected "."');
      i++;
      const start = i;
      while (i < path.length && NAME_CHAR.test(path[i]!)) i++;
      if (i === start) return fail('expected a name after "."');
      segments.push(path.slice(start, i));
    } else if (first && NAME_CHAR.test(c)) {
      const start = i;
      while (i < path.length && NAME_CHAR.test(path[i]!)) i++;
      segments.push(path.slice(start, i));
    } else {
      return fail(`unexpected "${c}"`);
    }
    first = false;
  }
  return { ok: true, segments };
}

/** Index of the `]` closing the `[` at `open`, skipping quoted names; -1 when missing. */
function findBracketClose(path: string, open: number): number {
  let quote: string | null = null;
  for (let j = open + 1; j < path.length; j++) {
    const c = path[j]!;
    if (quote) {
      if (c === '\\' && quote === '"') j++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ']') {
      return j;
    }
  }
  return -1;
}

/**
 * Walks `value` along `path` (a string, parsed here, or segments from {@link parseJsonPath}).
 * Returns `{ found: false }` when a step is missing or the path does not parse; an index step
 * only matches arrays, a name step only matches (non-array) objects.
 */
export function evaluateJsonPath(value: unknown, path: string | readonly JsonPathSegment[]): JsonPathResult {
  let segments: readonly JsonPathSegment[];
  if (typeof path === 'string') {
    const parsed = parseJsonPath(path);
    if (!parsed.ok) return { found: false };
    segments = parsed.segments;
  } else {
    segments = path;
  }
  let current: unknown = value;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(current)) return { found: false };
      const index = seg < 0 ? current.length + seg : seg;
      if (index < 0 || index >= current.length) return { found: false };
      current = current[index];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
      if (!Object.prototype.hasOwnProperty.call(current, seg)) return { found: false };
      current = (current as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value: current };
}

/**
 * Parses `text` as JSON and evaluates `path` in it; `{ found: false }` when the text is not JSON
 * (e.g. the `[DONE]` sentinel of OpenAI-style streams).
 */
export function evaluateJsonPathInText(text: string, path: string | readonly JsonPathSegment[]): JsonPathResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { found: false };
  }
  return evaluateJsonPath(parsed, path);
}

/** A found value as a short string for comparison and display: strings bare, the rest as JSON. */
export function jsonValueToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}
