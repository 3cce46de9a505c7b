/**
 * The request flags every stream-opening command shares (src/cli/request-flags.ts), as a black
 * box: `--send` against a server that closes at once (the crash of issue 13 item 2), the same
 * flags on `record` and `check` (a handshake-driven WebSocket session), and one help text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_FLAGS_HELP } from '../../src/cli/request-flags';
import { closeAtOnceServer, startWsServer, type WsTestServer as TestServer } from '../support/servers';
import { runCli, ensureBuilt } from '../support/cli';

/** Generous: these runs assert outputs and exit codes, not speed, on a loaded machine. */
const cli = (args: string[], options: Parameters<typeof runCli>[1] = {}) =>
  runCli(args, { timeoutMs: 45_000, ...options });

let server: TestServer | null = null;
let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-flags-'));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = null;
});

const parse = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A graphql-ws-like server: needs its subprotocol and an init message before it answers. */
async function handshakeServer(): Promise<TestServer> {
  return startWsServer(
    (ws) => {
      if (ws.protocol !== 'demo-proto') return ws.close(4406, 'subprotocol required');
      ws.on('message', (d) => {
        if (d.toString() === 'init') ws.send('ack');
        if (d.toString() === 'sub') {
          ws.send('{"n":1}');
          ws.send('{"n":2}');
          setTimeout(() => ws.close(1000, 'done'), 20);
        }
      });
    },
    { wss: { handleProtocols: (protocols) => (protocols.has('demo-proto') ? 'demo-proto' : false) } },
  );
}

describe('--send when the server closes at once', () => {
  // The race itself is run 50 times in-process (tests/core/ws/send-on-open.test.ts); here the
  // CLI end to end, against a server whose 101 and close frame come in one packet (the crash
  // every time before the fix) and against ws closing at once (about half the time).
  it('never crashes: a non-fatal record at most, the close frame printed before CLOSING, times in order, exit 0', async () => {
    const raw = await closeAtOnceServer(4406, 'go away');
    server = await startWsServer((ws) => ws.close(4406, 'go away'));
    try {
      const urls = [raw.url, raw.url, raw.url, server.url, server.url, server.url];
      const results = await Promise.all(
        urls.map((url) => cli(['tail', url, '--json', '--send', 'hi'], { timeoutMs: 45_000 })),
      );
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const lines = parse(r.stdout);
        const closeIn = lines.findIndex((l) => l.kind === 'frame' && l.dir === 'in' && l.opcode === 'close');
        expect(lines[closeIn]).toMatchObject({ code: 4406, reason: 'go away', data: '4406 go away' });
        const closing = lines.findIndex((l) => l.kind === 'state' && l.readyState === 2);
        expect(closeIn).toBeLessThan(closing);
        for (let i = 1; i < lines.length; i++)
          expect(lines[i]!.t as number).toBeGreaterThanOrEqual(lines[i - 1]!.t as number);
        for (const e of lines.filter((l) => l.kind === 'error'))
          expect(e).toMatchObject({ code: 'send-failed', fatal: false });
        expect(lines.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
      }
    } finally {
      await raw.close();
    }
  }, 90_000);
});

describe('record and check take the same request flags as tail', () => {
  it('record --protocol --send records a handshake-driven WebSocket session, outbound frames included', async () => {
    server = await handshakeServer();
    const file = join(dir, 'session.ssrec');
    const r = await cli([
      'record',
      server.url,
      '-o',
      file,
      '--protocol',
      'demo-proto',
      '--send',
      'init',
      '--send',
      'sub',
    ]);
    expect(r.stderr).toMatch(/^recorded 3 frames/);
    expect(r.code).toBe(0);
    const frames = parse(readFileSync(file, 'utf8'))
      .filter((l) => l.kind === 'frame' && l.opcode === 'text')
      .map((l) => `${l.dir as string} ${l.data as string}`);
    expect(frames).toEqual(['out init', 'out sub', 'in ack', 'in {"n":1}', 'in {"n":2}']);
  }, 90_000);

  it('check --protocol --send judges the session the handshake opened', async () => {
    server = await handshakeServer();
    const r = await cli([
      'check',
      server.url,
      '--protocol',
      'demo-proto',
      '--send',
      'init',
      '--send',
      'sub',
      '--json',
      '-e',
      'count(data=ack) = 1',
      '-e',
      'count(json(n)>=1) = 2',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { ok: boolean; events: number; assertions: Array<{ ok: boolean }> };
    expect(report.assertions.map((a) => a.ok)).toEqual([true, true]);
    expect(report.ok).toBe(true);
    expect(r.code).toBe(0);
  }, 90_000);

  it('--send on an http URL is the same usage error (exit 2) for tail, record and check', async () => {
    const url = 'http://127.0.0.1:1/sse';
    const runs = await Promise.all([
      cli(['tail', url, '--send', 'x']),
      cli(['record', url, '-o', join(dir, 'x.ssrec'), '--send', 'x']),
      cli(['check', url, '--send', 'x', '-e', 'count() = 0']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('streamscope: --send works with ws:// and wss:// URLs only\n');
    }
  }, 90_000);

  it('a body on a GET, HEAD or WebSocket request is the same usage error (exit 2) for tail, record and check, before anything is sent', async () => {
    const cases: Array<[string[], string]> = [
      [['http://127.0.0.1:1/sse', '-X', 'GET', '-d', 'x'], 'a GET request cannot have a body: drop -d or use -X POST'],
      [
        ['http://127.0.0.1:1/sse', '-X', 'head', '-d', 'x'],
        'a HEAD request cannot have a body: drop -d or use -X POST',
      ],
      [['ws://127.0.0.1:1/ws', '-d', 'x'], '-d applies to http(s) requests: send WebSocket messages with --send'],
    ];
    for (const [flags, message] of cases) {
      const [url, ...rest] = flags;
      const runs = await Promise.all([
        cli(['tail', url!, ...rest]),
        cli(['record', url!, '-o', join(dir, 'x.ssrec'), ...rest]),
        cli(['check', url!, ...rest, '-e', 'count() = 0']),
      ]);
      for (const r of runs) {
        expect(r.code).toBe(2);
        expect(r.stderr).toBe(`streamscope: ${message}\n`);
      }
    }
  }, 90_000);

  it('tail, record and check list the same request flags in --help', async () => {
    const helps = await Promise.all(['tail', 'record', 'check'].map((c) => cli([c, '--help'])));
    for (const h of helps) {
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(REQUEST_FLAGS_HELP);
    }
  }, 90_000);
});
