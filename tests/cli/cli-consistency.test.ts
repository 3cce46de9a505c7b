/**
 * The same input gets the same answer from every command: unreadable input is exit 1 with one
 * line (replay and check alike), a cut-off recording is said to be cut off, and the messages say
 * what is wrong once, in plain words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChunkServer } from '../core/recording/helpers';
import { runCli, ensureBuilt } from '../support/cli';

/** Generous: these runs assert outputs and exit codes, not speed, on a loaded machine. */
const cli = (args: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { timeoutMs: 45_000, ...options });

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-consistency-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_735_689_600_000;
/** A recording whose recorder died mid-stream: no closing state, no end line. */
const CUT_OFF = [
  '{"format":"streamscope-recording","version":1,"app":"0.1.0","created":"2025-01-01T00:00:00.000Z","transport":"sse","request":{"url":"http://127.0.0.1:8080/sse"},"redacted":true}',
  `{"kind":"state","t":${T0},"connection":1,"readyState":0,"reason":"connecting","message":"connecting"}`,
  `{"kind":"response","t":${T0 + 3},"connection":1,"status":200,"statusText":"OK","headers":{"content-type":"text/event-stream","cache-control":"no-cache"},"url":"http://127.0.0.1:8080/sse","redirected":false,"requestSentAt":${T0}}`,
  `{"kind":"state","t":${T0 + 3},"connection":1,"readyState":1,"reason":"open","message":"HTTP 200"}`,
  `{"kind":"chunk","t":${T0 + 4},"connection":1,"data":"${Buffer.from('data: hello\n\n').toString('base64')}"}`,
  `{"kind":"chunk","t":${T0 + 900},"connection":1,"data":"${Buffer.from('data: again\n\n').toString('base64')}"}`,
  '',
].join('\n');

describe('the same bad input, the same exit code', () => {
  it('a random binary file: exit 1 and the same one line from replay and check', async () => {
    const file = join(dir, 'noise.bin');
    writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    const [replay, check] = await Promise.all([cli(['replay', file]), cli(['check', file, '-e', 'count() > 0'])]);
    for (const r of [replay, check]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^streamscope: [^\n]*noise\.bin: not a recording, a HAR file or an SSE body[^\n]*\n$/);
    }
    expect(check.stderr).toBe(replay.stderr);
  }, 90_000);

  it('a bad --port: exit 2 and the same one line from every command that listens', async () => {
    const file = join(dir, 'port.sse');
    writeFileSync(file, 'data: hi\n\n');
    const runs = await Promise.all([
      cli(['demo', '--port', '70000']),
      cli(['ui', '--port', '-1']),
      cli(['proxy', 'http://127.0.0.1:9/', '--port', '1.5']),
      cli(['replay', file, '--serve', '--port', '70000']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^streamscope: --port expects an integer between 0 and 65535, got "(70000|-1|1\.5)"\n$/);
    }
  }, 90_000);

  it('a taken --port: exit 2 and the same one line from every command that listens', async () => {
    const file = join(dir, 'taken.sse');
    writeFileSync(file, 'data: hi\n\n');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      const runs = await Promise.all([
        cli(['demo', '--port', port]),
        cli(['ui', '--port', port]),
        cli(['proxy', 'http://127.0.0.1:9/', '--port', port]),
        cli(['replay', file, '--serve', '--port', port]),
      ]);
      for (const r of runs) {
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`streamscope: port ${port} on 127.0.0.1 is already in use\n`);
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 90_000);

  it('a missing file: exit 1 for replay and check alike', async () => {
    const file = join(dir, 'absent.ssrec');
    const [replay, check] = await Promise.all([cli(['replay', file]), cli(['check', file, '-e', 'count() > 0'])]);
    for (const r of [replay, check]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`streamscope: cannot read ${file}: ENOENT\n`);
    }
  }, 90_000);

  it('check on a cut-off recording warns as replay does and says the recording was cut off', async () => {
    const file = join(dir, 'cut.ssrec');
    writeFileSync(file, CUT_OFF);
    const [replay, text, json] = await Promise.all([
      cli(['replay', file, '--speed', '0']),
      cli(['check', file, '-e', 'count() >= 1', '-e', 'no-diagnostics>=error']),
      cli(['check', file, '--json', '-e', 'no-diagnostics>=error']),
    ]);
    expect(replay.stderr).toMatch(/^streamscope: warning: the recording has no end line: it was cut off/);
    expect(text.stderr).toBe(replay.stderr);
    expect(json.stderr).toBe(replay.stderr);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('2 events in 900 ms (recording cut off: the stream was still open when it stopped)');
    expect(text.stdout).not.toContain('stream ended');
    const report = JSON.parse(json.stdout) as { endedBy: string; durationMs: number };
    expect(report).toMatchObject({ endedBy: 'recording-cut-off', durationMs: 900 });
  }, 90_000);
});

describe('messages', () => {
  it('replay --speed -1 says what a speed must be (exit 2), as does any negative number', async () => {
    const [speed, timeout, ...zero] = await Promise.all([
      cli(['replay', join(dir, 'any.ssrec'), '--speed', '-1']),
      cli(['tail', 'http://127.0.0.1:9/', '--timeout', '-5']),
      // 0 is refused alike by every command that takes a timeout (tail took it and ended at once).
      cli(['tail', 'http://127.0.0.1:9/', '--timeout', '0']),
      cli(['record', 'http://127.0.0.1:9/', '-o', join(dir, 'zero.ssrec'), '--timeout', '0']),
      cli(['check', 'http://127.0.0.1:9/', '-e', 'count()>0', '--timeout', '0']),
    ]);
    for (const r of zero) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('streamscope: --timeout expects a number of seconds > 0, got "0"\n');
    }
    expect(speed.code).toBe(2);
    expect(speed.stderr).toBe(
      'streamscope: --speed expects a number >= 0 (1 = the recorded timing, 2 = twice as fast, 0 = no waiting), got "-1"\n',
    );
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toBe('streamscope: --timeout expects a number of seconds > 0, got "-5"\n');
  }, 90_000);

  it('`help <command>` prints what `<command> --help` prints', async () => {
    const [help, own] = await Promise.all([cli(['help', 'tail']), cli(['tail', '--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: streamscope tail /);
    expect(help.stdout).toBe(own.stdout);
  }, 90_000);

  it('a refused WebSocket says "connection failed" once', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await cli(['tail', `ws://127.0.0.1:${port}/`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`streamscope: connection failed: connect ECONNREFUSED 127.0.0.1:${port}\n`);
  }, 90_000);

  it('counts are in the singular for one: "1 of 1 assertion holds", "recorded 1 event (1 chunk, …)"', async () => {
    const origin = await startChunkServer([{ delayMs: 0, data: 'data: only\n\n' }]);
    try {
      const file = join(dir, 'one.ssrec');
      const rec = await cli(['record', origin.url, '--no-reconnect', '-o', file]);
      expect(rec.stderr).toMatch(/^recorded 1 event \(1 chunk, 12 B\) in \d+\.\d s to .*one\.ssrec\n$/);
      const check = await cli(['check', file, '-e', 'count() = 1']);
      expect(check.stdout).toContain('PASS: 1 of 1 assertion holds');
      expect(check.stdout).toContain('  1 event in ');
    } finally {
      await origin.close();
    }
  }, 90_000);
});
