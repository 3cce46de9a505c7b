// Taps for comparing what a server wrote with what a client read, bytes and times.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What one upstream response wrote: the bytes, and when each write happened (performance.now). */
export interface ServerTap {
  bytes(): Buffer;
  writes: number[];
}

/** Wraps `res.write`/`res.end` so the test sees every byte the server sent, with its time. */
export function tapResponse(res: ServerResponse): ServerTap {
  const parts: Buffer[] = [];
  const writes: number[] = [];
  const keep = (chunk: unknown, encoding?: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    if (buf.byteLength === 0) return;
    parts.push(buf);
    writes.push(performance.now());
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...args) => {
    keep(args[0], args[1]);
    return write(...args);
  };
  (res as unknown as { end: (...a: unknown[]) => ServerResponse }).end = (...args) => {
    keep(args[0], args[1]);
    return end(...args);
  };
  return { bytes: () => Buffer.concat(parts), writes };
}

/** Every response of a server, in request order, tapped. */
export function tapServer(): {
  taps: Array<{ req: IncomingMessage; tap: ServerTap }>;
  wrap(req: IncomingMessage, res: ServerResponse): ServerTap;
} {
  const taps: Array<{ req: IncomingMessage; tap: ServerTap }> = [];
  return {
    taps,
    wrap(req, res) {
      const tap = tapResponse(res);
      taps.push({ req, tap });
      return tap;
    },
  };
}

/** A fetch that keeps a copy of every response body it hands on, as read. */
export function tappedFetch(bodies: Buffer[][]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body) return res;
    const parts: Buffer[] = [];
    bodies.push(parts);
    const reader = res.body.getReader();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const read = await reader.read();
        if (read.done) controller.close();
        else {
          parts.push(Buffer.from(read.value));
          controller.enqueue(read.value);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(stream, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** Gaps between consecutive times. */
export function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]!);
}

/**
 * The client saw the writes spaced as the server made them: each gap within `tolerance` ms of the
 * server's gap, and the first arrival before the last write. A proxy that buffers delivers
 * everything at the end (gaps near 0, the first arrival after the last write). The tolerance is
 * for a shared 2-core machine under load; the proxy's own cost is measured by `npm run bench`.
 */
export function expectSameSpacing(serverTimes: number[], clientTimes: number[], tolerance = 150): void {
  if (clientTimes[0]! >= serverTimes.at(-1)!)
    throw new Error('the first write arrived only after the last one was made');
  const server = gaps(serverTimes);
  const client = gaps(clientTimes);
  if (server.length !== client.length)
    throw new Error(`${serverTimes.length} writes but ${clientTimes.length} arrivals`);
  server.forEach((g, i) => {
    if (Math.abs(client[i]! - g) > tolerance)
      throw new Error(`gap ${i + 1}: server ${g.toFixed(1)} ms, client ${client[i]!.toFixed(1)} ms`);
  });
}
