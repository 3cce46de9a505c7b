/**
 * Judges parsed `--expect` assertions against a session's records as they arrive. Each assertion
 * keeps only what it needs (a counter, a first match), so a long stream costs no memory.
 */
import { evaluateJsonPath, evaluateJsonPathInText, jsonValueToString } from '#shared/json-path';
import { countsAsEvent, type DiagnosticRecord, type StreamRecord } from '#shared/records';
import { severityRank } from './catalog';
import type { Comparison, EventFilter, Expectation, ValueOp } from './expect-parser';

/** The verdict on one assertion. */
export interface ExpectationOutcome {
  spec: string;
  ok: boolean;
  /** What was seen, for the report: "3", "stop", "seen at 120 ms", "no event". */
  observed: string;
  /**
   * When (ms of stream time from the run's start) the verdict became final because nothing later
   * could change it; null when it was judged over the whole run.
   */
  decidedAtMs: number | null;
}

/**
 * An event as assertions see it: SSE events, and inbound WebSocket data frames (countsAsEvent) as
 * "message" (binary data as its base64 text).
 */
interface EventView {
  type: string;
  data: string;
  /** What a protocol decoder read in it (JSON-RPC...), if anything. */
  decoded: unknown;
  seq: number;
  t: number;
}

/** Live judgement of a set of assertions. */
export interface ExpectationSet {
  /** Feed every record in order (diagnostics included). */
  observe(record: StreamRecord): void;
  /** Time has passed (live runs): lets `within` deadlines fail. `now` is on the records' clock. */
  advance(now: number): void;
  /**
   * True when there is at least one assertion and no later record can change any verdict: only
   * then may a run stop early without judging part of the stream.
   */
  readonly allDecided: boolean;
  /** Verdicts so far (final once the stream is over). */
  outcomes(): ExpectationOutcome[];
}

interface Judge {
  observeEvent?(event: EventView, elapsed: number): void;
  observeDiagnostic?(d: DiagnosticRecord): void;
  observeStatus?(status: number): void;
  advance?(elapsed: number): void;
  /** True once no later record or passing time can change the verdict. */
  decided(): boolean;
  outcome(): { ok: boolean; observed: string };
}

export function createExpectationSet(expectations: readonly Expectation[]): ExpectationSet {
  const judges = expectations.map((e) => ({ spec: e.spec, judge: createJudge(e), decidedAt: null as number | null }));
  let start: number | null = null;
  let sawStatus = false;
  let undecided = judges.length;

  function markDecided(elapsed: number): void {
    if (undecided === 0) return;
    for (const entry of judges) {
      if (entry.decidedAt === null && entry.judge.decided()) {
        entry.decidedAt = elapsed;
        undecided--;
      }
    }
  }

  function observe(record: StreamRecord, elapsed: number): void {
    for (const { judge } of judges) judge.advance?.(elapsed);
    if (record.kind === 'diagnostic') {
      for (const { judge } of judges) judge.observeDiagnostic?.(record);
      return;
    }
    if (record.kind === 'response' && !sawStatus) {
      sawStatus = true;
      for (const { judge } of judges) judge.observeStatus?.(record.status);
      return;
    }
    const event = asEvent(record);
    if (event === null) return;
    for (const { judge } of judges) judge.observeEvent?.(event, elapsed);
  }

  return {
    observe(record) {
      if (start === null) start = record.t;
      const elapsed = record.t - start;
      observe(record, elapsed);
      markDecided(elapsed);
    },
    advance(now) {
      if (start === null) return;
      for (const { judge } of judges) judge.advance?.(now - start);
      markDecided(now - start);
    },
    get allDecided() {
      return judges.length > 0 && undecided === 0;
    },
    outcomes() {
      return judges.map(({ spec, judge, decidedAt }) => ({ spec, ...judge.outcome(), decidedAtMs: decidedAt }));
    },
  };
}

function asEvent(record: StreamRecord): EventView | null {
  if (!countsAsEvent(record)) return null;
  if (record.kind === 'event') {
    return { type: record.type, data: record.data, decoded: record.decoded, seq: record.seq, t: record.t };
  }
  if (record.kind === 'frame') {
    return { type: 'message', data: record.data, decoded: record.decoded, seq: record.seq, t: record.t };
  }
  return null;
}

/**
 * Whether a count, which only grows, already has its final verdict: `>= n` holds for good once
 * reached, `< n`, `= n` and `!= n` are settled once passed.
 */
function countSettled(count: number, op: Comparison, value: number): boolean {
  switch (op) {
    case '>=':
    case '<':
      return count >= value;
    case '>':
    case '<=':
    case '=':
    case '!=':
      return count > value;
  }
}

