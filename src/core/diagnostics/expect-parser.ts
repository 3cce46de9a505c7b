/**
 * The grammar of `streamscope check --expect <spec>`: small assertions about a stream, for CI.
 *
 * ```
 * spec   := 'event' '=' TYPE ['within' DURATION]        an event of that type arrives
 *         | 'event' '(' FILTER ')' ['within' DURATION]  an event matching FILTER arrives
 *         | 'count' '(' [FILTER] ')' CMP INTEGER        how many events match FILTER (all when empty or *)
 *         | 'json' '(' PATH ')' OP VALUE                 some event's JSON data has PATH with that value
 *         | 'no-diagnostics' ['>=' SEVERITY]             no diagnostic at or above SEVERITY (default: none at all)
 *         | 'first-event' CMP DURATION                  time from the request to the first event
 *         | 'status' CMP INTEGER                         the (first) response's HTTP status
 * FILTER := '*' | 'type' '=' TYPE | 'json' '(' PATH ')' OP VALUE | 'data' ('=' | '~') VALUE
 *         | 'decoded.' PATH OP VALUE                   a field a protocol decoder read (decoded.method)
 * CMP    := '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
 * OP     := CMP | '~'                                   '~' is "contains"; < > compare numbers
 * DURATION := NUMBER ('ms' | 's' | 'm')                  e.g. 500ms, 10s, 1.5m
 * VALUE  := text to the end (trimmed), or a "JSON string" to keep spaces
 * ```
 * Durations count from the start of the check (the first request), in the stream's own time: a
 * recording replayed at full speed is judged by its recorded timestamps.
 */
import { parseJsonPath, type JsonPathSegment } from '#shared/json-path';
import type { Severity } from '#shared/records';
import { isSeverity } from './catalog';

/** A comparison operator. */
export type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
/** A value operator: a comparison, or `~` (contains). */
export type ValueOp = Comparison | '~';

/** Which events an assertion is about. */
export type EventFilter =
  | { by: 'any' }
  | { by: 'type'; type: string }
  | { by: 'json'; path: JsonPathSegment[]; pathText: string; op: ValueOp; value: string }
  | { by: 'data'; op: '=' | '~'; value: string }
  | { by: 'decoded'; path: JsonPathSegment[]; pathText: string; op: ValueOp; value: string };

/** What an assertion asks, without its text. */
export type ExpectationBody =
  | { kind: 'event'; filter: EventFilter; withinMs: number | null }
  | { kind: 'count'; filter: EventFilter; op: Comparison; value: number }
  | { kind: 'json'; filter: Extract<EventFilter, { by: 'json' }> }
  | { kind: 'no-diagnostics'; min: Severity }
  | { kind: 'first-event'; op: Comparison; ms: number }
  | { kind: 'status'; op: Comparison; value: number };

/** One parsed assertion; `spec` is the text it came from. */
export type Expectation = { spec: string } & ExpectationBody;

/** A parse outcome: the assertion, or a one-line reason. */
export type ParsedExpectation = { ok: true; expectation: Expectation } | { ok: false; error: string };

class SpecError extends Error {}

const CMP = /^(==|!=|<=|>=|=|<|>)/;
const VALUE_OP = /^(==|!=|<=|>=|=|<|>|~)/;

/** Parses one `--expect` spec. Never throws. */
export function parseExpectation(spec: string): ParsedExpectation {
  try {
    return { ok: true, expectation: { spec, ...parseBody(spec.trim()) } };
  } catch (err) {
    if (err instanceof SpecError) return { ok: false, error: err.message };
    throw err;
  }
}

