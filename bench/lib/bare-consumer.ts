/**
 * The reference every ingest row is compared with: the same transport (Node's fetch) and the same
 * parser (eventsource-parser), doing nothing but counting events and stamping reads. What the
 * engine adds on top of this is what the ratio rows measure.
 */
import { createParser } from 'eventsource-parser';

export interface BareResult {
  events: number;
  bytes: number;
  ms: number;
}

/** `onRead` gets each read's text, stamped by `clock` (default: this process's wall clock in ms). */
export async function bareConsume(
  url: string,
  onRead?: (t: number, text: string) => void,
  clock: () => number = () => performance.timeOrigin + performance.now(),
): Promise<BareResult> {
  let events = 0;
  const parser = createParser({ onEvent: () => void events++ });
  const start = performance.now();
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const t = clock();
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    onRead?.(t, text);
    parser.feed(text);
  }
  return { events, bytes, ms: performance.now() - start };
}
