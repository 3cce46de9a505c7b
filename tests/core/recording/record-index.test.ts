/**
 * The app's replay tab reads a recording file block by block as it plays (record-index.ts): it must
 * see exactly what the whole recording in memory gives (records, pacing, seeking by time), and a
 * large file must not end up in memory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingToText } from '../../../src/core/recording/codec';
import { fileIndex, memoryIndex } from '../../../src/core/recording/record-index';
import { createReplayer } from '../../../src/core/recording/replayer';
import { parseRecordingText } from '../../../src/core/recording/reader';
import { MAX_WAIT_MS } from '../../../src/core/recording/precise-timer';
import type { RecordDraft } from '../../../src/shared/records';
import { syntheticRecording } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'streamscope-record-index-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 10,000 events over several blocks, one gap longer than a timer can wait, one out-of-order time. */
function manyChunks(): Array<{ at: number; text: string }> {
  const chunks: Array<{ at: number; text: string }> = [];
  let at = 0;
  for (let i = 0; i < 10_000; i++) {
    at += i === 4_500 ? MAX_WAIT_MS * 2 : i === 6_789 ? -5 : 1.5;
    chunks.push({ at, text: `id: ${i}\ndata: ${'x'.repeat(i % 300)}\n\n` });
  }
  return chunks;
}

/**
 * Chunk bytes as base64 text: toEqual walks a Uint8Array element by element (seconds for 10,000
 * chunks on a loaded machine), while equal text means the same bytes and compares at once.
 */
function comparable<T>(records: readonly T[]): unknown[] {
  return records.map((r) =>
    r !== null && typeof r === 'object' && 'bytes' in r && r.bytes instanceof Uint8Array
      ? { ...r, bytes: Buffer.from(r.bytes).toString('base64') }
      : r,
  );
}

describe('a recording file indexed for replay', () => {
  it('gives the same records, offsets and time seeks as the recording in memory', { timeout: 60_000 }, async () => {
    const text = recordingToText(syntheticRecording(manyChunks()));
    const path = join(dir, 'many.ssrec');
    writeFileSync(path, text);
    const memory = memoryIndex(parseRecordingText(text));
    const file = await fileIndex(path);
    expect(file.total).toBe(memory.total);
    expect(file.durationMs).toBe(memory.durationMs);
    expect(file.warnings).toEqual(memory.warnings);
    // In order, then backwards (blocks read again).
    const forward = [...Array(memory.total).keys()];
    const backward = forward.filter((i) => i % 97 === 0).reverse();
    for (const order of [forward, backward]) {
      expect(order.map((i) => file.offset(i))).toEqual(order.map((i) => memory.offset(i)));
      expect(comparable(order.map((i) => file.record(i)))).toEqual(comparable(order.map((i) => memory.record(i))));
    }
    for (const ms of [
      -1,
      0,
      1,
      2,
      1500,
      13_000,
      memory.offset(9_004),
      memory.offset(9_004) + 1,
      memory.durationMs,
      memory.durationMs + 1,
    ]) {
      expect(file.indexAt(ms), `indexAt(${ms})`).toBe(memory.indexAt(ms));
    }
  });

  it('replays through the same pipeline to the same records, seeks included', { timeout: 60_000 }, async () => {
    const recording = syntheticRecording(manyChunks().slice(0, 5_000));
    const path = join(dir, 'replay.ssrec');
    writeFileSync(path, recordingToText(recording));
    const play = (source: Parameters<typeof createReplayer>[0]): RecordDraft[] => {
      const out: RecordDraft[] = [];
      const replayer = createReplayer(source, (r) => out.push(r), { autoplay: false, speed: 0 });
      replayer.seek({ index: 4_500 });
      replayer.seek({ ms: 1_000 });
      while (replayer.step());
      replayer.close();
      return out;
    };
    const fromFile = play(await fileIndex(path));
    const fromMemory = play(recording);
    expect(fromFile.length).toBeGreaterThan(5_000);
    expect(comparable(fromFile)).toEqual(comparable(fromMemory));
  });

  it('keeps one block in memory, not the file', async () => {
    // ~48 MB of recording: held whole, its records alone would take several hundred MB of heap.
    const path = join(dir, 'big.ssrec');
    const event = `data: ${'y'.repeat(4000)}\n\n`;
    const chunks = Array.from({ length: 12_000 }, (_, i) => ({ at: i, text: event }));
    writeFileSync(path, recordingToText(syntheticRecording(chunks)));
    const before = process.memoryUsage().heapUsed;
    const index = await fileIndex(path);
    let peak = 0;
    let bytes = 0;
    const replayer = createReplayer(
      index,
      (r) => {
        if (r.kind === 'event') bytes += r.data.length;
        return 0;
      },
      { autoplay: false, speed: 0 },
    );
    for (let i = 0; replayer.step(); i++) {
      if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    replayer.close();
    expect(bytes).toBe(12_000 * 4000);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
