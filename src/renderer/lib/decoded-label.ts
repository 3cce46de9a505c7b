import type { Decoded } from '../../shared/decoded';
import { graphqlLabel } from '../../shared/graphql';
import { socketIoLabel } from '../../shared/socketio-label';

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
