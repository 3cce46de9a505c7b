import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createSequencedSink, withEventRuns } from '../../../src/core/stream';
import { createSession, type Session } from '../../../src/core/session/session';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { createReplayer, deriveRecords, type Replayer } from '../../../src/core/recording/replayer';
import type { RecordDraft, StreamRecord } from '../../../src/shared/records';
import { startChunkServer, syntheticRecording } from './helpers';
import { fixturePath } from '../../support/fixtures';
import { tempDir } from '../../support/temp';

const dir = tempDir('streamscope-replay-');

const fixture = readFileSync(fixturePath('crlf-heartbeats.sse'));

function collect(): { records: StreamRecord[]; sink: ReturnType<typeof createSequencedSink> } {
  const records: StreamRecord[] = [];
  return { records, sink: createSequencedSink('s', (r) => records.push(r)) };
}

describe('replay reproduces the live session', () => {
  it('emits the same records (events, comments, retry, states) with the same t as the live connection', async () => {
    // The fixture cut inside a CRLF and inside a line, at 0/20/40 ms.
    const a = fixture.subarray(0, 9);
    const b = fixture.subarray(9, 60);
    const c = fixture.subarray(60);
    const server = await startChunkServer([
      { delayMs: 0, data: a },
      { delayMs: 20, data: b },
      { delayMs: 20, data: c },
    ]);
    const path = join(dir, 'live.ssrec');
    const live = collect();
    const request = { url: server.url, reconnect: false };
    const recorder = createRecorder(path, { transport: 'sse', request });
    const conn = createSseConnection({ request }, (draft) => {
      recorder.write(draft);
      return live.sink(draft);
    });
    await conn.done;
    await recorder.close();
    await server.close();

    const recording = await readRecordingFile(path);
    const replayed = deriveRecords(recording, 's');
    expect(live.records.some((r) => r.kind === 'event')).toBe(true);
    expect(live.records.some((r) => r.kind === 'retry')).toBe(true);
    expect(live.records.some((r) => r.kind === 'comment')).toBe(true);
    // Byte arrays compare by content; everything else must be identical, seq and t included.
    expect(replayed).toEqual(live.records);
  });
});

