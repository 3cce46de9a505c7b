/**
 * The filter of a session's event list: which record kinds and event types it shows, the
 * text/regex and JSON-path match, and whether the JSON path is shown as a column instead of
 * filtering. The app keeps one per session (the back end holds it, so a reloaded page gets it
 * back) and writes it into a recording's end line, so opening the recording restores it.
 */
import type { RecordKind, Transport } from './records';
import { fail, ok, type Result } from './result';

export interface ListFilterSpec {
  kinds: RecordKind[];
  /** Selected event types (or frame opcodes); empty means all. */
  types: string[];
  text: string;
  regex: boolean;
  jsonPath: string;
  /**
   * True: the JSON path is a column of the list showing each event's value there, and no longer
   * filters (events without it show an empty cell).
   */
  pathColumn: boolean;
}

/** Bounds on a filter that crosses a process boundary or comes from a file. */
export const LIST_FILTER_LIMITS = {
  types: 256,
  typeChars: 256,
  textChars: 4096,
  jsonPathChars: 256,
} as const;

const KINDS: Record<RecordKind, true> = {
  event: true,
  frame: true,
  comment: true,
  retry: true,
  state: true,
  error: true,
  chunk: true,
  response: true,
  diagnostic: true,
};

const isKind = (v: unknown): v is RecordKind => typeof v === 'string' && Object.hasOwn(KINDS, v);

export function defaultFilterSpec(transport: Transport): ListFilterSpec {
  return {
    kinds: transport === 'ws' ? ['frame'] : ['event'],
    types: [],
    text: '',
    regex: false,
    jsonPath: '',
    pathColumn: false,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function text(value: unknown, name: string, max: number): Result<string> {
  if (typeof value !== 'string') return fail('invalid-argument', `${name} must be a string, got ${describe(value)}`);
  if (value.length > max) return fail('invalid-argument', `${name} is too long (${value.length} > ${max} characters)`);
  return ok(value);
}

/**
 * Checks a filter from another process or a file; the message of a failure is one line naming
 * the field. Every field is required except `pathColumn` (false when absent); unknown fields are
 * refused, kinds and types are de-duplicated.
 */
export function checkListFilter(value: unknown, name = 'filter'): Result<ListFilterSpec> {
  const bad = (message: string): Result<ListFilterSpec> => fail('invalid-argument', `${name}${message}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return bad(` must be an object, got ${describe(value)}`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['kinds', 'types', 'text', 'regex', 'jsonPath', 'pathColumn'].includes(key))
      return bad(`: unknown field "${key.slice(0, 64)}"`);
  }
  if (!Array.isArray(v.kinds)) return bad(`.kinds must be an array, got ${describe(v.kinds)}`);
  if (v.kinds.length > Object.keys(KINDS).length * 2) return bad('.kinds has too many entries');
  const kinds: RecordKind[] = [];
  for (const k of v.kinds) {
    if (!isKind(k)) return bad(`.kinds: unknown record kind ${JSON.stringify(k)?.slice(0, 64) ?? String(k)}`);
    if (!kinds.includes(k)) kinds.push(k);
  }
  if (!Array.isArray(v.types)) return bad(`.types must be an array, got ${describe(v.types)}`);
  if (v.types.length > LIST_FILTER_LIMITS.types)
    return bad(`.types has too many entries (${v.types.length} > ${LIST_FILTER_LIMITS.types})`);
  const types = new Set<string>();
  for (const t of v.types) {
    const r = text(t, `${name}.types[]`, LIST_FILTER_LIMITS.typeChars);
    if (!r.ok) return fail('invalid-argument', r.error.message);
    types.add(r.value);
  }
  const filterText = text(v.text, `${name}.text`, LIST_FILTER_LIMITS.textChars);
  if (!filterText.ok) return fail('invalid-argument', filterText.error.message);
  const jsonPath = text(v.jsonPath, `${name}.jsonPath`, LIST_FILTER_LIMITS.jsonPathChars);
  if (!jsonPath.ok) return fail('invalid-argument', jsonPath.error.message);
  if (typeof v.regex !== 'boolean') return bad(`.regex must be true or false, got ${describe(v.regex)}`);
  if (v.pathColumn !== undefined && typeof v.pathColumn !== 'boolean')
    return bad(`.pathColumn must be true or false, got ${describe(v.pathColumn)}`);
  return ok({
    kinds,
    types: [...types],
    text: filterText.value,
    regex: v.regex,
    jsonPath: jsonPath.value,
    pathColumn: v.pathColumn === true,
  });
}
