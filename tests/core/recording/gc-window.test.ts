import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  collectAll,
  collectIfIdle,
  MINOR_GC_FILL,
  MINOR_GC_MIN_IDLE_MS,
  youngGenerationFill,
} from '../../../src/core/recording/gc-window';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { startReplayServer } from '../../../src/core/recording/replay-server';
import { createWsReplayHandler } from '../../../src/core/recording/ws-replay';
import { createWsConnection } from '../../../src/core/ws/connection';
import { startWsServer } from '../../support/servers';
import { syntheticRecording } from './helpers';

interface GcEntry {
  start: number;
  kind: number;
  forced: boolean;
}

let observer: PerformanceObserver | null = null;
afterEach(() => {
  observer?.disconnect();
  observer = null;
});

/** Collections from now on, as the process's performance timeline reports them. */
function watchCollections(): GcEntry[] {
  const seen: GcEntry[] = [];
  observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { detail?: { kind: number; flags: number } }>) {
      const detail = e.detail ?? { kind: 0, flags: 0 };
      seen.push({
        start: e.startTime,
        kind: detail.kind,
        forced: (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0,
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return seen;
}

/** Short-lived garbage until the young generation is at least `share` full. */
function fillYoungGeneration(share: number): void {
  let keep: unknown = null;
  for (let i = 0; i < 1_000_000 && youngGenerationFill() < share; i++) keep = new Array(256).fill(i);
  expect(keep).not.toBeNull();
}

/** Lets PerformanceObserver deliver what it has queued. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * Runs a replay while this process allocates ~20–40 MB/s of garbage (an app's work): the young
 * generation fills every few hundred ms, and the replay must empty it after its writes. Checks
 * that the young-generation collections during the replay were the replay's (forced), at most a
 * stray one V8's own.
 */
async function underChurn<T>(replay: () => Promise<T>): Promise<T> {
  const churn = setInterval(() => {
    let keep: unknown = null;
    for (let i = 0; i < 100; i++) keep = new Array(256).fill(i);
    void keep;
  }, 5);
  try {
    const seen = watchCollections();
    const started = performance.now();
    const result = await replay();
    const ended = performance.now();
    await settle();
    const minor = seen.filter(
      (g) => g.kind === constants.NODE_PERFORMANCE_GC_MINOR && g.start > started && g.start < ended,
    );
    const forced = minor.filter((g) => g.forced);
    expect(forced.length).toBeGreaterThan(0);
    expect(minor.length - forced.length).toBeLessThanOrEqual(1);
    return result;
  } finally {
    clearInterval(churn);
  }
}

describe('gc-window: collections at the replay’s own moments', () => {
  it('collects everything on demand', async () => {
    const seen = watchCollections();
    expect(collectAll()).toBe(true);
    await settle();
    expect(seen.some((g) => g.kind === constants.NODE_PERFORMANCE_GC_MAJOR && g.forced)).toBe(true);
  });

  it('collects the young generation only when it is half full and the next write is far enough', () => {
    collectAll();
    expect(youngGenerationFill()).toBeLessThan(MINOR_GC_FILL);
    expect(collectIfIdle(1_000)).toBe(false);

    fillYoungGeneration(MINOR_GC_FILL + 0.1);
    expect(collectIfIdle(MINOR_GC_MIN_IDLE_MS - 1)).toBe(false);
    expect(youngGenerationFill()).toBeGreaterThanOrEqual(MINOR_GC_FILL);

    expect(collectIfIdle(MINOR_GC_MIN_IDLE_MS)).toBe(true);
    expect(youngGenerationFill()).toBeLessThan(MINOR_GC_FILL);
  });

  it('an SSE replay collects between writes, so V8 does not have to while a chunk is due', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => ({ at: i * 15, text: `data: ${i}\n\n` }));
    const server = await startReplayServer(syntheticRecording(chunks));
    try {
      const body = await underChurn(async () => (await fetch(server.url)).text());
      expect(body).toBe(chunks.map((c) => c.text).join(''));
    } finally {
      await server.close();
    }
  });

  it('so does a WebSocket replay, between frames', async () => {
    const live = await startWsServer((ws) => {
      let n = 0;
      const timer = setInterval(() => {
        ws.send(`frame ${n}`);
        if (++n === 40) {
          clearInterval(timer);
          ws.close(1000, 'done');
        }
      }, 15);
    });
    const dir = mkdtempSync(join(tmpdir(), 'gc-window-'));
    try {
      const path = join(dir, 'ws.ssrec');
      const request = { url: `${live.url}/feed` };
      const recorder = createRecorder(path, { transport: 'ws', request });
      const conn = createWsConnection({ request }, (draft) => {
        recorder.write(draft);
        return 0;
      });
      await conn.done;
      await recorder.close();
      const server = await startReplayServer(await readRecordingFile(path), { wsReplay: createWsReplayHandler });
      try {
        const frames = await underChurn(
          () =>
            new Promise<string[]>((resolve, reject) => {
              const got: string[] = [];
              const client = new WebSocket(server.url);
              client.on('message', (data) => got.push(String(data)));
              client.on('close', () => resolve(got));
              client.on('error', reject);
            }),
        );
        expect(frames).toEqual(Array.from({ length: 40 }, (_, n) => `frame ${n}`));
      } finally {
        await server.close();
      }
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
