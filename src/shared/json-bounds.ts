/**
 * A linear pre-check of JSON text before JSON.parse sees it. JSON.parse itself has no limits: a
 * frame of nested arrays ("[[[[…") parses into millions of objects (gigabytes, tens of seconds)
 * and a value nested 100,000 deep makes JSON.stringify overflow the stack later. This scan looks
 * only at brackets, commas and string quotes, stops at the first bound it crosses, and allocates
 * nothing, so a hostile frame or recording line is refused in the time it takes to reach the
 * offending byte.
 */

export interface JsonBounds {
  /** Deepest nesting of arrays and objects (the top-level value's own brackets count as 1). */
  maxDepth: number;
  /** Most values in containers, counted as opening brackets plus commas. */
  maxElements: number;
}

// Named byte values, compared one by one in the scan below; they look like any list of named
// constants (the WS engine's close codes, the stats' counters) but share no meaning with them.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/** Code units of a string or bytes of a buffer, read the same way (JSON syntax is ASCII). */
interface Units {
  length: number;
  at(i: number): number;
  /** Index of the next `"` at or after `from`, or -1. */
  nextQuote(from: number): number;
}

function unitsOf(text: string | Uint8Array): Units {
  if (typeof text === 'string') {
    return { length: text.length, at: (i) => text.charCodeAt(i), nextQuote: (from) => text.indexOf('"', from) };
  }
  return { length: text.length, at: (i) => text[i]!, nextQuote: (from) => text.indexOf(QUOTE, from) };
}

/**
 * Null when `text` stays within `bounds`, else a one-line reason. The text need not be valid
 * JSON (JSON.parse still judges that); only its shape is measured.
 */
export function jsonBoundsProblem(text: string | Uint8Array, bounds: JsonBounds): string | null {
  const u = unitsOf(text);
  let depth = 0;
  let elements = 0;
  for (let i = 0; i < u.length; i++) {
    const c = u.at(i);
    if (c === QUOTE) {
      // Skip the string: find its closing quote, one not preceded by an odd run of backslashes.
      let end = u.nextQuote(i + 1);
      while (end !== -1) {
        let slashes = 0;
        for (let k = end - 1; k > i && u.at(k) === BACKSLASH; k--) slashes++;
        if (slashes % 2 === 0) break;
        end = u.nextQuote(end + 1);
      }
      if (end === -1) return null; // unterminated: JSON.parse will say so
      i = end;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > bounds.maxDepth) return `JSON nested deeper than ${bounds.maxDepth} levels`;
      if (++elements > bounds.maxElements) return `JSON with more than ${bounds.maxElements} elements`;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    } else if (c === COMMA) {
      if (++elements > bounds.maxElements) return `JSON with more than ${bounds.maxElements} elements`;
    }
  }
  return null;
}

/** JSON.parse behind {@link jsonBoundsProblem}: throws a one-line Error for either failure. */
export function parseBoundedJson(text: string, bounds: JsonBounds): unknown {
  const problem = jsonBoundsProblem(text, bounds);
  if (problem !== null) throw new Error(problem);
  return JSON.parse(text) as unknown;
}
