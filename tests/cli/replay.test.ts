import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportHar } from '../../src/core/recording/har';
import { createRecorder } from '../../src/core/recording/recorder';
import { startChunkServer, syntheticRecording } from '../core/recording/helpers';
import { runCli, ensureBuilt, firstLine, startCli, withoutTimes } from '../support/cli';
import { fixturePath } from '../support/fixtures';
import type { RecordingResume } from '../../src/shared/recording-format';
import { EventSource } from 'eventsource';
import { until } from '../support/wait';
import { tempDir } from '../support/temp';

const dir = tempDir('streamscope-cli-replay-');
beforeAll(ensureBuilt, 120_000);

const fixture = readFileSync(fixturePath('crlf-heartbeats.sse'));

async function writeRecording(
  name: string,
  chunks: Array<{ at: number; text: string }>,
  resume?: RecordingResume,
): Promise<string> {
  const path = join(dir, name);
  const recorder = createRecorder(path, {
    transport: 'sse',
    request: { url: 'http://x/' },
    ...(resume ? { resume } : {}),
  });
  for (const r of syntheticRecording(chunks).records) recorder.write(r);
  await recorder.close();
  return path;
}

describe('streamscope replay', () => {
  it('prints exactly what tail --json printed live (all but the timestamps), at speed 0', async () => {
    const parts = [fixture.subarray(0, 9), fixture.subarray(9, 70), fixture.subarray(70)];
    const origin = await startChunkServer(parts.map((data, i) => ({ delayMs: i === 0 ? 0 : 15, data })));
    const file = join(dir, 'live.ssrec');
    try {
      const live = await runCli(['tail', origin.url, '--json', '--no-reconnect']);
      const rec = await runCli(['record', origin.url, '-o', file, '--no-reconnect']);
      expect(live.code).toBe(0);
      expect(rec.code).toBe(0);
      const replay = await runCli(['replay', file, '--json', '--speed', '0']);
      expect(replay.code).toBe(0);
      expect(replay.stderr).toBe('');
      const printed = withoutTimes(replay.stdout);
      expect(printed.filter((l) => l.kind === 'event')).toHaveLength(2);
      expect(printed.some((l) => l.kind === 'retry')).toBe(true);
      // The origin's Date header is the only thing allowed to differ between the two runs.
      const noDate = (lines: Array<Record<string, unknown>>): Array<Record<string, unknown>> =>
        lines.map((l) =>
          l.kind === 'response' ? { ...l, headers: { ...(l.headers as Record<string, string>), date: '' } } : l,
        );
      expect(noDate(printed)).toEqual(noDate(withoutTimes(live.stdout)));
      // And the t values are the recorded ones, not the replay's clock.
      const recordedChunkTimes = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"kind":"chunk"'))
        .map((l) => JSON.parse(l).t as number);
      const withRaw = await runCli(['replay', file, '--json', '--raw', '--speed', '0']);
      const chunkLines = withRaw.stdout
        .split('\n')
        .filter((l) => l.includes('"kind":"chunk"'))
        .map((l) => JSON.parse(l) as { t: number; data: string });
      expect(chunkLines.map((c) => c.t)).toEqual(recordedChunkTimes);
      expect(Buffer.concat(chunkLines.map((c) => Buffer.from(c.data, 'base64'))).equals(fixture)).toBe(true);
    } finally {
      await origin.close();
    }
  });

  it(
    'keeps the recorded timing at speed 1, halves it at speed 2, and does not wait at speed 0',
    { retry: 2 },
    async () => {
      const file = await writeRecording('timed.ssrec', [
        { at: 0, text: 'data: a\n\n' },
        { at: 300, text: 'data: b\n\n' },
        { at: 600, text: 'data: c\n\n' },
      ]);
      // Gaps between event lines as they reach us: process start-up (slow and variable on a loaded
      // machine) does not count, only the replay's own waiting.
      const eventGaps = (speed: string): Promise<number[]> =>
        new Promise((resolve, reject) => {
          const child = startCli(['replay', file, '--json', '--speed', speed]);
          const times: number[] = [];
          let buffer = '';
          child.stdout.on('data', (b: Buffer) => {
            const at = performance.now();
            buffer += b.toString('utf8');
            let nl: number;
            while ((nl = buffer.indexOf('\n')) !== -1) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (line.includes('"kind":"event"')) times.push(at);
            }
          });
          child.on('error', reject);
          child.on('close', (code) => {
            if (code !== 0 || times.length !== 3)
              reject(new Error(`replay exited ${code} with ${times.length} events`));
            else resolve(times.slice(1).map((x, i) => x - times[i]!));
          });
        });
      for (const g of await eventGaps('1')) expect(Math.abs(g - 300)).toBeLessThan(60);
      for (const g of await eventGaps('2')) expect(Math.abs(g - 150)).toBeLessThan(60);
      for (const g of await eventGaps('0')) expect(g).toBeLessThan(60);
    },
  );

  it('prints human-readable records without --json', async () => {
    const file = await writeRecording('human.ssrec', [{ at: 0, text: 'event: greet\ndata: hello\n\n' }]);
    const run = await runCli(['replay', file, '--speed', '0']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/OPEN/);
    expect(run.stdout).toMatch(/greet\n {4}hello/);
  });

  it('replays HAR files and raw .sse bodies too', async () => {
    const har = join(dir, 'x.har');
    writeFileSync(har, JSON.stringify(exportHar(syntheticRecording([{ at: 0, text: 'data: from-har\n\n' }]))));
    const fromHar = await runCli(['replay', har, '--json', '--speed', '0']);
    expect(fromHar.code).toBe(0);
    expect(withoutTimes(fromHar.stdout).find((l) => l.kind === 'event')).toMatchObject({ data: 'from-har' });

    const raw = await runCli(['replay', fixturePath('openai-chat-completions.sse'), '--json', '--speed', '0']);
    expect(raw.code).toBe(0);
    expect(raw.stderr).toMatch(/warning: .*synthetic/);
    expect(
      withoutTimes(raw.stdout)
        .filter((l) => l.kind === 'event')
        .at(-1),
    ).toMatchObject({ data: '[DONE]' });
  });

  it('reports a malformed file in one line with its line number, exit 1', async () => {
    const file = await writeRecording('bad.ssrec', [{ at: 0, text: 'data: a\n\n' }]);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = '{"kind":"wat","t":1}';
    writeFileSync(file, lines.join('\n'));
    const run = await runCli(['replay', file, '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`streamscope: ${file}: line 4: unknown record kind "wat"\n`);

    const newer = join(dir, 'v9.ssrec');
    writeFileSync(newer, lines[0]!.replace('"version":1', '"version":9') + '\n');
    const refused = await runCli(['replay', newer]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 1: recording format version 9 is newer than this Streamscope reads/);

    const missing = await runCli(['replay', join(dir, 'nope.ssrec')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^streamscope: cannot read .*nope\.ssrec: ENOENT\n$/);
  });

  it('an empty file is said to be empty in one line, exit 1 as for any malformed file (replay, --serve, check)', async () => {
    const file = join(dir, 'empty.ssrec');
    writeFileSync(file, '');
    for (const args of [
      ['replay', file],
      ['replay', file, '--serve'],
      ['check', file],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`streamscope: ${file}: the file is empty (0 bytes)\n`);
    }
  });

  it('loads a truncated recording with a warning on stderr', async () => {
    const file = await writeRecording('cut.ssrec', [
      { at: 0, text: 'data: a\n\n' },
      { at: 5, text: 'data: b\n\n' },
    ]);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('"kind":"end"') - 20));
    const run = await runCli(['replay', file, '--json', '--speed', '0']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: line \d+: incomplete last line ignored/);
    expect(
      withoutTimes(run.stdout)
        .filter((l) => l.kind === 'event')
        .map((l) => l.data),
    ).toEqual(['a', 'b']);
    // The recording stopped while OPEN: the replay says it ended.
    expect(withoutTimes(run.stdout).at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'replay-ended' });
  });

  it('--serve on a chosen port, until SIGTERM', async () => {
    const file = await writeRecording('serve.ssrec', [{ at: 0, text: 'data: a\n\n' }]);
    // Find a free port by letting the OS pick, then ask for it explicitly.
    const probe = startCli(['replay', file, '--serve']);
    const probeUrl = (await firstLine(probe)).slice('listening '.length);
    probe.kill('SIGTERM');
    await new Promise((r) => probe.on('close', r));
    const port = new URL(probeUrl).port;

    const child = startCli(['replay', file, '--serve', '--port', port, '--speed', '0']);
    expect(await firstLine(child)).toBe(`listening http://127.0.0.1:${port}/`);
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(body).toBe('data: a\n\n');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(0);
  });

  it('a recording started mid-stream replays and serves with the last event ID and retry it began with', async () => {
    // Recorded after `retry: 150` and `id: 41` had gone by: the file holds only an id-less event.
    const file = await writeRecording('resumed.ssrec', [{ at: 0, text: 'data: a\n\n' }], {
      connection: 1,
      lastEventId: '41',
      retryMs: 150,
    });
    const run = await runCli(['replay', file, '--json', '--speed', '0']);
    expect(run.code).toBe(0);
    const printed = withoutTimes(run.stdout);
    expect(printed.filter((l) => l.kind === 'retry' || l.kind === 'event')).toMatchObject([
      { kind: 'retry', ms: 150 },
      { kind: 'event', data: 'a', id: null, lastEventId: '41' },
    ]);

    const child = startCli(['replay', file, '--serve', '--speed', '0']);
    const url = (await firstLine(child)).slice('listening '.length);
    const requests: Array<{ lastEventId: string | null; at: number }> = [];
    const messages: Array<{ data: string; lastEventId: string }> = [];
    const client = new EventSource(url, {
      fetch: (input, init) => {
        requests.push({ lastEventId: new Headers(init?.headers).get('last-event-id'), at: performance.now() });
        return fetch(input, init);
      },
    });
    client.onmessage = (m) => messages.push({ data: m.data as string, lastEventId: m.lastEventId });
    try {
      // The served body ends; the client comes back after the recorded retry, with the recorded ID.
      await until('the client to reconnect', () => requests.length >= 2);
      expect(messages[0]).toEqual({ data: 'a', lastEventId: '41' });
      expect(requests[1]?.lastEventId).toBe('41');
      // 150 ms, not EventSource's default 3 s.
      expect(requests[1]!.at - requests[0]!.at).toBeLessThan(2500);
    } finally {
      client.close();
      child.kill('SIGTERM');
      await new Promise((r) => child.on('close', r));
    }
  });

  it('usage errors exit 2 with one line', async () => {
    const file = await writeRecording('u.ssrec', []);
    for (const args of [
      ['replay'],
      ['replay', file, '--speed', 'fast'],
      ['replay', file, '--port', '80'],
      ['replay', file, '--serve', '--json'],
      ['replay', file, '--nope'],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});
