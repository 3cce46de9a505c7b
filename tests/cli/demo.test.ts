// `streamscope demo` as a black box: the built CLI in a child process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../src/core/demo/server';
import { collectSse, collectWs, eventsOf } from '../core/demo/helpers';
import { within } from '../support/wait';

const root = resolve(__dirname, '..', '..');
const bin = join(root, 'bin', 'streamscope.js');

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'cli', 'index.mjs'))) throw new Error('run `npm run build` before the CLI tests');
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  exited: Promise<Exit>;
  firstLine: Promise<string>;
} {
  const child = spawn(process.execPath, [bin, 'demo', ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  let gotLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((r) => (gotLine = r));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('\n')) gotLine(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<Exit>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { child, exited, firstLine };
}

describe('streamscope demo', () => {
  it('prints `listening <url>` first, serves /sse and /ws, and exits 0 on SIGTERM', async () => {
    const run = start(['--port', '0']);
    try {
      const line = await within(run.firstLine, 10_000, 'the first line');
      expect(line).toMatch(/^listening http:\/\/127\.0\.0\.1:\d{2,5}$/);
      const base = line.slice('listening '.length);
      const records = await collectSse(
        { url: `${base}/sse?interval=20&statusInterval=50&duration=1`, reconnect: false },
        { until: (r) => eventsOf(r).length >= 3 },
      );
      const messages = eventsOf(records).map((e) => (JSON.parse(e.data) as { message: string }).message);
      expect(messages.slice(0, 2)).toEqual(['SSE connection established', 'SSE Message 1']);
      const ws = await collectWs(`${base.replace('http', 'ws')}/ws?interval=20&duration=1`, {
        until: (m) => m.length >= 2,
      });
      expect(ws.messages[0]).toMatchObject({ message: 'SSE connection established' });
      // Leave a stream open: SIGTERM must still end the process promptly.
      const open = collectSse({ url: `${base}/sse?interval=20&duration=60`, reconnect: false }, { timeoutMs: 10_000 });
      await new Promise((r) => setTimeout(r, 100));
      run.child.kill('SIGTERM');
      const exit = await within(run.exited, 5000, 'exit after SIGTERM');
      expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
      expect(exit.stdout).toContain(`${base}/scenarios`);
      // The WebSocket route as the URL a WebSocket client takes, never as http://.
      const wsLine = exit.stdout.split('\n').find((l) => l.trimStart().startsWith('WS '));
      expect(wsLine).toContain(` ${base.replace(/^http:/, 'ws:')}/ws`);
      expect(exit.stdout).not.toContain(`${base}/ws`);
      expect(exit.stdout).toContain('firehose');
      await open;
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('stops cleanly on SIGINT too', async () => {
    const run = start([]);
    try {
      expect(await within(run.firstLine, 10_000, 'the first line')).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
      run.child.kill('SIGINT');
      expect(await within(run.exited, 5000, 'exit after SIGINT')).toMatchObject({ code: 0, signal: null });
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '-1']],
    [['--port', '70000']],
    [['--port', '1.5']],
    [['--bogus']],
    [['extra']],
  ])('exits 2 with one line for %j', async (args) => {
    const exit = await within(start(args).exited, 10_000, 'exit');
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    expect(exit.stderr).toMatch(/^streamscope: [^\n]+\n$/);
  });

  it('prints usage for --help and exits 0', async () => {
    const exit = await within(start(['--help']).exited, 10_000, 'exit');
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/^usage: streamscope demo \[--port <p>\]/);
  });

  it('exits 2 with one line when the port is taken, as every command that listens does', async () => {
    const taken = await startDemoServer();
    try {
      const exit = await within(start(['--port', String(taken.port)]).exited, 10_000, 'exit');
      expect(exit.code).toBe(2);
      expect(exit.stderr).toBe(`streamscope: port ${taken.port} on 127.0.0.1 is already in use\n`);
    } finally {
      await taken.close();
    }
  });
});
