/**
 * Row 12's upstream: the demo server (its firehose) and the paced server, in a process of their
 * own (out/bench/upstream-child.mjs, entry bench/upstream-child.ts), serving every column of the
 * row. A user's app and the server it streams from are never one process; with both in the bench
 * process, "direct" would hand each chunk from server to client inside one event loop, without
 * the process wake-up every real connection (and so every column) pays.
 */
import { startDemoServer } from '../../src/core/demo/server';
import { canSpawnBenchChildren, serveUntilStdinEnds, spawnBenchChild } from './bench-child';
import { monotonicMs } from './measure';
import { startPacedServer } from './paced-server';

export interface BenchUpstream {
  /** The demo server: `/scenarios/firehose`. */
  readonly demoUrl: string;
  /** The paced server: one event every 1 ms, stamped with monotonicMs (a clock every process shares). */
  readonly pacedUrl: string;
  close(): Promise<void>;
}

async function startUpstreamServers(pacedEvents: number): Promise<BenchUpstream> {
  const demo = await startDemoServer({ port: 0 });
  const paced = await startPacedServer({ count: pacedEvents, intervalMs: 1, clock: monotonicMs });
  return {
    demoUrl: demo.url,
    pacedUrl: paced.url,
    close: async () => {
      await paced.close();
      await demo.close();
    },
  };
}

/** The child's side: serve until stdin closes. */
export async function runUpstreamChild(pacedEvents: number): Promise<void> {
  const upstream = await startUpstreamServers(pacedEvents);
  serveUntilStdinEnds(`${upstream.demoUrl} ${upstream.pacedUrl}`, () => upstream.close().then(() => 'closed'));
}

/**
 * The upstream in a process of its own; in the bench process for the smoke run in `npm test`
 * (which is not the bench bundle and cannot start its entries).
 */
export async function startBenchUpstream(pacedEvents: number): Promise<BenchUpstream> {
  if (!canSpawnBenchChildren()) return startUpstreamServers(pacedEvents);
  const child = await spawnBenchChild('upstream-child', [String(pacedEvents)]);
  const [demoUrl, pacedUrl] = child.ready.split(' ') as [string, string];
  return { demoUrl, pacedUrl, close: () => child.close().then(() => undefined) };
}
