/**
 * `streamscope check` as a black box: every assertion form against the demo server's scenarios
 * (live, including the LLM-style POST streams) and against recordings, exit codes 0/1/2, the
 * readable report and --json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { runCli, ensureBuilt } from '../support/cli';

let demo: DemoServer;
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  demo = await startDemoServer();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-check-'));
}, 120_000);
afterAll(async () => {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

const check = (args: string[], timeoutMs = 15_000) => runCli(['check', ...args], { timeoutMs });

interface JsonReport {
  ok: boolean;
  endedBy: string;
  events: number;
  assertions: Array<{ spec: string; ok: boolean; observed: string }>;
  diagnostics: Array<{ severity: string; rule: string; message: string; refs: number[]; link: string }>;
  errors: string[];
}

/** `check <args> --json`; `report` reads stdout as the JSON report (when asked, so a test can check the exit code first). */
async function checkJson(args: string[]) {
  const r = await check([...args, '--json']);
  return {
    ...r,
    get report(): JsonReport {
      return JSON.parse(r.stdout) as JsonReport;
    },
  };
}

describe('streamscope check on live streams', () => {
  it("an OpenAI-style POST stream passes the issue's assertions (exit 0, ✓ per assertion)", async () => {
    const r = await check([
      `${demo.url}/scenarios/openai-chat?delay=10`,
      '-d',
      '{"model":"demo","stream":true}',
      '-H',
      'Content-Type: application/json',
      '--expect',
      'json(choices[0].finish_reason)=stop',
      '--expect',
      'count() >= 5',
      '--expect',
      'event(data=[DONE]) within 10s',
      '--expect',
      'first-event < 5s',
      '--expect',
      'no-diagnostics>=warning',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ json(choices[0].finish_reason)=stop');
    expect(r.stdout).toMatch(/✓ event\(data=\[DONE\]\) within 10s\s+observed: seen at \d/);
    expect(r.stdout).toContain('PASS: 5 of 5 assertions hold');
  });

  it('an Anthropic-style stream: event=message_stop within 10s and count(type=content_block_delta) >= 1', async () => {
    const r = await checkJson([
      `${demo.url}/scenarios/anthropic-messages?delay=5`,
      '-X',
      'POST',
      '-e',
      'event=message_stop within 10s',
      '-e',
      'count(type=content_block_delta) >= 1',
      '-e',
      'json(delta.stop_reason)=end_turn',
      '-e',
      'status=200',
    ]);
    expect(r.code).toBe(0);
    const report = r.report;
    expect(report.ok).toBe(true);
    expect(report.assertions.map((a) => a.ok)).toEqual([true, true, true, true]);
    expect(Number(report.assertions[1]!.observed)).toBeGreaterThanOrEqual(1);
    expect(report.assertions[2]!.observed).toBe('end_turn');
  });

  it('failing assertions exit 1 and show what was observed instead', async () => {
    const r = await checkJson([
      `${demo.url}/scenarios/anthropic-messages?delay=5`,
      '-X',
      'POST',
      '-e',
      'count(type=content_block_delta) >= 1000',
      '-e',
      'json(delta.stop_reason)=max_tokens',
      '-e',
      'event=message_stop',
    ]);
    expect(r.code).toBe(1);
    const report = r.report;
    expect(report.ok).toBe(false);
    expect(report.assertions[0]).toMatchObject({ ok: false });
    expect(Number(report.assertions[0]!.observed)).toBeLessThan(1000);
    expect(report.assertions[1]).toMatchObject({ ok: false, observed: expect.stringContaining('end_turn') });
    expect(report.assertions[2]).toMatchObject({ ok: true });
    expect(report.endedBy).toBe('stream-end');
  });

  it('first-event: judged from the request to the first event (slow drip: ~90 bytes 3 ms apart, > 100 ms)', async () => {
    const r = await checkJson([
      `${demo.url}/scenarios/slow-drip?delay=3`,
      '-e',
      'first-event < 100ms',
      '-e',
      'first-event > 100ms',
    ]);
    const report = r.report;
    expect(r.code).toBe(1);
    expect(report.assertions.map((a) => a.ok)).toEqual([false, true]);
    expect(report.assertions[0]!.observed).toMatch(/^\d+ ms$|^\d+\.\d+ s$/);
  });

  it('a within deadline that passes ends the run early as failed; the report says why it ended', async () => {
    const started = Date.now();
    const r = await check([
      `${demo.url}/sse?interval=50&statusInterval=120&duration=20`,
      '-e',
      'event=nope within 300ms',
    ]);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.stdout).toMatch(/✗ event=nope within 300ms\s+observed: not seen/);
    expect(r.stdout).toContain('(every assertion decided)');
  });

  it('--timeout ends a stream that never ends, and the assertions are judged on what came', async () => {
    const r = await checkJson([
      `${demo.url}/sse?interval=50&statusInterval=120&duration=20`,
      '--timeout',
      '0.6',
      '-e',
      'count(*) >= 3',
      '-e',
      'no-diagnostics>=error',
    ]);
    expect(r.code).toBe(0);
    const report = r.report;
    expect(report.endedBy).toBe('timeout');
    expect(report.events).toBeGreaterThanOrEqual(3);
  });

  it('diagnostics are printed; no-diagnostics fails on a CR-only stream, no-diagnostics>=warning passes', async () => {
    const strict = await check([`${demo.url}/scenarios/cr`, '-e', 'no-diagnostics']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('cr-line-endings');
    expect(strict.stdout).toContain('diagnostics (1):');
    const lenient = await checkJson([`${demo.url}/scenarios/cr`, '-e', 'no-diagnostics>=warning']);
    expect(lenient.code).toBe(0);
    const report = lenient.report;
    expect(report.diagnostics.map((d) => d.rule)).toEqual(['cr-line-endings']);
    expect(report.diagnostics[0]!.link).toMatch(/^https:/);
  });

  it('a failed connection (HTTP 500) prints the error and exits 1', async () => {
    const r = await check([`${demo.url}/scenarios/status-500`, '-e', 'count() > 0', '-e', 'status=500']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error HTTP 500');
    expect(r.stdout).toMatch(/✓ status=500/);
    expect(r.stdout).toMatch(/✗ count\(\) > 0\s+observed: 0/);
  });

  it('a WebSocket URL: inbound text frames are judged as "message" events', async () => {
    const ws = demo.url.replace(/^http/, 'ws');
    const r = await checkJson([
      `${ws}/ws?interval=50&statusInterval=120&duration=20`,
      '--timeout',
      '0.6',
      '-e',
      'count(type=message) >= 3',
      '-e',
      'json(message)=SSE connection established',
    ]);
    expect(r.code).toBe(0);
    const report = r.report;
    expect(report.assertions.map((a) => a.ok)).toEqual([true, true]);
    expect(report.diagnostics).toEqual([]);
  });

  it('with no --expect, check reports diagnostics and passes', async () => {
    const r = await checkJson([`${demo.url}/scenarios/wrong-content-type`]);
    const report = r.report;
    expect(r.code).toBe(0);
    expect(report.diagnostics.map((d) => d.rule)).toEqual(['content-type']);
    expect(report.errors[0]).toContain('Content-Type');
  });
});

describe('streamscope check on recordings', () => {
  it('a recording of an LLM stream becomes a test, judged in recorded time', async () => {
    const file = join(dir, 'anthropic.ssrec');
    const rec = await runCli(
      ['record', `${demo.url}/scenarios/anthropic-messages?delay=20`, '-X', 'POST', '-o', file],
      {
        timeoutMs: 15_000,
      },
    );
    expect(rec.code).toBe(0);
    const pass = await check([
      file,
      '-e',
      'event=message_stop within 10s',
      '-e',
      'count(type=content_block_delta) >= 1',
      '-e',
      'no-diagnostics>=warning',
    ]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('PASS: 3 of 3');
    // Recorded at 20 ms per event: message_stop came well after 50 ms of stream time, even though
    // the replay itself takes no time.
    const late = await checkJson([file, '-e', 'event=message_stop within 50ms']);
    expect(late.code).toBe(1);
    // Decided once 50 ms of recorded time had passed: the run ends there (nothing later could help).
    expect(late.report.assertions[0]!.observed).toMatch(/^not seen in 50 ms/);
    expect(late.report.endedBy).toBe('decided');
  });

  it('a raw .sse body (the OpenAI fixture) works as a recording', async () => {
    const file = join(__dirname, '../../src/core/demo/fixtures/openai-chat-completions.sse');
    const r = await check([
      file,
      '-e',
      'json(choices[0].finish_reason)=stop',
      '-e',
      'count(data=[DONE]) = 1',
      '-e',
      'no-diagnostics',
    ]);
    expect(r.code).toBe(0);
  });

  it("a recorded bug is caught: a typo'd field name fails no-diagnostics>=warning", async () => {
    const file = join(dir, 'typo.sse');
    writeFileSync(file, 'data: {"n":1}\n\nDate: {"n":2}\n\ndata: {"n":3}\n\n');
    const r = await checkJson([file, '-e', 'no-diagnostics>=warning', '-e', 'count() = 2']);
    expect(r.code).toBe(1);
    const report = r.report;
    expect(report.assertions.map((a) => a.ok)).toEqual([false, true]);
    expect(report.diagnostics[0]!.rule).toBe('unknown-field');
    expect(report.diagnostics[0]!.message).toContain('"Date"');
  });
});

describe('streamscope check usage errors (exit 2, one line)', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'a bad spec',
      [`http://127.0.0.1:9/`, '-e', 'count(type=x) >= many'],
      /--expect "count\(type=x\) >= many": expected a whole number/,
    ],
    ['an unknown assertion', [`http://127.0.0.1:9/`, '-e', 'events=3'], /unknown assertion "events"/],
    [
      'request options with a recording',
      [join(__dirname, '../../src/core/demo/fixtures/openai-chat-completions.sse'), '-X', 'POST'],
      /--method applies to URLs/,
    ],
    ['no target', ['-e', 'count()>0'], /missing <url\|recording>/],
    ['a bad timeout', [`http://127.0.0.1:9/`, '--timeout', 'soon'], /--timeout expects a number/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const r = await check(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
