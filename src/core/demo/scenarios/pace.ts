/** Pacing helpers shared by the scenarios. */
import type { SseStream } from '../sse-stream';

/**
 * Call `send(n)` for n = first..last: the first at once, then one every `intervalMs`; end the
 * stream after the last. Timers belong to the stream, so a client leaving stops the loop.
 */
export function paced(
  stream: SseStream,
  first: number,
  last: number,
  intervalMs: number,
  send: (n: number) => void,
): void {
  let n = first;
  const step = (): void => {
    if (stream.closed) return;
    send(n);
    if (n >= last) {
      stream.end();
      return;
    }
    n++;
    stream.timers.after(intervalMs, step);
  };
  step();
}

/** Write `blocks` (whole SSE events or lines) one after another, `delayMs` apart, then end. */
export function writeSpaced(stream: SseStream, blocks: readonly string[], delayMs: number): void {
  paced(stream, 0, blocks.length - 1, delayMs, (i) => stream.write(blocks[i]!, 1));
}

/** The numeric id after a Last-Event-ID, or `fallback` when there is none (or it is not a number). */
export function nextIdAfter(lastEventId: string, fallback = 1): number {
  return /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) + 1 : fallback;
}

export const INTERVAL_RULE = { min: 1, max: 3_600_000 } as const;
