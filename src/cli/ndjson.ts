import { escapeJsonControls } from '#shared/control-chars';
import type { StreamRecord } from '#shared/records';

/** Options for turning records into the NDJSON lines of docs/cli.md. */
export interface NdjsonOptions {
  /** Include raw chunk records ({"kind":"chunk","data":<base64>,"size":n}); off by default. */
  chunks?: boolean;
}

/**
 * One record as docs/cli.md specifies it: `kind` and `t` first, then the kind's own fields.
 * Returns null for records the contract does not print (chunks unless asked for).
 */
export function contractObject(record: StreamRecord, options: NdjsonOptions = {}): Record<string, unknown> | null {
  const base = { kind: record.kind, t: record.t };
  // One case per kind, each listing its fields in the documented order, optional ones only when
  // present: alike in shape, but each case is that kind's line of the contract.
  switch (record.kind) {
    case 'state':
      return { ...base, readyState: record.readyState, reason: record.reason, message: record.message };
    case 'response': {
      const out: Record<string, unknown> = { ...base, status: record.status, headers: record.headers, url: record.url };
      if (record.body !== undefined) out.body = record.body;
      if (record.protocol !== undefined) out.protocol = record.protocol;
      if (record.framing !== undefined) out.framing = record.framing;
      return out;
    }
    case 'event': {
      // contractLine writes plain events and frames itself: a new field here goes there too.
      const out: Record<string, unknown> = {
        ...base,
        type: record.type,
        data: record.data,
        lastEventId: record.lastEventId,
        id: record.id,
      };
      if (record.decoded !== undefined) out.decoded = record.decoded;
      return out;
    }
    case 'retry':
      return { ...base, ms: record.ms };
    case 'comment':
      return { ...base, text: record.text };
    case 'error': {
      const out: Record<string, unknown> = { ...base, message: record.message, fatal: record.fatal, code: record.code };
      if (record.status !== undefined) out.status = record.status;
      return out;
    }
    case 'frame': {
      const out: Record<string, unknown> = {
        ...base,
        dir: record.dir,
        opcode: record.opcode,
        data: record.data,
        size: record.size,
      };
      if (record.code !== undefined) out.code = record.code;
      if (record.reason !== undefined) out.reason = record.reason;
      if (record.decoded !== undefined) out.decoded = record.decoded;
      return out;
    }
    case 'chunk':
      return options.chunks
        ? { ...base, data: Buffer.from(record.bytes).toString('base64'), size: record.bytes.byteLength }
        : null;
    case 'diagnostic':
      return { ...base, severity: record.severity, rule: record.rule, message: record.message, refs: record.refs };
  }
}

/**
 * One NDJSON line. JSON.stringify leaves DEL, C1 and bidi controls raw: they are escaped too, so
 * a line shown in a terminal (or a pager) is as inert as the text output.
 */
export function contractLine(record: StreamRecord, options: NdjsonOptions = {}): string | null {
  // Events and frames are nearly every line of a busy stream: written directly, without the
  // intermediate object (the same text JSON.stringify would give; a test holds them equal).
  // Records with optional fields take the general path.
  if (record.kind === 'event' && record.decoded === undefined) {
    return escapeJsonControls(
      `{"kind":"event","t":${jsonNumber(record.t)},"type":${JSON.stringify(record.type)},"data":${JSON.stringify(record.data)},"lastEventId":${JSON.stringify(record.lastEventId)},"id":${record.id === null ? 'null' : JSON.stringify(record.id)}}`,
    );
  }
  if (
    record.kind === 'frame' &&
    record.code === undefined &&
    record.reason === undefined &&
    record.decoded === undefined
  ) {
    return escapeJsonControls(
      `{"kind":"frame","t":${jsonNumber(record.t)},"dir":"${record.dir}","opcode":"${record.opcode}","data":${JSON.stringify(record.data)},"size":${jsonNumber(record.size)}}`,
    );
  }
  const obj = contractObject(record, options);
  return obj === null ? null : escapeJsonControls(JSON.stringify(obj));
}

/** A number as JSON writes it (non-finite numbers become null). */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/**
 * A line printer for one stream, as docs/cli.md specifies it: state records only when readyState
 * changes. The engine records two steps of a reconnect (waiting, then reconnecting) that are both
 * CONNECTING; an EventSource reports that as one change, and so does the NDJSON.
 */
export function createContractPrinter(options: NdjsonOptions = {}): (record: StreamRecord) => string | null {
  let readyState: number | null = null;
  return (record) => {
    if (record.kind === 'state') {
      if (record.readyState === readyState) return null;
      readyState = record.readyState;
    }
    return contractLine(record, options);
  };
}
