/**
 * Recorded gaps beyond what setTimeout can wait (2^31-1 ms): a gap of 1e12 ms (or a HAR's
 * `timings.receive=1e12`) used to make Node print TimeoutOverflowWarning ~1000 times a second,
 * forever. Waits are clamped, the gap is shortened to 2^31-1 ms, and the recording says so.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAnyRecording } from '../../../src/core/recording/load-any';
import { MAX_WAIT_MS, scheduleAt } from '../../../src/core/recording/precise-timer';
import { createRecorder } from '../../../src/core/recording/recorder';
import { parseRecordingText } from '../../../src/core/recording/reader';
import { servedConnections } from '../../../src/core/recording/replay-server';
import { createReplayer } from '../../../src/core/recording/replayer';
import { recordingToText } from '../../../src/core/recording/codec';
import { runCli, ensureBuilt } from '../../support/cli';
import { syntheticRecording } from './helpers';
import { tempDir } from '../../support/temp';

const GAP = 1e12;
const dir = tempDir('streamscope-long-gaps-');
beforeAll(ensureBuilt, 120_000);

const warned = /recorded gaps longer than 2147483647 ms \(24\.8 days\) are shortened to that when replayed/;

describe('recorded gaps longer than setTimeout can wait', () => {
  it('scheduleAt waits far targets without a TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    let fired = false;
    const cancel = scheduleAt(performance.now() + GAP, () => (fired = true));
    await new Promise((r) => setTimeout(r, 100));
    cancel();
    process.off('warning', onWarning);
    expect(fired).toBe(false);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });

  it('a recording shortens the gap for pacing, keeps the recorded times, and warns', () => {
    const text = recordingToText(
      syntheticRecording([
        { at: 0, text: 'data: a\n\n' },
        { at: GAP, text: 'data: b\n\n' },
      ]),
    );
    const recording = parseRecordingText(text);
    expect(recording.warnings.some((w) => warned.test(w))).toBe(true);
    const replayer = createReplayer(recording, () => 0, { autoplay: false });
    expect(replayer.status().durationMs).toBeLessThan(MAX_WAIT_MS + 1000);
    expect(replayer.status().durationMs).toBeGreaterThanOrEqual(MAX_WAIT_MS);
    replayer.close();
    const [served] = servedConnections(recording.records);
    expect(served!.chunks.map((c) => c.at)).toEqual([0, MAX_WAIT_MS]);
    expect(recording.records.filter((r) => r.kind === 'chunk')[1]!.t).toBe(1_700_000_000_001 + GAP);
  });

  it('a HAR with timings.receive=1e12 warns too', () => {
    const har = {
      log: {
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00.000Z',
            request: { method: 'GET', url: 'http://127.0.0.1:1/sse' },
            response: {
              status: 200,
              headers: [{ name: 'Content-Type', value: 'text/event-stream' }],
              content: { mimeType: 'text/event-stream', text: 'data: a\n\ndata: b\n\n' },
            },
            timings: { receive: GAP },
          },
        ],
      },
    };
    expect(loadAnyRecording('x.har', JSON.stringify(har)).warnings.some((w) => warned.test(w))).toBe(true);
  });

  it('streamscope replay waits without a TimeoutOverflowWarning and stops on SIGINT', async () => {
    const file = join(dir, 'gap.ssrec');
    const recorder = createRecorder(file, { transport: 'sse', request: { url: 'http://x/' } });
    for (const r of syntheticRecording([
      { at: 0, text: 'data: a\n\n' },
      { at: GAP, text: 'data: b\n\n' },
    ]).records)
      recorder.write(r);
    await recorder.close();
    const run = await runCli(['replay', file], {
      // Once the first event is out the replay is in the long wait: watch it for a moment, then stop it.
      whileRunning: (child, stdout) => {
        const poll = setInterval(() => {
          if (!stdout().includes('OPEN')) return;
          clearInterval(poll);
          setTimeout(() => child.kill('SIGINT'), 300);
        }, 20);
      },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('OPEN');
    expect(run.stderr).not.toContain('TimeoutOverflowWarning');
    expect(run.stderr).toMatch(warned);
  });
});