function createJudge(e: Expectation): Judge {
  switch (e.kind) {
    case 'event': {
      let seenAt: number | null = null;
      let lateAt: number | null = null;
      let expired = false;
      let total = 0;
      return {
        observeEvent(event, elapsed) {
          total++;
          if (seenAt !== null || !matches(e.filter, event)) return;
          if (e.withinMs !== null && elapsed > e.withinMs) {
            if (lateAt === null) lateAt = elapsed;
            return;
          }
          seenAt = elapsed;
        },
        advance(elapsed) {
          if (e.withinMs !== null && seenAt === null && elapsed > e.withinMs) expired = true;
        },
        decided: () => seenAt !== null || expired || lateAt !== null,
        outcome() {
          if (seenAt !== null) return { ok: true, observed: `seen at ${formatMs(seenAt)}` };
          if (lateAt !== null) return { ok: false, observed: `seen only at ${formatMs(lateAt)}` };
          const span = expired && e.withinMs !== null ? ` in ${formatMs(e.withinMs)}` : '';
          return { ok: false, observed: `not seen${span} (${total} event${total === 1 ? '' : 's'})` };
        },
      };
    }
    case 'count': {
      let n = 0;
      return {
        observeEvent(event) {
          if (matches(e.filter, event)) n++;
        },
        decided: () => countSettled(n, e.op, e.value),
        outcome: () => ({ ok: compareNumbers(n, e.op, e.value), observed: String(n) }),
      };
    }
    case 'json': {
      let match: string | null = null;
      let last: string | null = null;
      let withPath = 0;
      return {
        observeEvent(event) {
          if (match !== null) return;
          const found = evaluateJsonPathInText(event.data, e.filter.path);
          if (!found.found) return;
          withPath++;
          last = jsonValueToString(found.value);
          if (compareValues(found.value, e.filter.op, e.filter.value)) match = last;
        },
        // "Some event" holds for good once one matched.
        decided: () => match !== null,
        outcome() {
          if (match !== null) return { ok: true, observed: match };
          if (last === null) return { ok: false, observed: 'path not found in any event' };
          return {
            ok: false,
            observed: `${last} (last of ${withPath} event${withPath === 1 ? '' : 's'} with the path)`,
          };
        },
      };
    }
    case 'no-diagnostics': {
      const found: DiagnosticRecord[] = [];
      return {
        observeDiagnostic(d) {
          if (severityRank(d.severity) >= severityRank(e.min)) found.push(d);
        },
        // Fails for good at the first finding; holds only once the run is over.
        decided: () => found.length > 0,
        outcome() {
          if (found.length === 0) return { ok: true, observed: 'none' };
          const rules = [...new Set(found.map((d) => `${d.rule} (${d.severity})`))];
          return { ok: false, observed: `${found.length}: ${rules.join(', ')}` };
        },
      };
    }
    case 'first-event': {
      let first: number | null = null;
      let elapsedNow = 0;
      return {
        observeEvent(_event, elapsed) {
          if (first === null) first = elapsed;
        },
        advance(elapsed) {
          elapsedNow = Math.max(elapsedNow, elapsed);
        },
        // Decided once the first event came, or once waiting longer already breaks a < or <=.
        decided: () => first !== null || ((e.op === '<' || e.op === '<=') && elapsedNow > e.ms),
        outcome() {
          if (first === null) return { ok: false, observed: 'no event' };
          return { ok: compareNumbers(first, e.op, e.ms), observed: formatMs(first) };
        },
      };
    }
    case 'status': {
      let status: number | null = null;
      return {
        observeStatus(s) {
          status = s;
        },
        decided: () => status !== null,
        outcome: () =>
          status === null
            ? { ok: false, observed: 'no response' }
            : { ok: compareNumbers(status, e.op, e.value), observed: String(status) },
      };
    }
  }
}

function matches(filter: EventFilter, event: EventView): boolean {
  switch (filter.by) {
    case 'any':
      return true;
    case 'type':
      return event.type === filter.type;
    case 'data':
      return filter.op === '=' ? event.data === filter.value : event.data.includes(filter.value);
    case 'json': {
      const found = evaluateJsonPathInText(event.data, filter.path);
      return found.found && compareValues(found.value, filter.op, filter.value);
    }
    case 'decoded': {
      if (event.decoded === undefined) return false;
      const found = evaluateJsonPath(event.decoded, filter.path);
      return found.found && compareValues(found.value, filter.op, filter.value);
    }
  }
}

export function compareNumbers(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/**
 * A JSON value against the text of an assertion: = and != compare the value's text (strings bare,
 * the rest as JSON, so `=stop`, `=null`, `=3` and `=true` all read naturally); ~ is "contains";
 * < <= > >= compare numbers and fail for anything that is not one.
 */
function compareValues(value: unknown, op: ValueOp, expected: string): boolean {
  const text = jsonValueToString(value);
  if (op === '=') return text === expected;
  if (op === '!=') return text !== expected;
  if (op === '~') return text.includes(expected);
  const a = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  const b = expected.trim() === '' ? NaN : Number(expected);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return compareNumbers(a, op, b);
}

/** 87 ms, 1.24 s. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
