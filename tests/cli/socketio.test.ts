/**
 * Socket.IO through the built CLI against a real `socket.io` server: tail --socketio with
 * namespaces, auth and emits, --max-events counting EVENT packets, the session kept alive by
 * answered pings, usage errors, record byte-exact, check on decoded fields.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSocketIoServer, type TestSocketIoServer } from '../core/socketio/socketio-server';
import { runCli, ensureBuilt } from '../support/cli';

beforeAll(ensureBuilt, 120_000);

let server: TestSocketIoServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

type Line = { kind: string; dir?: string; data?: string; decoded?: Record<string, unknown>; [k: string]: unknown };
const parse = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
const SLOW = { timeoutMs: 20_000 };

describe('tail --socketio', { timeout: 60_000 }, () => {
  it('joins, emits, prints decoded frames and stops after --max-events EVENT packets', async () => {
    server = await startSocketIoServer();
    const run = await runCli(
      [
        'tail',
        server.url,
        '--socketio',
        '--emit',
        'echo',
        '["hi"]',
        '--emit',
        'ticks',
        '[5]',
        '--max-events',
        '3',
        '--json',
      ],
      SLOW,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    const frames = lines.filter((l) => l.kind === 'frame');
    expect(frames.slice(0, 5).map((f) => [f.dir, f.decoded?.type])).toEqual([
      ['in', 'open'],
      ['out', 'CONNECT'],
      ['in', 'CONNECT'],
      ['out', 'EVENT'],
      ['out', 'EVENT'],
    ]);
    expect(frames[3]!.data).toBe('420["echo","hi"]');
    const events = frames.filter((f) => f.dir === 'in' && f.decoded?.type === 'EVENT');
    // The ACK of the first emit is not an event: exactly three ticks were counted.
    expect(events.map((e) => e.decoded)).toEqual(
      [0, 1, 2].map((i) => ({ protocol: 'socket.io', type: 'EVENT', nsp: '/', event: 'tick', args: [{ i }] })),
    );
    expect(frames.some((f) => f.decoded?.type === 'ACK' && f.decoded.ackId === 0)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-user' });
  });

  it('keeps the session alive across many ping intervals (the issue: closed after ~3 s)', async () => {
    server = await startSocketIoServer({ pingInterval: 100, pingTimeout: 300 });
    // 1.5 s = 15 ping intervals; unanswered, the server would drop us after 400 ms.
    const run = await runCli(['tail', server.url, '--socketio', '--timeout', '1.5', '--json'], SLOW);
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    // Every ping is answered before the next one arrives. Only a ping that lands as --timeout
    // closes the session may go unanswered: the client is leaving, and the server no longer waits.
    const pingsAndPongs = lines
      .map((l) =>
        l.dir === 'in' && l.decoded?.type === 'ping'
          ? 'ping'
          : l.dir === 'out' && l.data === '3'
            ? 'pong'
            : l.reason === 'closing'
              ? 'closing'
              : null,
      )
      .filter((l) => l !== null)
      .join(' ');
    expect(pingsAndPongs).toMatch(/^(ping pong )+(ping )?closing$/);
    expect(pingsAndPongs.split('ping pong').length - 1).toBeGreaterThanOrEqual(5);
    expect(lines.filter((l) => l.kind === 'state').map((l) => l.reason)).toEqual([
      'connecting',
      'open',
      'closing',
      'closed-by-user',
    ]);
    expect(server.disconnects).toEqual(['client namespace disconnect']);
  });

  it('a namespace with auth: welcome; a refused one exits 1 with one line', async () => {
    server = await startSocketIoServer();
    const wsUrl = server.url.replace('http:', 'ws:') + '/socket.io/';
    const ok = await runCli(
      [
        'tail',
        wsUrl,
        '--socketio',
        '--namespace',
        '/admin',
        '--auth',
        '{"token":"letmein"}',
        '--max-events',
        '1',
        '--json',
      ],
      SLOW,
    );
    expect(ok.code).toBe(0);
    expect(parse(ok.stdout).find((l) => l.decoded?.type === 'EVENT')?.decoded).toMatchObject({
      nsp: '/admin',
      event: 'welcome',
    });

    const refused = await runCli(['tail', server.url, '--socketio', '--namespace', '/admin', '--json'], SLOW);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('streamscope: connection failed: Socket.IO refused namespace /admin: not authorized\n');
    expect(parse(refused.stdout).find((l) => l.kind === 'error')).toMatchObject({ code: 'connect-error', fatal: true });
  });

  it('text output names the packets', async () => {
    server = await startSocketIoServer();
    const run = await runCli(['tail', server.url, '--socketio', '--emit', 'ticks', '[1]', '--max-events', '1'], SLOW);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('socket.io EVENT tick');
    expect(run.stdout).toContain('socket.io open sid=');
  });

  it('a usage mistake is one line and exit 2 (the flag checks: socketio-flags.test.ts)', async () => {
    const run = await runCli(['tail', 'http://127.0.0.1:9/', '--socketio', '--emit', 'connect', '[]']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('streamscope: --emit: "connect" is a reserved Socket.IO event name\n');
    expect(run.stdout).toBe('');
  });
});

describe('record, check and replay --socketio', { timeout: 60_000 }, () => {
  it('records the frames byte-exact (no decoded field stored) and replays them decoded again', async () => {
    server = await startSocketIoServer();
    dir = mkdtempSync(join(tmpdir(), 'ss-sio-'));
    const file = join(dir, 'sio.ssrec');
    const rec = await runCli(
      [
        'record',
        server.url,
        '--socketio',
        '--emit',
        'file',
        '[]',
        '--emit',
        'ticks',
        '[2]',
        '--max-events',
        '3',
        '-o',
        file,
      ],
      SLOW,
    );
    expect(rec.code).toBe(0);
    const [header, ...stored] = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    expect(header).toMatchObject({
      transport: 'ws',
      request: {
        url: server.url,
        socketio: {
          emits: [
            { event: 'file', args: [] },
            { event: 'ticks', args: [2] },
          ],
        },
      },
    });
    const frames = stored.filter((l) => l.kind === 'frame');
    expect(frames.some((f) => 'decoded' in f)).toBe(false);
    expect(frames.map((f) => f.data)).toContain(
      '452-["file","a.bin",{"_placeholder":true,"num":0},{"thumb":{"_placeholder":true,"num":1}}]',
    );
    expect(frames.filter((f) => f.opcode === 'binary').map((f) => f.data)).toEqual(['AAEC/w==', 'aGk=']);

    const replay = await runCli(['replay', file, '--json', '--speed', '0'], SLOW);
    expect(replay.code).toBe(0);
    const replayed = parse(replay.stdout).filter((l) => l.kind === 'frame');
    expect(replayed.map((f) => f.data)).toEqual(frames.map((f) => f.data));
    expect(
      replayed
        .filter((f) => f.dir === 'in' && (f.decoded?.type === 'EVENT' || f.decoded?.type === 'BINARY_EVENT'))
        .map((f) => f.decoded?.event),
    ).toEqual(['file', 'tick', 'tick']);

    const check = await runCli(
      [
        'check',
        file,
        '--expect',
        'event(decoded.event=tick)',
        '--expect',
        'count(decoded.type=BINARY_EVENT) == 1',
        '--expect',
        'count() == 3',
      ],
      SLOW,
    );
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const failing = await runCli(['check', file, '--expect', 'event(decoded.event=tock)'], SLOW);
    expect(failing.code).toBe(1);
  });
});