describe('replay controls', () => {
  const recording = syntheticRecording([
    { at: 0, text: 'data: one\n\n' },
    { at: 60, text: 'data: two\n\n' },
    { at: 120, text: 'data: thr' },
    { at: 180, text: 'ee\n\n' },
  ]);

  // Pacing runs on vitest's fake clock (performance.now, setTimeout and setImmediate): the gaps are
  // exact whatever the machine's load, and late timers are played deliberately where that matters.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Lets the fake clock run until the replay is done; resolves to the fake ms that took. */
  async function playToEnd(replayer: Replayer): Promise<number> {
    const start = performance.now();
    await vi.runAllTimersAsync();
    await replayer.done;
    return performance.now() - start;
  }

  it('keeps the recorded gaps at speed 1', async () => {
    const arrivals: number[] = [];
    const { sink } = collect();
    const replayer = createReplayer(recording, (d) => {
      if (d.kind === 'chunk') arrivals.push(performance.now());
      return sink(d);
    });
    // The last chunk is 181 ms after the first record.
    expect(await playToEnd(replayer)).toBe(181);
    expect(arrivals.slice(1).map((x, i) => x - arrivals[i]!)).toEqual([60, 60, 60]);
  });

  it('schedules against absolute targets: a late timer delays the records then due, never the ones after', async () => {
    // setTimeout fires 0-12 ms late, as on a loaded machine; the gaps are 5-7 ms. Waits measured
    // from the previous record would add every lateness up (~750 ms over 150 records).
    const LATE_MS = [0, 7, 2, 12, 5];
    const onTime = globalThis.setTimeout;
    let calls = 0;
    globalThis.setTimeout = ((callback: () => void, ms = 0) =>
      onTime(callback, ms + LATE_MS[calls++ % LATE_MS.length]!)) as unknown as typeof setTimeout;
    try {
      const chunks = Array.from({ length: 150 }, (_, i) => ({ at: i * 6 + (i % 3) - 1, text: 'data: x\n\n' }));
      const arrivals: number[] = [];
      const start = performance.now();
      const replayer = createReplayer(syntheticRecording(chunks), (d) => {
        if (d.kind === 'chunk') arrivals.push(performance.now());
        return 0;
      });
      await playToEnd(replayer);
      expect(calls).toBeGreaterThan(50);
      // Chunk i is due 1 + at ms after the first record (the fake clock starts the play at once).
      const lateness = arrivals.map((a, i) => a - (start + 1 + chunks[i]!.at));
      expect(lateness).toHaveLength(150);
      expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...lateness)).toBeLessThanOrEqual(Math.max(...LATE_MS) + 1);
    } finally {
      globalThis.setTimeout = onTime;
    }
  });

  it('plays twice as fast at speed 2 and without waiting at speed 0, keeping the original t', async () => {
    const fast = collect();
    // 181 ms recorded: 90.5 ms at 2x.
    const twoX = await playToEnd(createReplayer(recording, fast.sink, { speed: 2 }));
    expect(twoX).toBeGreaterThanOrEqual(90.5);
    expect(twoX).toBeLessThanOrEqual(91.5);

    const instant = collect();
    expect(await playToEnd(createReplayer(recording, instant.sink, { speed: 0 }))).toBeLessThanOrEqual(1);
    expect(instant.records.filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.data)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(instant.records.map((r) => r.t)).toEqual(fast.records.map((r) => r.t));
    expect(instant.records.find((r) => r.kind === 'event')!.t).toBe(recording.records[3]!.t);
  });

  it('pauses, resumes, steps one record at a time and reports its status', async () => {
    const { records, sink } = collect();
    const chunkCount = (): number => records.filter((r) => r.kind === 'chunk').length;
    // Pauses from inside the sink as the second chunk goes out (as a UI's pause button could).
    const replayer = createReplayer(
      recording,
      (d) => {
        const seq = sink(d);
        if (d.kind === 'chunk' && chunkCount() === 2) replayer.pause();
        return seq;
      },
      { autoplay: false },
    );
    expect(replayer.status()).toMatchObject({ playing: false, index: 0, total: 8, durationMs: 181, speed: 1 });
    expect(replayer.step()).toBe(true);
    expect(records.map((r) => r.kind)).toEqual(['state']);
    replayer.step();
    replayer.step();
    replayer.step(); // first chunk: chunk + event
    expect(records.map((r) => r.kind)).toEqual(['state', 'response', 'state', 'chunk', 'event']);
    expect(replayer.status()).toMatchObject({ index: 4, positionMs: 1, playing: false });

    const started = performance.now();
    replayer.play();
    // Nothing left to run once it paused itself: no timer keeps a paused replay going.
    await vi.runAllTimersAsync();
    // The second chunk is 60 ms after the first: play waited for it, then paused.
    expect(performance.now() - started).toBe(60);
    expect(chunkCount()).toBe(2);
    expect(records.at(-1)).toMatchObject({ kind: 'event', data: 'two' });
    expect(replayer.status()).toMatchObject({ playing: false, index: 5, positionMs: 61 });
    const paused = records.length;
    await vi.advanceTimersByTimeAsync(150); // longer than the next gap: nothing may come while paused
    expect(records.length).toBe(paused);
    replayer.play();
    // Resumed where it paused: the rest (120 ms of recording) takes 120 ms.
    expect(await playToEnd(replayer)).toBe(120);
    expect(records.filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.data)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(replayer.status()).toMatchObject({ index: 8, playing: false, positionMs: 181 });
  });

  it('seeks to a time and to a record index by rebuilding from the first record', async () => {
    const { records, sink } = collect();
    let rewinds = 0;
    const onRewind = () => {
      rewinds++;
      records.length = 0;
    };
    const replayer = createReplayer(recording, sink, { autoplay: false, speed: 0, onRewind });
    // 150 ms: after "data: thr" (121 ms), whose partial line waits in the decoder; next is "ee\n\n".
    replayer.seek({ ms: 150 });
    expect(replayer.status()).toMatchObject({ index: 6, positionMs: 150 });
    expect(rewinds).toBe(1);
    // Exactly what a play to the target emits: the head, then "one" and "two".
    const events = () => records.filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.data);
    expect(events()).toEqual(['one', 'two']);
    expect(records.filter((r) => r.kind === 'state').at(-1)).toMatchObject({ readyState: 1, reason: 'open' });
    replayer.play();
    await playToEnd(replayer);
    expect(events()).toEqual(['one', 'two', 'three']);

    // Forward to 7, back to 4 (the second chunk): "one" only, then "two" and "three" on play.
    const again = createReplayer(recording, sink, { autoplay: false, speed: 0, onRewind });
    again.seek({ index: 7 });
    again.seek({ index: 4 });
    expect(again.status().index).toBe(4);
    expect(events()).toEqual(['one']);
    again.play();
    await playToEnd(again);
    expect(events()).toEqual(['one', 'two', 'three']);
  });

  it('changes speed while playing', async () => {
    const long = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 1000, text: 'data: b\n\n' },
    ]);
    const { records, sink } = collect();
    const replayer = createReplayer(long, sink, { speed: 1 });
    await vi.advanceTimersByTimeAsync(30);
    expect(records.filter((r) => r.kind === 'event')).toHaveLength(1);
    replayer.setSpeed(0);
    // At speed 1 the second event was still 971 ms away.
    expect(await playToEnd(replayer)).toBeLessThanOrEqual(1);
    expect(records.filter((r) => r.kind === 'event')).toHaveLength(2);
    expect(replayer.status().speed).toBe(0);
    expect(() => replayer.setSpeed(-1)).toThrow(/speed/);
  });

  it('ends a cut-off recording with a replay-ended state, and close() emits closed-by-user', async () => {
    const cut = { ...recording, records: recording.records.slice(0, 5) };
    const a = collect();
    const r1 = createReplayer(cut, a.sink, { speed: 0 });
    await playToEnd(r1);
    expect(a.records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'replay-ended' });
    expect(r1.readyState).toBe(2);

    const b = collect();
    const r2 = createReplayer(recording, b.sink, { autoplay: false });
    r2.step();
    r2.close();
    r2.close();
    await r2.done;
    expect(b.records.map((r) => r.kind === 'state' && r.reason)).toEqual(['connecting', 'closed-by-user']);
  });
});

