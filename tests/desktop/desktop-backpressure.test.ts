/**
 * Backpressure on the window's batch channel, through the Electron double: 5 s of the firehose
 * scenario, unpaced, into a window whose page is slowed on purpose. Main (this process) must not
 * queue batches for it: its heap stays flat, and the page is told exactly how many records it
 * missed (records received + skipped = every record the session produced).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../support/wait';
import { bootDesktopApp, type DesktopApp } from './desktop-app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let app: DesktopApp;
beforeAll(async () => {
  app = await bootDesktopApp();
}, 150_000);
afterAll(async () => {
  await app?.close();
});

interface PageCounts {
  received: number;
  skipped: number;
  lastSeq: number;
  batches: number;
}

it('a slow window gets coalesced batches with a skipped count while main heap stays flat', async () => {
  const { page, call, demoUrl } = app;
  // A second listener in the page, slow on purpose: 40 ms of work per batch.
  await page.evaluate(() => {
    const counts = { received: 0, skipped: 0, lastSeq: -1, batches: 0 };
    const w = globalThis as unknown as {
      bp: typeof counts;
      bpSession: string | null;
      streamscope: { sessions: { subscribe(fn: (b: unknown) => void): unknown } };
    };
    w.bp = counts;
    w.bpSession = null;
    w.streamscope.sessions.subscribe((b) => {
      const batch = b as {
        records: { sessionId: string; seq: number }[];
        skipped: { sessionId: string; count: number }[];
      };
      const until = performance.now() + 40;
      while (performance.now() < until);
      counts.batches += 1;
      for (const s of batch.skipped) if (s.sessionId === w.bpSession) counts.skipped += s.count;
      for (const r of batch.records)
        if (r.sessionId === w.bpSession) {
          counts.received += 1;
          counts.lastSeq = Math.max(counts.lastSeq, r.seq);
        }
    });
  });
  const opened = await call('sessions.open', {
    // The server ends the stream after 5 s; no reconnection, so the session then ends.
    request: { url: `${demoUrl}/scenarios/firehose?rate=0&count=1000000000&duration=5`, reconnect: false },
    capacity: 5000,
  });
  expect(opened.ok).toBe(true);
  const id = opened.value.id as string;
  await page.evaluate((sid) => ((globalThis as unknown as { bpSession: string }).bpSession = sid), id);

  const heap = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  await new Promise((r) => setTimeout(r, 1000)); // warm-up: ring buffer full, code paths hot
  const samples = [heap()];
  for (let s = 0; s < 4; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    samples.push(heap());
  }
  // Reads only the last record: a records() call carrying the whole buffer (5,000 records) takes
  // seconds through the double on a loaded machine.
  const produced = await until('the session to end', async () => {
    const list = await call('sessions.list');
    const info = (list.value as { id: string; readyState: number; buffered: number }[]).find((s) => s.id === id);
    if (info?.readyState !== 2) return null;
    const first = (await call('sessions.records', id, 0, 1)).value[0] as { seq: number };
    const last = (await call('sessions.records', id, first.seq + info.buffered - 1, 1)).value[0] as
      { seq: number; kind: string; readyState?: number } | undefined;
    return last && last.kind === 'state' && last.readyState === 2 ? last.seq + 1 : null;
  });
  const counts = await until('the page to get the last record', async () => {
    const c = await page.evaluate(() => (globalThis as unknown as { bp: PageCounts }).bp);
    return c.lastSeq + 1 === produced ? c : null;
  });
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  console.log(
    `firehose into a slow window: ${produced} records, ${counts.received} delivered in ${counts.batches} batches, ${counts.skipped} skipped; heap ${samples.map(mb).join(' → ')} MB`,
  );
  expect(counts.skipped).toBeGreaterThan(0);
  expect(counts.received + counts.skipped).toBe(produced);
  expect(samples.at(-1)!).toBeLessThanOrEqual(1.25 * samples[0]!);
}, 150_000);
