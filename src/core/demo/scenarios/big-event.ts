import type { Scenario } from './types';

const PATTERN = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Deterministic data of exactly `size` ASCII bytes, so a client can check every byte arrived. */
export function bigPayload(size: number): string {
  return PATTERN.repeat(Math.ceil(size / PATTERN.length)).slice(0, size);
}

/** An event goes out in slices of this many bytes, each written only when the socket has room. */
const SLICE_BYTES = 64 * 1024;
/** The pattern, long enough that any slice is a view into it (no per-slice allocation). */
const PATTERN_BYTES = Buffer.from(bigPayload(SLICE_BYTES + PATTERN.length));

/** Big streams served at once (per process); more get 503 instead of growing memory. */
export const MAX_BIG_STREAMS = 4;
let activeBigStreams = 0;

/** Bytes `from`..`from + length` of the payload (a view, never a copy). */
function payloadSlice(from: number, length: number): Buffer {
  const offset = from % PATTERN.length;
  return PATTERN_BYTES.subarray(offset, offset + length);
}

export const bigEvent: Scenario = {
  name: 'big-event',
  method: 'GET',
  query: 'size=1048576&count=1',
  description: 'Events whose data is `size` bytes (default 1 MiB) of a repeating 0-9a-z pattern',
  handle(ctx) {
    const size = ctx.query.number('size', { default: 1024 * 1024, min: 1, max: 64 * 1024 * 1024 });
    const count = ctx.query.number('count', { default: 1, min: 1, max: 100 });
    if (activeBigStreams >= MAX_BIG_STREAMS) {
      return ctx.text(503, `too many big-event streams at once (${MAX_BIG_STREAMS}); try again when one has ended`, {
        'Retry-After': '1',
      });
    }
    activeBigStreams++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      activeBigStreams--;
    };
    ctx.res.once('close', release);
    const stream = ctx.open();
    let n = 0;
    // Position in the current event's data; -1 between events.
    let at = -1;
    // A client that does not read holds at most one slice beyond the socket's own buffers.
    const pump = (): void => {
      while (!stream.closed) {
        let room: boolean;
        if (at < 0) {
          if (n >= count) {
            stream.end();
            return;
          }
          n++;
          room = stream.write(`id: ${n}\ndata: `);
          at = 0;
        } else if (at < size) {
          const length = Math.min(SLICE_BYTES, size - at);
          room = stream.write(payloadSlice(at, length));
          at += length;
        } else {
          room = stream.write('\n\n', 1);
          at = -1;
        }
        if (!room) return stream.onDrain(pump);
      }
    };
    pump();
  },
};
