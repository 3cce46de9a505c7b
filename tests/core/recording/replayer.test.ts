import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSseConnection } from '../../../src/core/sse/connection';
import { createSequencedSink } from '../../../src/core/stream';
import { createRecorder } from '../../../src/core/recording/recorder';
import { readRecordingFile } from '../../../src/core/recording/reader';
import { createReplayer, deriveRecords } from '../../../src/core/recording/replayer';
import type { StreamRecord } from '../../../src/shared/records';
import { sleep, startChunkServer, syntheticRecording } from './helpers';
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

  it('keeps the recorded gaps at speed 1 (absolute schedule, small error)', { retry: 2 }, async () => {
    const arrivals: number[] = [];
    const { sink } = collect();
    const replayer = createReplayer(recording, (d) => {
      if (d.kind === 'chunk') arrivals.push(performance.now());
      return sink(d);
    });
    await replayer.done;
    const gaps = arrivals.slice(1).map((x, i) => x - arrivals[i]!);
    expect(gaps).toHaveLength(3);
    for (const g of gaps) expect(Math.abs(g - 60)).toBeLessThan(15);
  });

  it('schedules against absolute targets: small gap errors and no drift over 150 records', { retry: 2 }, async () => {
    // Irregular 5-7 ms gaps; accumulated setTimeouts would drift by ~1 ms per record.
    const chunks = Array.from({ length: 150 }, (_, i) => ({ at: i * 6 + (i % 3) - 1, text: 'data: x\n\n' }));
    const timed = syntheticRecording(chunks);
    const arrivals: number[] = [];
    await createReplayer(timed, (d) => {
      if (d.kind === 'chunk') arrivals.push(performance.now());
      return 0;
    }).done;
    const gapErrors = arrivals
      .slice(1)
      .map((a, i) => Math.abs(a - arrivals[i]! - (chunks[i + 1]!.at - chunks[i]!.at)))
      .sort((a, b) => a - b);
    expect(gapErrors[74]!).toBeLessThan(5);
    // Median ~0.1 ms and p99 ~1 ms on a quiet machine; a shared, loaded one gets generous room.
    expect(gapErrors[147]!).toBeLessThan(40);
    // No drift: the whole run takes the recorded time, not 150 timer latencies (150+ ms) more.
    const span = arrivals.at(-1)! - arrivals[0]!;
    expect(Math.abs(span - (chunks.at(-1)!.at - chunks[0]!.at))).toBeLessThan(40);
  });

  it(
    'plays twice as fast at speed 2 and without waiting at speed 0, keeping the original t',
    { retry: 2 },
    async () => {
      const fast = collect();
      let start = performance.now();
      await createReplayer(recording, fast.sink, { speed: 2 }).done;
      const twoX = performance.now() - start;
      // 181 ms recorded: 90.5 ms at 2x (speed 1 would take 181).
      expect(twoX).toBeGreaterThan(85);
      expect(twoX).toBeLessThan(160);

      const instant = collect();
      start = performance.now();
      await createReplayer(recording, instant.sink, { speed: 0 }).done;
      expect(performance.now() - start).toBeLessThan(40);
      expect(instant.records.filter((r) => r.kind === 'event').map((r) => r.kind === 'event' && r.data)).toEqual([
        'one',
        'two',
        'three',
      ]);
      expect(instant.records.map((r) => r.t)).toEqual(fast.records.map((r) => r.t));
      expect(instant.records.find((r) => r.kind === 'event')!.t).toBe(recording.records[3]!.t);
    },
  );

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
    for (let waited = 0; replayer.status().playing && waited < 3000; waited += 5) await sleep(5);
    // The second chunk is 60 ms after the first: play waited for it, then paused.
    expect(performance.now() - started).toBeGreaterThan(50);
    expect(chunkCount()).toBe(2);
    expect(records.at(-1)).toMatchObject({ kind: 'event', data: 'two' });
    expect(replayer.status()).toMatchObject({ playing: false, index: 5 });
    const paused = records.length;
    await sleep(150); // longer than the next gap: nothing may come while paused
    expect(records.length).toBe(paused);
    replayer.play();
    await replayer.done;
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
    await replayer.done;
    expect(events()).toEqual(['one', 'two', 'three']);

    // Forward to 7, back to 4 (the second chunk): "one" only, then "two" and "three" on play.
    const again = createReplayer(recording, sink, { autoplay: false, speed: 0, onRewind });
    again.seek({ index: 7 });
    again.seek({ index: 4 });
    expect(again.status().index).toBe(4);
    expect(events()).toEqual(['one']);
    again.play();
    await again.done;
    expect(events()).toEqual(['one', 'two', 'three']);
  });

  it('changes speed while playing', async () => {
    const long = syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: 1000, text: 'data: b\n\n' },
    ]);
    const { records, sink } = collect();
    const replayer = createReplayer(long, sink, { speed: 1 });
    await sleep(30);
    expect(records.some((r) => r.kind === 'event')).toBe(true);
    const switched = performance.now();
    replayer.setSpeed(0);
    await replayer.done;
    // At speed 1 the second event was still ~1 s away.
    expect(performance.now() - switched).toBeLessThan(300);
    expect(records.filter((r) => r.kind === 'event')).toHaveLength(2);
    expect(replayer.status().speed).toBe(0);
    expect(() => replayer.setSpeed(-1)).toThrow(/speed/);
  });

  it('ends a cut-off recording with a replay-ended state, and close() emits closed-by-user', async () => {
    const cut = { ...recording, records: recording.records.slice(0, 5) };
    const a = collect();
    const r1 = createReplayer(cut, a.sink, { speed: 0 });
    await r1.done;
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
