/**
 * Row 1 — parse ceiling. Method: build one buffer of N events of a given size in memory, decode it
 * once to a string, then time eventsource-parser's feed() over it in 64 KiB slices, counting
 * dispatched events. No I/O, no allocation besides the parser's own. Median of `runs`.
 */
import { createParser } from 'eventsource-parser';
import { median, repeat, formatRate } from './lib/measure';
import type { BenchRow } from './lib/table';

export function buildStream(eventBytes: number, count: number): string {
  // "data: <payload>\n\n" totals eventBytes per event.
  const payload = 'x'.repeat(Math.max(1, eventBytes - 8));
  return `data: ${payload}\n\n`.repeat(count);
}

export function parseOnce(text: string, slice = 64 * 1024): { events: number; ms: number } {
  let events = 0;
  const parser = createParser({ onEvent: () => void events++ });
  const start = performance.now();
  for (let i = 0; i < text.length; i += slice) parser.feed(text.slice(i, i + slice));
  return { events, ms: performance.now() - start };
}

export async function benchParse(opts: { runs: number; totalBytes: number }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [label, size] of [
    ['100 B', 100],
    ['1 KiB', 1024],
    ['16 KiB', 16 * 1024],
  ] as const) {
    const count = Math.max(10, Math.floor(opts.totalBytes / size));
    const text = buildStream(size, count);
    parseOnce(text); // warm-up
    const results = await repeat(opts.runs, () => parseOnce(text));
    const eps = median(results.map((r) => (r.events / r.ms) * 1000));
    const mbps = median(results.map((r) => (text.length / 1e6 / r.ms) * 1000));
    rows.push({
      id: `1-${size}`,
      name: `parse ceiling, ${label} events`,
      value: `${formatRate(eps)} ev/s, ${mbps.toFixed(0)} MB/s`,
      reference: '',
      budget: '',
      met: null,
      data: { eventsPerSecond: eps, megabytesPerSecond: mbps, eventBytes: size },
    });
  }
  return rows;
}
