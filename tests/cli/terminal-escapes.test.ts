/**
 * What a server sends never reaches the terminal as control characters: tail, replay and check
 * show them escaped in text output, and NDJSON carries them only as JSON escapes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChunkServer, type ChunkServer } from '../core/recording/helpers';
import { runCli, ensureBuilt } from '../support/cli';

const cli = (args: string[]) => runCli(args, { timeoutMs: 45_000 });

/** Raw controls a terminal would act on (tab and newline excepted). */
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const TYPE = 'gnp\u202eexe';
const DATA = '{"msg":"\u001b]0;owned\u0007\u001b[2K\u009b1Aall events verified OK\u2066"}';

let origin: ChunkServer;
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-escapes-'));
  origin = await startChunkServer(
    [
      { delayMs: 0, data: `event: ${TYPE}\ndata: ${DATA}\nid: \u001b[31m7\n\n` },
      // Valid JSON whose value holds the controls: what check's json() observes.
      { delayMs: 0, data: `data: ${JSON.stringify({ msg: '\u001b]0;owned\u0007verified\u009b2J' })}\n\n` },
    ],
    {
      headers: { 'x-note': 'fine' },
    },
  );
}, 120_000);
afterAll(async () => {
  await origin.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('terminal escapes', () => {
  it('tail, replay and check text output show the controls escaped; NDJSON escapes them and keeps the values', async () => {
    const file = join(dir, 'hostile.ssrec');
    const [text, json, rec] = await Promise.all([
      cli(['tail', origin.url, '--no-reconnect']),
      cli(['tail', origin.url, '--no-reconnect', '--json']),
      cli(['record', origin.url, '--no-reconnect', '-o', file]),
    ]);
    expect(rec.code).toBe(0);
    const [replayText, replayJson, check] = await Promise.all([
      cli(['replay', file, '--speed', '0']),
      cli(['replay', file, '--speed', '0', '--json']),
      cli(['check', file, '-e', 'json(msg)~verified', '-e', `event=nope`]),
    ]);
    for (const r of [text, replayText, check]) {
      expect(r.stdout).not.toMatch(RAW_CONTROLS);
      expect(r.stderr).not.toMatch(RAW_CONTROLS);
    }
    expect(text.stdout).toContain('gnp\\u202eexe id=\\x1b[31m7');
    expect(text.stdout).toContain('\\x1b]0;owned\\x07\\x1b[2K\\x9b1Aall events verified OK\\u2066');
    expect(replayText.stdout).toContain('gnp\\u202eexe');
    expect(check.stdout).toContain('observed: \\x1b]0;owned\\x07verified\\x9b2J');
    for (const r of [json, replayJson]) {
      expect(r.stdout).not.toMatch(RAW_CONTROLS);
      const event = r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { kind: string; type?: string; data?: string; id?: string })
        .find((l) => l.kind === 'event');
      expect(event).toMatchObject({ type: TYPE, data: DATA, id: '\u001b[31m7' });
    }
  }, 120_000);
});
