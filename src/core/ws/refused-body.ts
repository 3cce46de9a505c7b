/** The body of a refused WebSocket handshake, read for display by the engine and the proxy. */
import type { IncomingMessage } from 'node:http';

/** How long a refused handshake's body may take: a server that sends headers and then stalls must not hold anyone. */
const REFUSED_BODY_MS = 1000;

/**
 * Reads up to `limit` bytes of a refused handshake's body, then calls back once: at the limit
 * (the rest is not read), at the body's end or error, or after {@link REFUSED_BODY_MS}.
 */
export function readRefusedBody(res: IncomingMessage, limit: number, done: (body: Buffer) => void): void {
  const parts: Buffer[] = [];
  let size = 0;
  let called = false;
  const finish = (): void => {
    if (called) return;
    called = true;
    clearTimeout(timer);
    res.removeAllListeners('data');
    done(Buffer.concat(parts).subarray(0, limit));
  };
  const timer = setTimeout(finish, REFUSED_BODY_MS);
  res.on('data', (chunk: Buffer) => {
    if (size < limit) parts.push(chunk);
    size += chunk.byteLength;
    if (size >= limit) {
      res.destroy();
      finish();
    }
  });
  res.on('end', finish);
  res.on('error', finish);
  res.on('close', finish);
}
