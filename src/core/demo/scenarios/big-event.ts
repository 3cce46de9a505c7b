import type { Scenario } from './types';

const PATTERN = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Deterministic data of exactly `size` ASCII bytes, so a client can check every byte arrived. */
export function bigPayload(size: number): string {
  return PATTERN.repeat(Math.ceil(size / PATTERN.length)).slice(0, size);
}

export const bigEvent: Scenario = {
  name: 'big-event',
  method: 'GET',
  query: 'size=1048576&count=1',
  description: 'Events whose data is `size` bytes (default 1 MiB) of a repeating 0-9a-z pattern',
  handle(ctx) {
    const size = ctx.query.number('size', { default: 1024 * 1024, min: 1, max: 64 * 1024 * 1024 });
    const count = ctx.query.number('count', { default: 1, min: 1, max: 100 });
    const stream = ctx.open();
    const data = bigPayload(size);
    let n = 0;
    const next = (): void => {
      while (!stream.closed && n < count) {
        n++;
        // One write per event; wait for the socket to drain before queueing another megabyte.
        if (!stream.write(`id: ${n}\ndata: ${data}\n\n`, 1) && n < count) return stream.onDrain(next);
      }
      stream.end();
    };
    next();
  },
};