describe('a replay into a session', () => {
  /** A firehose recording: reads of many common-shape events, one cut inside an event. */
  function firehose(): ReturnType<typeof syntheticRecording> {
    const blocks = Array.from({ length: 600 }, (_, n) => `id: ${n}\ndata: {"n":${n},"sentAt":1700000000000}\n\n`);
    const text = blocks.join('');
    const chunks: Array<{ at: number; text: string }> = [];
    for (let at = 0, i = 0; at < text.length; i++) {
      const next = Math.min(text.length, at + 997 + i * 31);
      chunks.push({ at: i * 2, text: text.slice(at, next) });
      at = next;
    }
    return syntheticRecording(chunks);
  }

  function newSession(): Session {
    return createSession({
      id: 'r',
      transport: 'sse',
      source: 'replay',
      title: 'r',
      request: { url: 'http://x/' },
      now: () => 0,
    });
  }

  it('takes its events in runs, as a live session does, and ends up as one fed record by record', () => {
    const runs = newSession();
    const oneByOne = newSession();
    let taken = 0;
    const counting = withEventRuns(
      (draft) => runs.sink(draft),
      (run) => {
        const ok = runs.sink.takeEvents!(run);
        if (ok) taken += run.count;
        return ok;
      },
    );
    for (const [sink, session] of [
      [counting, runs],
      [(draft: RecordDraft) => oneByOne.sink(draft), oneByOne],
    ] as const) {
      const replayer = createReplayer(firehose(), sink, { autoplay: false, speed: 0 });
      replayer.seek({ index: Number.MAX_SAFE_INTEGER });
      expect(session.stats.snapshot(0).events).toBe(600);
    }
    expect(taken).toBeGreaterThan(500);
    expect(JSON.stringify(runs.ring.slice(0, 10_000))).toBe(JSON.stringify(oneByOne.ring.slice(0, 10_000)));
    expect(runs.stats.snapshot(0)).toEqual(oneByOne.stats.snapshot(0));
    expect(runs.resumePoint('now')).toEqual(oneByOne.resumePoint('now'));
  });
});
