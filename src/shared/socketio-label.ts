import type { SocketIoDecoded } from './decoded';

/**
 * What a Socket.IO frame holds, in a few words, for the CLI's text output and the app's list:
 * "EVENT tick #3", "BINARY_EVENT /admin upload (2 attachments)", "attachment 1/2 of upload",
 * "open sid=abc ping 25000 ms", "invalid: not an Engine.IO packet".
 */
export function socketIoLabel(decoded: SocketIoDecoded): string {
  if (decoded.type === 'invalid') return `invalid: ${decoded.error ?? 'unreadable'}`;
  if (decoded.type === 'attachment') {
    const of = decoded.event !== undefined ? ` of ${decoded.event}` : '';
    return `attachment ${(decoded.attachment ?? 0) + 1}/${decoded.attachments ?? '?'}${of}`;
  }
  const parts: string[] = [decoded.type];
  if (decoded.type === 'open') {
    if (decoded.sid !== undefined) parts.push(`sid=${decoded.sid}`);
    if (decoded.pingInterval !== undefined) parts.push(`ping ${decoded.pingInterval} ms`);
  }
  if (decoded.nsp !== undefined && decoded.nsp !== '/') parts.push(decoded.nsp);
  if (decoded.event !== undefined) parts.push(decoded.event);
  if (decoded.ackId !== undefined) parts.push(`#${decoded.ackId}`);
  if (decoded.attachments !== undefined) parts.push(`(${decoded.attachments} attachments)`);
  if (decoded.type === 'CONNECT_ERROR') {
    const data = decoded.data as { message?: unknown } | string | undefined;
    const message = typeof data === 'string' ? data : typeof data?.message === 'string' ? data.message : undefined;
    if (message !== undefined) parts.push(`: ${message}`);
  }
  return parts.join(' ');
}
