import type { Decoded } from '#shared/decoded';
import { graphqlLabel } from '#shared/graphql';
import { socketIoLabel } from '#shared/socketio-label';

/**
 * One line saying what a protocol decoder read in a message, for the list and the detail:
 * "JSON-RPC response #7 tools/call · 12.5 ms", "JSON-RPC notification notifications/progress 2/5 for #7".
 */
export function decodedLabel(decoded: Decoded | undefined): string {
  if (decoded === undefined) return '';
  if (decoded.protocol === 'socket.io') return `Socket.IO ${socketIoLabel(decoded)}`;
  if (decoded.protocol !== 'json-rpc') return graphqlLabel(decoded);
  const parts: string[] = ['JSON-RPC', decoded.kind];
  if (decoded.id !== undefined && decoded.id !== null) parts.push(`#${decoded.id}`);
  if (decoded.method !== undefined) parts.push(decoded.method);
  if (decoded.progress !== undefined)
    parts.push(decoded.total !== undefined ? `${decoded.progress}/${decoded.total}` : String(decoded.progress));
  if (decoded.forId !== undefined) parts.push(`for #${decoded.forId}`);
  if (decoded.errorCode !== undefined) parts.push(`code ${decoded.errorCode}`);
  let label = parts.join(' ');
  if (decoded.latencyMs !== undefined) label += ` · ${decoded.latencyMs.toFixed(1)} ms`;
  return label;
}

/**
 * The list's "id / event" column for a decoded message: a Socket.IO event's name, the GraphQL
 * operation a message belongs to ("#1", or its name where the protocol carries no id).
 */
export function decodedColumn(decoded: Decoded | undefined): string {
  if (decoded === undefined || decoded.protocol === 'json-rpc') return '';
  if (decoded.protocol === 'socket.io') return decoded.event ?? '';
  return decoded.id !== undefined ? `#${decoded.id}` : (decoded.operationName ?? '');
}

/** True when the decoded message reports a failure (shown as an error wherever it is listed). */
export function decodedIsError(decoded: Decoded | undefined): boolean {
  if (decoded === undefined) return false;
  if (decoded.protocol === 'socket.io') return decoded.type === 'CONNECT_ERROR' || decoded.type === 'invalid';
  if (decoded.protocol === 'json-rpc') return decoded.kind === 'error';
  return decoded.type === 'error' || (decoded.errors !== undefined && decoded.errors.length > 0);
}
