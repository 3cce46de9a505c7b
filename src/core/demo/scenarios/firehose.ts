/**
 * The benchmark target: ~100-byte events with an incrementing id and sentAt, either at `rate`
 * per second or as fast as the client reads (rate=0). Unlimited mode batches many events per
 * write and waits for 'drain' whenever res.write says the socket buffer is full, so the server
 * never queues more than about one batch per connection.
 */
import type { Scenario } from './types';
import type { SseStream } from '../sse-stream';
import { nextIdAfter } from './pace';

/** Events per write in unlimited mode (~25 KiB). */
const BATCH = 256;
/** Batches written in one event-loop turn before yielding, in case writes keep returning true. */
const BATCHES_PER_TURN = 16;
const MIN_TICK_MS = 10;
// Pads the event to ~100 bytes with a 5-digit id and a 13-digit timestamp.
const PAD = 'x'.repeat(39);

function formatBatch(firstId: number, n: number, sentAt: number): string {
  let out = '';
  for (let id = firstId; id < firstId + n; id++) {
    out += `id: ${id}\ndata: {"n":${id},"sentAt":${sentAt},"pad":"${PAD}"}\n\n`;
  }
  return out;
}

// Its head and its first query reads look like the numbered scenarios' (disconnect): the columns
// of the scenario table and parameters with bounds of their own, not logic to share.
export const firehose: Scenario = {
  name: 'firehose',
  method: 'GET',
  query: 'rate=1000&count=10000&duration=10',
  description:
    '~100 B events with ids at `rate`/s (0 = as fast as backpressure allows), bounded by `count` and `duration` s',
  handle(ctx) {
    const rate = ctx.query.number('rate', { default: 0, min: 0, max: 10_000_000 });
    const count = ctx.query.number('count', { default: 100_000, min: 1, max: 1_000_000_000 });
    const duration = ctx.query.number('duration', {
      default: 10,
      min: 0,
      max: 3600,
      integer: false,
      exclusiveMin: true,
    });
    const firstId = nextIdAfter(ctx.lastEventId);
    const stream = ctx.open();
    stream.timers.after(duration * 1000, () => stream.end());
    if (rate === 0) pumpUnlimited(stream, firstId, count);
    else pumpAtRate(stream, firstId, count, rate);
  },
};

function pumpUnlimited(stream: SseStream, firstId: number, count: number): void {
  let sent = 0;
  const pump = (): void => {
    for (let turn = 0; turn < BATCHES_PER_TURN; turn++) {
      if (stream.closed) return;
      if (sent >= count) return stream.end();
      const n = Math.min(BATCH, count - sent);
      const more = stream.write(formatBatch(firstId + sent, n, Date.now()), n);
      sent += n;
      if (!more) {
        if (sent >= count) return stream.end();
        return stream.onDrain(pump);
      }
    }
    stream.timers.after(0, pump);
  };
  pump();
}

function pumpAtRate(stream: SseStream, firstId: number, count: number, rate: number): void {
  const started = Date.now();
  let sent = 0;
  let draining = false;
  const tick = (): void => {
    if (stream.closed || draining) return;
    // The first event goes out at once, then the schedule says how many are due by now.
    const due = Math.min(count, 1 + Math.floor((rate * (Date.now() - started)) / 1000)) - sent;
    let left = due;
    while (left > 0 && !stream.closed) {
      const n = Math.min(BATCH, left);
      const more = stream.write(formatBatch(firstId + sent, n, Date.now()), n);
      sent += n;
      left -= n;
      if (!more) {
        draining = true;
        // Resume as soon as the socket drains: waiting for the next tick instead capped the
        // paced mode at one batch per tick (~25k events/s).
        stream.onDrain(() => {
          draining = false;
          tick();
        });
        break;
      }
    }
    if (sent >= count) stream.end();
  };
  stream.timers.every(Math.max(MIN_TICK_MS, Math.floor(1000 / rate)), tick);
  tick();
}
