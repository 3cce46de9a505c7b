/**
 * The human-readable form of records for `tail` (and anything else printing a stream for a
 * person): one header line per record with a local timestamp, event data indented beneath.
 * Colours only on a terminal (see output.ts). Everything the stream sent goes through safe():
 * its control characters are shown escaped, never acted on by the terminal.
 */
import { READY_STATE_NAMES, type StreamRecord } from '#shared/records';
import type { Decoded } from '#shared/decoded';
import { graphqlLabel } from '#shared/graphql';
import { socketIoLabel } from '#shared/socketio-label';
import { escapeForTerminal as safe, escapeJsonControls } from '#shared/control-chars';
import { colour } from '../output';

export interface FormatOptions {
  /** Show chunk records (byte count and an escaped preview). */
  raw?: boolean;
  /** The stream is WebSocket: readyState numbers are WebSocket's. */
  ws?: boolean;
}

/** One record as text (possibly several lines), or null when it is not shown. */
export function formatRecord(record: StreamRecord, options: FormatOptions = {}): string | null {
  const time = colour.dim(clockTime(record.t));
  switch (record.kind) {
    case 'state': {
      const names = READY_STATE_NAMES[options.ws ? 'ws' : 'sse'];
      const name = names[record.readyState] ?? String(record.readyState);
      const paint = record.readyState === 1 ? colour.green : record.readyState === 0 ? colour.yellow : colour.red;
      return `${time} ${paint(colour.bold(name))} ${colour.dim(safe(record.message))}`;
    }
    case 'response': {
      const headers = Object.entries(record.headers).map(([k, v]) => colour.dim(`  ${safe(k)}: ${safe(v)}`));
      const lines = [
        `${time} ${colour.bold(`HTTP ${record.status}${record.statusText ? ` ${safe(record.statusText)}` : ''}`)} ${colour.dim(safe(record.url))}`,
        ...headers,
      ];
      if (record.body) lines.push(indent(record.body));
      return lines.join('\n');
    }
    case 'event': {
      const id = record.id !== null ? colour.dim(` id=${safe(record.id)}`) : '';
      return `${time} ${colour.cyan(safe(record.type))}${id}${decodedNote(record.decoded)}\n${indent(record.data)}`;
    }
    case 'comment':
      return `${time} ${colour.dim(`: ${safe(record.text)}`)}`;
    case 'retry':
      return `${time} ${colour.magenta(`retry ${record.ms} ms`)}`;
    case 'error':
      return `${time} ${colour.red(`${record.fatal ? 'error' : 'warning'}: ${safe(record.message)}`)}`;
    case 'frame': {
      const arrow = record.dir === 'in' ? colour.cyan('←') : colour.blue('→');
      return `${time} ${arrow} ${record.opcode} ${colour.dim(`${record.size} B`)}${decodedNote(record.decoded)}\n${indent(record.data)}`;
    }
    case 'chunk': {
      if (!options.raw) return null;
      const preview = escapeJsonControls(JSON.stringify(Buffer.from(record.bytes).toString('utf8')));
      return `${time} ${colour.dim(`chunk ${record.bytes.byteLength} B ${preview}`)}`;
    }
    case 'diagnostic':
      return `${time} ${colour.yellow(`${record.severity}: ${safe(record.message)}`)}`;
  }
}

/** " json-rpc response 7 tools/call 12.5 ms": what a protocol decoder read, on the header line. */
function decodedNote(decoded: Decoded | undefined): string {
  if (decoded === undefined) return '';
  if (decoded.protocol === 'socket.io') return ` ${colour.magenta(safe(`socket.io ${socketIoLabel(decoded)}`))}`;
  if (decoded.protocol !== 'json-rpc') return ` ${colour.magenta(safe(graphqlLabel(decoded)))}`;
  const parts: string[] = [decoded.protocol, decoded.kind];
  if (decoded.id !== undefined && decoded.id !== null) parts.push(`#${decoded.id}`);
  if (decoded.method !== undefined) parts.push(decoded.method);
  if (decoded.progress !== undefined)
    parts.push(`${decoded.progress}${decoded.total !== undefined ? `/${decoded.total}` : ''}`);
  if (decoded.forId !== undefined) parts.push(`for #${decoded.forId}`);
  if (decoded.errorCode !== undefined) parts.push(`code ${decoded.errorCode}`);
  if (decoded.latencyMs !== undefined) parts.push(`${decoded.latencyMs.toFixed(1)} ms`);
  return ` ${colour.magenta(safe(parts.join(' ')))}`;
}

function indent(text: string): string {
  return safe(text)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** HH:MM:SS.mmm in local time. */
function clockTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