function parseBody(s: string): ExpectationBody {
  if (s === '') throw new SpecError('empty assertion');
  let m: RegExpExecArray | null;

  if ((m = /^event\s*=\s*/.exec(s))) {
    const { body, withinMs } = splitWithin(s.slice(m[0].length));
    if (body === '') throw new SpecError('expected an event type after "event="');
    return { kind: 'event', filter: { by: 'type', type: body }, withinMs };
  }
  if ((m = /^event\s*\(/.exec(s))) {
    const { inner, rest } = takeParens(s, m[0].length - 1);
    const within = rest.trim();
    let withinMs: number | null = null;
    if (within !== '') {
      const w = /^within\s+(\S+)$/.exec(within);
      if (!w) throw new SpecError(`expected "within <duration>" after "event(...)", got "${within}"`);
      withinMs = parseDuration(w[1]!);
    }
    return { kind: 'event', filter: parseFilter(inner), withinMs };
  }
  if ((m = /^count\s*\(/.exec(s))) {
    const { inner, rest } = takeParens(s, m[0].length - 1);
    const { op, operand } = takeComparison(rest, 'count(...)');
    return { kind: 'count', filter: parseFilter(inner), op, value: parseCount(operand) };
  }
  if (/^json\s*\(/.test(s)) {
    const filter = parseFilter(s);
    if (filter.by !== 'json') throw new SpecError('expected json(<path>) <op> <value>');
    return { kind: 'json', filter };
  }
  if ((m = /^no-diagnostics\s*/.exec(s))) {
    const rest = s.slice(m[0].length);
    if (rest === '') return { kind: 'no-diagnostics', min: 'info' };
    const sev = /^>=\s*(\S+)$/.exec(rest);
    if (!sev) throw new SpecError(`expected "no-diagnostics" or "no-diagnostics>=<severity>", got "${s}"`);
    if (!isSeverity(sev[1]!)) throw new SpecError(`unknown severity "${sev[1]}" (use info, warning or error)`);
    return { kind: 'no-diagnostics', min: sev[1] };
  }
  if ((m = /^first-event\s*/.exec(s))) {
    const { op, operand } = takeComparison(s.slice(m[0].length), 'first-event');
    return { kind: 'first-event', op, ms: parseDuration(operand) };
  }
  if ((m = /^status\s*/.exec(s))) {
    const { op, operand } = takeComparison(s.slice(m[0].length), 'status');
    if (!/^\d{3}$/.test(operand))
      throw new SpecError(`expected an HTTP status code after "status${op}", got "${operand}"`);
    return { kind: 'status', op, value: Number(operand) };
  }
  const head = /^[\w-]*/.exec(s)![0] || s.slice(0, 20);
  throw new SpecError(
    `unknown assertion "${head}" (use event=, event(...), count(...), json(...), no-diagnostics, first-event or status)`,
  );
}

/** FILTER: '*', '', type=X, json(path) OP value, data=value, data~value. */
function parseFilter(text: string): EventFilter {
  const s = text.trim();
  if (s === '' || s === '*') return { by: 'any' };
  let m: RegExpExecArray | null;
  if ((m = /^type\s*=\s*/.exec(s))) {
    const type = s.slice(m[0].length).trim();
    if (type === '') throw new SpecError('expected an event type after "type="');
    return { by: 'type', type };
  }
  if ((m = /^json\s*\(/.exec(s))) {
    const { inner, rest } = takeParens(s, m[0].length - 1);
    const pathText = inner.trim();
    const path = parseJsonPath(pathText);
    if (!path.ok) throw new SpecError(`bad JSON path: ${path.error}`);
    const op = VALUE_OP.exec(rest.trim());
    if (!op) throw new SpecError(`expected an operator (=, !=, <, <=, >, >=, ~) after "json(${pathText})"`);
    const value = parseValue(rest.trim().slice(op[1]!.length));
    return { by: 'json', path: path.segments, pathText, op: normaliseOp(op[1]! as ValueOp | '=='), value };
  }
  if ((m = /^decoded\.([^=!<>~]+)/.exec(s))) {
    // What a protocol decoder read (JSON-RPC...): decoded.method=tools/call, decoded.event=tick.
    const pathText = m[1]!.trim();
    const path = parseJsonPath(pathText);
    if (!path.ok) throw new SpecError(`bad decoded path: ${path.error}`);
    const rest = s.slice(m[0].length).trim();
    const op = VALUE_OP.exec(rest);
    if (!op) throw new SpecError(`expected an operator (=, !=, <, <=, >, >=, ~) after "decoded.${pathText}"`);
    const value = parseValue(rest.slice(op[1]!.length));
    return { by: 'decoded', path: path.segments, pathText, op: normaliseOp(op[1]! as ValueOp | '=='), value };
  }
  if ((m = /^data\s*(=|~)/.exec(s))) {
    return { by: 'data', op: m[1] as '=' | '~', value: parseValue(s.slice(m[0].length)) };
  }
  throw new SpecError(
    `unknown filter "${s}" (use *, type=<type>, json(<path>)=<value>, data~<text> or decoded.<field>=<value>)`,
  );
}

function normaliseOp<T extends string>(op: T): Exclude<T, '=='> | '=' {
  return (op === '==' ? '=' : op) as Exclude<T, '=='> | '=';
}

function takeComparison(text: string, after: string): { op: Comparison; operand: string } {
  const s = text.trim();
  const m = CMP.exec(s);
  if (!m) throw new SpecError(`expected a comparison (=, !=, <, <=, >, >=) after "${after}", got "${s}"`);
  const operand = s.slice(m[1]!.length).trim();
  if (operand === '') throw new SpecError(`expected a value after "${after} ${m[1]}"`);
  return { op: normaliseOp(m[1]! as Comparison | '=='), operand };
}

/** `<type> within <duration>` → the type and the duration (null when absent). */
function splitWithin(text: string): { body: string; withinMs: number | null } {
  const m = /^(.*?)\s+within\s+(\S+)\s*$/.exec(text);
  if (!m) return { body: text.trim(), withinMs: null };
  return { body: m[1]!.trim(), withinMs: parseDuration(m[2]!) };
}

/** The text between the parenthesis at `open` and its match (quote-aware), and what follows. */
function takeParens(s: string, open: number): { inner: string; rest: string } {
  let depth = 0;
  let quote = false;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return { inner: s.slice(open + 1, i), rest: s.slice(i + 1) };
  }
  throw new SpecError(`unclosed "(" in "${s}"`);
}

/** 500ms, 10s, 1.5s, 2m → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) throw new SpecError(`expected a duration like 500ms, 10s or 2m, got "${text.trim()}"`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text)) throw new SpecError(`expected a whole number, got "${text}"`);
  return Number(text);
}

/** A value: a "JSON string" (to keep spaces or start with an operator), else the trimmed text. */
function parseValue(text: string): string {
  const s = text.trim();
  if (s.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      // fall through to the error below
    }
    throw new SpecError(`bad quoted value ${s}`);
  }
  return s;
}
