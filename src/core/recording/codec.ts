/**
 * One line of a recording file to and from memory, with validation strict enough that a damaged
 * file fails on the line that is damaged, with a message a person can act on.
 */
import { jsonBoundsProblem } from '#shared/json-bounds';
import type { ErrorCode, RecordDraft } from '#shared/records';
import type { RecordingEndLine, RecordingHeader, StoredRecord } from '#shared/recording-format';
import { checkListFilter, type ListFilterSpec } from '#shared/list-filter';
import { checkHeader, checkRecord, isObject, LineError, RECORDING_LINE_BOUNDS, STORED_KINDS } from './record-validate';

export { LineError };

/**
 * Error codes the SSE decoder produces itself. They are derived again on load, so storing them
 * would make a replay show them twice.
 */
const DERIVED_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['event-too-large', 'parse']);

/** True for a record a recording stores (as opposed to one derived from the chunks on load). */
export function isStored(record: RecordDraft): record is StoredRecord {
  if (!STORED_KINDS.has(record.kind)) return false;
  if (record.kind === 'error' && DERIVED_ERROR_CODES.has(record.code)) return false;
  // The recorder's own failures describe the file, not the stream.
  if (record.kind === 'error' && record.code === 'recording-io') return false;
  return true;
}

/** The JSON text of the header line (without the newline). */
export function encodeHeader(header: RecordingHeader): string {
  return JSON.stringify(header);
}

/** The JSON text of one record line (without the newline). Drops sessionId and seq if present. */
export function encodeRecord(record: StoredRecord): string {
  const { sessionId: _s, seq: _q, ...rest } = record as StoredRecord & { sessionId?: string; seq?: number };
  if (rest.kind === 'chunk') {
    const { bytes, ...fields } = rest;
    // The same text as stringifying the object with `data` last, but base64 never needs escaping:
    // JSON.stringify scanning a read's base64 (~80 KB) cost ~7x the encoding itself.
    const head = JSON.stringify(fields);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    return `${head.slice(0, -1)},"data":"${data}"}`;
  }
  if (rest.kind === 'frame') {
    // The payload is already in `data` (base64 for binary, ping and pong); what a protocol
    // decoder read in it is derived again on load.
    const { bytes: _b, decoded: _d, ...fields } = rest;
    return JSON.stringify(fields);
  }
  return JSON.stringify(rest);
}

/** The JSON text of the end line. */
export function encodeEnd(end: RecordingEndLine): string {
  return JSON.stringify(end);
}

function parseJson(text: string): unknown {
  // Shape first: a line nested 100,000 deep or with millions of elements is refused unparsed.
  const problem = jsonBoundsProblem(text, RECORDING_LINE_BOUNDS);
  if (problem !== null) throw new LineError(problem);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LineError('invalid JSON');
  }
}

/** Reads and checks line 1. */
export function decodeHeader(text: string): RecordingHeader {
  return checkHeader(parseJson(text));
}

/**
 * A decoded non-header line: a stored record, or the end marker. `problem`: what was wrong with
 * an optional part of the end line that was left out (the file still loads).
 */
export type DecodedLine =
  { kind: 'record'; record: StoredRecord } | { kind: 'end'; end: RecordingEndLine; problem: string | null };

/** Reads and checks one line after the header: only known fields of the checked types are kept. */
export function decodeLine(text: string): DecodedLine {
  const v = parseJson(text);
  if (isObject(v) && v.kind === 'end') {
    if (typeof v.t !== 'number' || !Number.isFinite(v.t)) throw new LineError('end record: "t" must be a number');
    if (typeof v.records !== 'number' || !Number.isFinite(v.records))
      throw new LineError('end record: "records" must be a number');
    const end: RecordingEndLine = { kind: 'end', t: v.t, records: v.records };
    if (v.filter === undefined) return { kind: 'end', end, problem: null };
    const filter = checkListFilter(v.filter, 'end record: "filter"');
    if (!filter.ok) return { kind: 'end', end, problem: `${filter.error.message}; the filter was not restored` };
    end.filter = filter.value;
    return { kind: 'end', end, problem: null };
  }
  return { kind: 'record', record: checkRecord(v) };
}

/**
 * A whole recording as file text (header, records, end line), e.g. for a browser download. For
 * long sessions prefer the streaming recorder: this holds the whole text in memory.
 */
export function recordingToText(
  recording: { header: RecordingHeader; records: StoredRecord[]; filter?: ListFilterSpec },
  endT = Date.now(),
): string {
  const lines = [encodeHeader(recording.header)];
  for (const r of recording.records) lines.push(encodeRecord(r));
  const end: RecordingEndLine = { kind: 'end', t: endT, records: recording.records.length };
  if (recording.filter) end.filter = recording.filter;
  lines.push(encodeEnd(end));
  return lines.join('\n') + '\n';
}
