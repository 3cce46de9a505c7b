/**
 * Rules about what the WHATWG spec says a browser does with the bytes: which responses it
 * accepts, and which lines it silently ignores or drops.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
import type { ResponseRecord, StreamRecord } from '#shared/records';
import { createLineScanner, type LineEnding, type LineScanner, type ScannedLine } from '../line-scanner';
import { decodedTextOf } from '../../sse/decoder';
import type { ConnectionEnd, Report, RuleModule } from '../types';

const KNOWN_FIELDS = ['event', 'data', 'id', 'retry'] as const;
/** Fields that only take effect when the block is dispatched (retry applies at once). */
const DISPATCHED_FIELDS: ReadonlySet<string> = new Set(['event', 'data', 'id']);

/** Per-connection scanning state. */
interface ConnectionScan {
  connection: number;
  scanner: LineScanner;
  /** Line endings seen, with the chunk seq of the first of each. */
  endings: Map<LineEnding, number>;
  /** seq of the chunk where the pending (not yet dispatched) block's first field line started. */
  blockStart: number | null;
  lastChunkSeq: number;
  lastT: number;
  ended: boolean;
}

export function createSpecRules(report: Report, options: { skipHeaderRules?: boolean } = {}): RuleModule {
  let scan: ConnectionScan | null = null;
  // The connection whose body is read as something other than SSE (NDJSON...): its bytes
  // answer to their own framing's rules, not to these.
  let otherFraming: number | null = null;

  function startScan(connection: number): ConnectionScan {
    const state: ConnectionScan = {
      connection,
      endings: new Map(),
      blockStart: null,
      lastChunkSeq: -1,
      lastT: 0,
      ended: false,
      scanner: createLineScanner({
        line: (line) => onLine(state, line),
        fieldLine: (seq) => {
          if (state.blockStart === null) state.blockStart = seq;
        },
        blankLine: () => {
          state.blockStart = null;
        },
        // Its lines begin a block (if none was under way) and its blank line ends it.
        simpleBlock: () => {
          state.blockStart = null;
        },
        ending: (kind, seq, t) => onEnding(state, kind, seq, t),
        bom: (atLineStart, seq, t) =>
          report({
            rule: 'bom-not-at-start',
            message: atLineStart
              ? 'a byte order mark (U+FEFF) starts a line after the start of the stream: it becomes part of the field name and the line is ignored'
              : 'a byte order mark (U+FEFF) inside a line after the start of the stream: only one leading BOM is stripped',
            refs: [seq],
            t,
            connection,
          }),
      }),
    };
    return state;
  }

  function onLine(state: ConnectionScan, line: ScannedLine): void {
    const { text } = line;
    // Hot path: most lines of a busy stream are `data:` lines, which no rule here reports on.
    if (text.startsWith('data:')) {
      if (state.blockStart === null) state.blockStart = line.firstSeq;
      return;
    }
    if (text === '') {
      // [spec] "If the line is empty (a blank line): Dispatch the event".
      state.blockStart = null;
      return;
    }
    // [spec] "If the line starts with a U+003A COLON character (:): Ignore the line."
    if (text.startsWith(':')) return;
    if (text.startsWith('id:') && !text.includes('\u0000')) {
      // Second hot path: a plain id line, on which no rule reports.
      if (state.blockStart === null) state.blockStart = line.firstSeq;
      return;
    }
    const at = { t: line.t, connection: state.connection };
    const refs = [line.firstSeq, line.lastSeq];
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);

    if (DISPATCHED_FIELDS.has(name) && state.blockStart === null) state.blockStart = line.firstSeq;
    if (name === 'id') {
      if (value.includes('\u0000')) {
        // [spec] "If the field value does not contain U+0000 NULL, then set the last event ID
        // buffer to the field value. Otherwise, ignore the field."
        report({
          rule: 'id-with-null',
          message: `id field ${quote(value)} contains U+0000: browsers ignore it, so Last-Event-ID does not advance`,
          refs,
          ...at,
        });
      }
    } else if (name === 'retry' && !/^[0-9]+$/.test(value)) {
      // [spec] "If the field value consists of only ASCII digits, then interpret the field value
      // as an integer in base ten, and set the event stream's reconnection time to that integer.
      // Otherwise, ignore the field."
      report({
        rule: 'retry-not-digits',
        message: `retry field ${quote(value)} is not all ASCII digits: browsers ignore it`,
        refs,
        ...at,
      });
    } else if (!(KNOWN_FIELDS as readonly string[]).includes(name)) {
      // A name that only differs by a BOM is the BOM rule's finding, not a typo.
      const bare = name.replace(/^\uFEFF+/, '');
      if ((KNOWN_FIELDS as readonly string[]).includes(bare)) return;
      const guess = suggestField(bare);
      report({
        rule: 'unknown-field',
        message: `unknown field ${quote(name)}${guess ? ` (did you mean "${guess}"? field names are case-sensitive)` : ''}: browsers ignore the line`,
        refs,
        ...at,
      });
    }
  }

  function onEnding(state: ConnectionScan, kind: LineEnding, seq: number, t: number): void {
    // Hot path: one call per line, and after the first LF of a stream an LF says nothing new.
    if (kind === 'lf' && state.endings.has('lf')) return;
    const at = { t, connection: state.connection };
    if (kind === 'cr') {
      report({
        rule: 'cr-line-endings',
        message: 'lines end with a lone CR: valid SSE, but many non-browser clients and line-based tools expect LF',
        refs: [seq],
        ...at,
      });
    }
    if (!state.endings.has(kind)) {
      const firstOther = [...state.endings.entries()][0];
      state.endings.set(kind, seq);
      if (firstOther) {
        report({
          rule: 'mixed-line-endings',
          message: `line endings change from ${firstOther[0].toUpperCase()} to ${kind.toUpperCase()} within one stream`,
          refs: [firstOther[1], seq],
          ...at,
        });
      }
    }
  }

  function checkResponse(record: ResponseRecord): void {
    // A non-200 answer fails the connection anyway; its Content-Type is not the problem.
    if (record.status !== 200) return;
    const contentType = record.headers['content-type'];
    const essence = contentType === undefined ? '' : contentType.split(';', 1)[0]!.trim().toLowerCase();
    const at = { t: record.t, connection: record.connection, refs: [record.seq], scope: 'session' as const };
    if (essence !== 'text/event-stream') {
      report({
        rule: 'content-type',
        message:
          contentType === undefined
            ? 'the response has no Content-Type: browsers fail the connection (expected text/event-stream)'
            : `Content-Type is ${quote(contentType)}: browsers fail the connection (expected text/event-stream)`,
        ...at,
      });
      return;
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      report({
        rule: 'charset-not-utf8',
        message: `Content-Type declares charset=${charset}, but event streams are always decoded as UTF-8`,
        ...at,
      });
    }
  }

  function end(state: ConnectionScan, serverEnded: boolean, t: number, endSeq: number | null): void {
    if (state.ended) return;
    state.ended = true;
    const tail = state.scanner.end();
    if (!serverEnded) return;
    const partialField = tail.partialLine && !tail.partialText.startsWith(':');
    if (state.blockStart === null && !partialField) return;
    const first = state.blockStart ?? tail.partialSeq ?? state.lastChunkSeq;
    const refs = [first, state.lastChunkSeq];
    if (endSeq !== null) refs.push(endSeq);
    // [spec] "Once the end of the file is reached, any pending data must be discarded. (If the
    // file ends in the middle of an event, before the final empty line, the incomplete event is
    // not dispatched.)"
    report({
      rule: 'unterminated-final-block',
      message: partialField
        ? 'the stream ended in the middle of a line, without the blank line that ends an event: browsers drop that event'
        : 'the stream ended without the blank line after its last event block: browsers drop that event',
      refs,
      t,
      connection: state.connection,
    });
  }

  return {
    observe(record: StreamRecord) {
      if (record.kind === 'response') {
        if (record.framing !== undefined && record.framing !== 'sse') {
          otherFraming = record.connection;
          return;
        }
        if (!options.skipHeaderRules) checkResponse(record);
        return;
      }
      if (record.kind !== 'chunk' || record.connection === otherFraming) return;
      if (scan === null || scan.connection !== record.connection) {
        if (scan !== null) end(scan, false, record.t, null);
        scan = startScan(record.connection);
      }
      scan.lastChunkSeq = record.seq;
      scan.lastT = record.t;
      scan.scanner.push(record.bytes, record.seq, record.t, decodedTextOf(record));
    },
    // These rules read the chunks' lines; events tell them nothing more.
    quietFor: () => true,
    observeEvents() {},
    ended(info: ConnectionEnd) {
      if (scan === null || scan.connection !== info.connection) return;
      end(scan, info.cause === 'server', info.t, info.record?.seq ?? null);
    },
    tick() {},
  };
}

/** A field value or name for a message: JSON-quoted (shows U+0000 and friends), cut at 60 chars. */
function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** The known field a misspelt name most likely meant, or null. */
export function suggestField(name: string): string | null {
  const lower = name.trim().toLowerCase();
  for (const field of KNOWN_FIELDS) if (lower === field) return field;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const field of KNOWN_FIELDS) {
    const d = editDistance(lower, field);
    // One edit for short names ("di"), two for the longer ones ("evnt", "retyr").
    if (d <= (field.length <= 2 ? 1 : 2) && d < bestDistance) {
      best = field;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps); names are short. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
