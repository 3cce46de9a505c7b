import { evaluateJsonPathInText, parseJsonPath, type JsonPathSegment } from '#shared/json-path';
import type { StreamRecord } from '#shared/records';
import { errorMessage } from '#shared/error-message';
import type { ListFilterSpec } from '#shared/list-filter';
import { createPathValueReader, type PathValueReader } from './path-value';

export { defaultFilterSpec, type ListFilterSpec } from '#shared/list-filter';

/** Where a filter's text matches in a string: [start, end) ranges in order. */
export type MatchFinder = (s: string) => Array<[number, number]>;

/** Matches marked per string at most: a one-letter filter over a huge event stays cheap. */
export const MAX_MARKS = 200;

/** A spec turned into one predicate, plus per-field errors shown inline next to their input. */
export interface CompiledFilter {
  test(record: StreamRecord): boolean;
  /** Where the text filter matches, to mark it in the list and the detail; null without one. */
  highlight: MatchFinder | null;
  textError: string | null;
  pathError: string | null;
  /** True when only the kind selection applies (cheapest path). */
  trivial: boolean;
  /** The JSON-path column's value per record, when the path is shown as a column. */
  column: PathValueReader | null;
}

const decoder = new TextDecoder();

/** The text a record is searched by and previewed with. */
export function recordText(r: StreamRecord): string {
  switch (r.kind) {
    case 'event':
    case 'frame':
      return r.data;
    case 'comment':
      return r.text;
    case 'error':
      return r.message;
    case 'state':
      return r.message;
    case 'retry':
      return String(r.ms);
    case 'chunk':
      return decoder.decode(r.bytes);
    case 'response':
      return `${r.status} ${r.statusText}`;
    case 'diagnostic':
      return r.message;
  }
}

/** The label in the "type" column and what the type chips select on. */
export function recordType(r: StreamRecord): string {
  if (r.kind === 'event') return r.type;
  if (r.kind === 'frame') return `${r.dir} ${r.opcode}`;
  return r.kind;
}

export function compileFilter(spec: ListFilterSpec): CompiledFilter {
  const kinds = new Set(spec.kinds);
  const types = spec.types.length ? new Set(spec.types) : null;
  let textError: string | null = null;
  let pathError: string | null = null;
  let matchText: ((s: string) => boolean) | null = null;
  let highlight: MatchFinder | null = null;
  if (spec.text) {
    if (spec.regex) {
      try {
        const re = new RegExp(spec.text, 'i');
        const global = new RegExp(spec.text, 'gi');
        matchText = (s) => re.test(s);
        highlight = (s) => {
          const out: Array<[number, number]> = [];
          global.lastIndex = 0;
          for (let m = global.exec(s); m && out.length < MAX_MARKS; m = global.exec(s)) {
            // An empty match marks nothing; step past it so the loop ends.
            if (m[0] === '') global.lastIndex++;
            else out.push([m.index, m.index + m[0].length]);
          }
          return out;
        };
      } catch (e) {
        textError = errorMessage(e);
      }
    } else {
      const needle = spec.text.toLowerCase();
      matchText = (s) => s.toLowerCase().includes(needle);
      highlight = (s) => {
        const out: Array<[number, number]> = [];
        const hay = s.toLowerCase();
        // Lower-casing can change a string's length (rare letters); marks then stay within it.
        if (hay.length !== s.length) return out;
        for (let i = hay.indexOf(needle); i >= 0 && out.length < MAX_MARKS; i = hay.indexOf(needle, i + needle.length))
          out.push([i, i + needle.length]);
        return out;
      };
    }
  }
  let segments: JsonPathSegment[] | null = null;
  if (spec.jsonPath.trim()) {
    const parsed = parseJsonPath(spec.jsonPath.trim());
    if (parsed.ok) segments = parsed.segments;
    else pathError = parsed.error;
  }
  // Shown as a column, the path no longer filters.
  const column = segments && spec.pathColumn ? createPathValueReader(segments) : null;
  if (column) segments = null;
  const trivial = !types && !matchText && !segments;
  return {
    textError,
    pathError,
    trivial,
    highlight,
    column,
    test(r) {
      if (!kinds.has(r.kind)) return false;
      if (types && (r.kind === 'event' || r.kind === 'frame') && !types.has(recordType(r))) return false;
      if (segments) {
        if (r.kind !== 'event' && r.kind !== 'frame') return false;
        if (!evaluateJsonPathInText(r.data, segments).found) return false;
      }
      if (matchText && !matchText(recordText(r))) return false;
      return true;
    },
  };
}
