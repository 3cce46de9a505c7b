import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { beginStream, startServer, writeParts, type Handler, type TestServer } from '../support/servers';
import { bin, ensureBuilt, root, runCli, type CliOptions, type Run as CliRun } from '../support/cli';

beforeAll(ensureBuilt, 120_000);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

interface Run extends CliRun {
  /** stdout's lines: NDJSON records parsed, other lines as { text }. */
  lines: Array<Record<string, unknown>>;
}

/** Runs `streamscope tail ...` as a child process; `whileRunning` can poke it (signals). */
async function tail(args: string[], options: Omit<CliOptions, 'env'> = {}): Promise<Run> {
  const run = await runCli(['tail', ...args], { ...options, env: { NO_COLOR: '' } });
  const lines = run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : { text: l }));
  return { ...run, lines };
}

const ofKind = (run: Run, kind: string) => run.lines.filter((l) => l.kind === kind);

/** An endless stream: one event every `ms`. */
const ticking =
  (ms: number): Handler =>
  (_req, res) => {
    beginStream(res);
    let n = 0;
    res.write(': hello\n\n');
    const timer = setInterval(() => res.write(`id: ${n}\ndata: tick ${n++}\n\n`), ms);
    res.on('close', () => clearInterval(timer));
  };

describe('streamscope tail (child process)', () => {
  it('prints NDJSON records starting with readyState 0 and exits 0 on a clean end with --no-reconnect', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, [
        ':ok\n\n',
        'retry: 1500\nevent: greet\nid: 3\ndata: {"hi":1}\n\n',
        'data: two\ndata: lines\n\n',
      ]);
    });
    const run = await tail([srv.url('/sse'), '--json', '--no-reconnect']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines[0]).toMatchObject({ kind: 'state', readyState: 0 });
    for (const line of run.lines) {
      expect(typeof line.kind).toBe('string');
      expect(typeof line.t).toBe('number');
      expect(Math.abs((line.t as number) - Date.now())).toBeLessThan(60_000);
    }
    expect(run.lines.map((l) => l.kind)).toEqual([
      'state',
      'response',
      'state',
      'comment',
      'retry',
      'event',
      'event',
      'state',
    ]);
    expect(ofKind(run, 'response')[0]).toMatchObject({ status: 200, headers: { 'content-type': 'text/event-stream' } });
    expect(ofKind(run, 'comment')[0]).toMatchObject({ text: 'ok' });
    expect(ofKind(run, 'retry')[0]).toMatchObject({ ms: 1500 });
    expect(ofKind(run, 'event').map(({ type, data, lastEventId, id }) => ({ type, data, lastEventId, id }))).toEqual([
      { type: 'greet', data: '{"hi":1}', lastEventId: '3', id: '3' },
      { type: 'message', data: 'two\nlines', lastEventId: '3', id: null },
    ]);
    expect(ofKind(run, 'state').map((s) => s.readyState)).toEqual([0, 1, 2]);
  });

  it('--max-events n exits 0 right after the n-th event and closes the connection', async () => {
    let closed = false;
    const srv = await serve((req, res) => {
      req.socket.on('close', () => (closed = true));
      ticking(20)(req, res, { method: '', url: '', headers: {}, body: '' }, 0);
    });
    const run = await tail([srv.url(), '--json', '--max-events', '3']);
    expect(run.code).toBe(0);
    const events = ofKind(run, 'event');
    expect(events.map((e) => e.data)).toEqual(['tick 0', 'tick 1', 'tick 2']);
    const lastEvent = run.lines.lastIndexOf(events[2]!);
    expect(run.lines.slice(lastEvent + 1)).toEqual([expect.objectContaining({ kind: 'state', readyState: 2 })]);
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(true);
  });

  it('--max-events stops at n even when more events arrive in the same read', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      res.write('data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n');
    });
    const run = await tail([srv.url(), '--json', '--max-events', '2']);
    expect(run.code).toBe(0);
    expect(ofKind(run, 'event').map((e) => e.data)).toEqual(['1', '2']);
    expect(run.lines.at(-1)).toMatchObject({ kind: 'state', readyState: 2 });
  });

  it('a non-200 response exits 1 with response, error and readyState 2 lines', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('it broke');
    });
    const run = await tail([srv.url(), '--json']);
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => l.kind)).toEqual(['state', 'response', 'error', 'state']);
    expect(run.lines[1]).toMatchObject({ status: 500, body: 'it broke' });
    expect(run.lines[2]).toMatchObject({ fatal: true });
    expect(typeof run.lines[2]!.message).toBe('string');
    expect(run.lines[3]).toMatchObject({ readyState: 2 });
    expect(run.stderr).toBe('streamscope: connection failed: HTTP 500 Internal Server Error: expected 200\n');
    expect(srv.requests).toHaveLength(1);
  });

  it('a wrong Content-Type exits 1 without reconnecting', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const run = await tail([srv.url(), '--json']);
    expect(run.code).toBe(1);
    expect(run.lines.at(-2)).toMatchObject({ kind: 'error', fatal: true });
    expect(srv.requests).toHaveLength(1);
  });

  for (const [name, args] of [
    ['a string that is not a URL', ['not a url']],
    ['a file:// URL', ['file:///etc/passwd']],
    ['an unknown flag', ['http://127.0.0.1:9/', '--frobnicate']],
    ['a missing URL', []],
    ['a bad --max-events', ['http://127.0.0.1:9/', '--max-events', 'lots']],
    ['--send with an http URL', ['http://127.0.0.1:9/', '--send', 'hi']],
  ] as const) {
    it(`${name}: exit 2 with one line on stderr, no stack trace`, async () => {
      const run = await tail([...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^streamscope: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('an unreachable host with --no-reconnect exits 1 with a fatal error line', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const run = await tail([`http://127.0.0.1:${port}/`, '--json', '--no-reconnect']);
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => l.kind)).toEqual(['state', 'error', 'state']);
    expect(run.lines[1]).toMatchObject({ fatal: true });
    expect(run.lines[2]).toMatchObject({ readyState: 2 });
    expect(run.stderr).toMatch(/^streamscope: connection failed: .*ECONNREFUSED.*\n$/);
  });

  it('an unreachable host exits 1 at once even with the default reconnect (GET), one line on stderr', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const started = Date.now();
    const run = await tail([`http://127.0.0.1:${port}/`]);
    expect(run.code).toBe(1);
    // Retrying forever would never exit (the child is killed at 10 s); node start-up is slow on a loaded box.
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toMatch(/CLOSED/);
  });

  it('piped into `head -n 2` loses nothing and exits quietly', async () => {
    const srv = await serve(ticking(5));
    const script = `"${process.execPath}" "${bin}" tail "${srv.url()}" --json | head -n 2; echo "exit=\${PIPESTATUS[0]}" >&2`;
    // Asynchronous: the server lives in this process and must keep serving meanwhile.
    const result = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      const child = spawn('bash', ['-c', script], { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error('the pipeline did not finish'));
      }, 10_000);
      child.on('close', () => {
        clearTimeout(timer);
        done({ stdout, stderr });
      });
    });
    const lines = result.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as { kind: string }).kind)).toEqual(['state', 'response']);
    expect(result.stderr.trim()).toBe('exit=0');
  });

  it('--timeout exits 0 after that long, on an endless stream', async () => {
    const srv = await serve(ticking(50));
    const started = Date.now();
    const run = await tail([srv.url(), '--json', '--timeout', '0.5']);
    const took = Date.now() - started;
    expect(run.code).toBe(0);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(8000);
    expect(ofKind(run, 'event').length).toBeGreaterThan(1);
    expect(run.lines.at(-1)).toMatchObject({ kind: 'state', readyState: 2 });
  });

  it('SIGINT closes the stream, flushes and exits 0', async () => {
    const srv = await serve(ticking(20));
    const run = await tail([srv.url(), '--json'], {
      whileRunning: (child, stdout) => {
        const poll = setInterval(() => {
          if (stdout().includes('"kind":"event"')) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 10);
        child.on('close', () => clearInterval(poll));
      },
    });
    expect(run.code).toBe(0);
    expect(ofKind(run, 'event').length).toBeGreaterThanOrEqual(1);
    expect(run.lines.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'closed-by-user' });
  });

  it('sends method, headers, body (-d and -d @file) and --last-event-id', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: ok\n\n']);
    });
    const dir = mkdtempSync(join(tmpdir(), 'streamscope-tail-'));
    try {
      const file = join(dir, 'body.json');
      writeFileSync(file, '{"from":"file"}');
      const first = await tail([
        srv.url('/chat'),
        '--json',
        '-X',
        'POST',
        '-H',
        'Authorization: Bearer t0k',
        '-H',
        'X-Two: 2',
        '-d',
        '{"q":1}',
        '--last-event-id',
        'L-9',
      ]);
      expect(first.code).toBe(0);
      const second = await tail([srv.url('/chat'), '--json', '-d', `@${file}`]);
      expect(second.code).toBe(0);
      const [a, b] = srv.requests;
      expect([a!.method, a!.body, a!.headers.authorization, a!.headers['x-two'], a!.headers['last-event-id']]).toEqual([
        'POST',
        '{"q":1}',
        'Bearer t0k',
        '2',
        'L-9',
      ]);
      // A body without -X is sent as POST (as curl does), and POST does not reconnect by default.
      expect([b!.method, b!.body]).toEqual(['POST', '{"from":"file"}']);
      expect(srv.requests).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--raw adds chunk lines with base64 bytes', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: é\n\n']);
    });
    const run = await tail([srv.url(), '--json', '--raw', '--no-reconnect']);
    const chunks = ofKind(run, 'chunk');
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.data as string, 'base64'))).toString('utf8')).toBe(
      'data: é\n\n',
    );
    expect(chunks.reduce((n, c) => n + (c.size as number), 0)).toBe(Buffer.byteLength('data: é\n\n'));
  });

  it('prints readable text without --json, without colours when not a terminal', async () => {
    const srv = await serve((_req, res) => {
      beginStream(res);
      void writeParts(res, ['event: update\nid: 9\ndata: hello\ndata: world\n\n']);
    });
    const run = await tail([srv.url(), '--no-reconnect']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CONNECTING/);
    expect(run.stdout).toMatch(/OPEN/);
    expect(run.stdout).toMatch(/CLOSED/);
    expect(run.stdout).toMatch(/update id=9\n\s+hello\n\s+world/);
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it('--help prints the options and exits 0', async () => {
    const run = await tail(['--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--json',
      '--max-events',
      '--timeout',
      '--no-reconnect',
      '--last-event-id',
      '--header',
      '--data',
      '--send',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });
});
