// `streamscope tail ws://...` as a black box: the built CLI in a child process against real servers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { startWsServer, type WsTestServer as TestServer } from '../support/servers';
import { ensureBuilt, runCli as runBuiltCli, type Run as CliRun } from '../support/cli';

interface Run extends CliRun {
  lines: Array<Record<string, unknown>>;
}

async function runCli(args: string[], timeoutMs = 10_000): Promise<Run> {
  const run = await runBuiltCli(args, { timeoutMs });
  const lines = run.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { ...run, lines };
}

let server: TestServer | null = null;
let demo: DemoServer;

beforeAll(async () => {
  ensureBuilt();
  demo = await startDemoServer();
}, 120_000);

afterAll(async () => {
  await demo.close();
});

afterEach(async () => {
  await server?.close();
  server = null;
});

const frames = (run: Run, dir?: string): Array<Record<string, unknown>> =>
  run.lines.filter((l) => l.kind === 'frame' && (dir === undefined || l.dir === dir));

describe('streamscope tail ws://', () => {
  it('prints NDJSON frame records, sends each --send in order after open, and exits 0 after --max-events inbound frames', async () => {
    const received: string[] = [];
    server = await startWsServer((ws) => {
      ws.on('message', (data) => {
        received.push(data.toString());
        ws.send(`echo:${data.toString()}`);
      });
    });
    const run = await runCli([
      'tail',
      `${server.url}/chat`,
      '--json',
      '--send',
      'hi',
      '--send',
      '{"n":2}',
      '--max-events',
      '2',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(received).toEqual(['hi', '{"n":2}']);
    expect(run.lines[0]).toMatchObject({ kind: 'state', readyState: 0 });
    for (const line of run.lines) expect(typeof line.t).toBe('number');
    const kinds = run.lines.map((l) => l.kind);
    expect(kinds.slice(0, 3)).toEqual(['state', 'response', 'state']);
    expect(run.lines[1]).toMatchObject({ status: 101 });
    expect(run.lines[2]).toMatchObject({ readyState: 1 });
    const out = frames(run, 'out').filter((f) => f.opcode === 'text');
    expect(out.map((f) => [f.data, f.size])).toEqual([
      ['hi', 2],
      ['{"n":2}', 7],
    ]);
    const inbound = frames(run, 'in').filter((f) => f.opcode === 'text');
    expect(inbound.map((f) => f.data)).toEqual(['echo:hi', 'echo:{"n":2}']);
    expect(Object.keys(inbound[0]!).slice(0, 6)).toEqual(['kind', 't', 'dir', 'opcode', 'data', 'size']);
    expect(run.lines.at(-1)).toMatchObject({ kind: 'state', readyState: 3 });
  });

  it('prints binary frames as base64 and close frames with code and reason; a server close is a clean end (exit 0)', async () => {
    server = await startWsServer((ws) => {
      ws.send(Buffer.from([0, 1, 2, 253, 254, 255]));
      ws.close(4000, 'custom stop');
    });
    const run = await runCli(['tail', server.url, '--json']);
    expect(run.code).toBe(0);
    expect(frames(run, 'in')).toEqual([
      expect.objectContaining({ opcode: 'binary', data: 'AAEC/f7/', size: 6 }),
      expect.objectContaining({ opcode: 'close', data: '4000 custom stop', code: 4000, reason: 'custom stop' }),
    ]);
    expect(run.lines.at(-1)).toMatchObject({ kind: 'state', readyState: 3, reason: 'closed-by-server' });
  });

  it('exits 0 on a server close with 1011 too (the closing handshake completed)', async () => {
    server = await startWsServer((ws) => ws.close(1011, 'oops'));
    const run = await runCli(['tail', server.url, '--json']);
    expect(run.code).toBe(0);
    expect(frames(run, 'in')[0]).toMatchObject({ opcode: 'close', code: 1011 });
  });

  it('exits 1 on a rejected handshake (401) after printing the response and the fatal error record', async () => {
    server = await startWsServer(() => {}, {
      onUpgrade(_req, socket) {
        socket.end(
          'HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\n\r\nno token, no',
        );
        return true;
      },
    });
    const run = await runCli(['tail', server.url, '--json', '--send', 'never sent']);
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => l.kind)).toEqual(['state', 'response', 'error', 'state']);
    expect(run.lines[1]).toMatchObject({ status: 401, body: 'no token, no' });
    expect(run.lines[2]).toMatchObject({ fatal: true, status: 401, code: 'http-status' });
    expect(run.lines[3]).toMatchObject({ readyState: 3 });
    expect(frames(run)).toEqual([]);
  });

  it('exits 1 when the server destroys the socket without a close frame', async () => {
    server = await startWsServer((ws) => {
      ws.send('one');
      setTimeout(() => ws.terminate(), 20);
    });
    const run = await runCli(['tail', server.url, '--json']);
    expect(run.code).toBe(1);
    const tail = run.lines.slice(-2);
    expect(tail[0]).toMatchObject({ kind: 'error', fatal: true });
    expect(tail[1]).toMatchObject({ kind: 'state', readyState: 3 });
  });

  it('--max-events counts inbound data frames only: a ping does not count', async () => {
    server = await startWsServer((ws) => {
      ws.ping('x');
      setTimeout(() => ws.send('a'), 30);
      setTimeout(() => ws.send('b'), 1500);
    });
    const run = await runCli(['tail', server.url, '--json', '--max-events', '1']);
    expect(run.code).toBe(0);
    const inbound = frames(run, 'in');
    expect(inbound.map((f) => f.opcode)).toContain('ping');
    expect(inbound.filter((f) => f.opcode === 'text').map((f) => f.data)).toEqual(['a']);
  });

  it('sends headers and --protocol to the server', async () => {
    server = await startWsServer(() => {}, { wss: { handleProtocols: () => 'graphql-transport-ws' } });
    const run = await runCli([
      'tail',
      server.url,
      '--json',
      '-H',
      'Authorization: Bearer t0k',
      '--protocol',
      'graphql-transport-ws',
      '--timeout',
      '0.3',
    ]);
    expect(run.code).toBe(0);
    expect(server.upgrades[0]!.headers.authorization).toBe('Bearer t0k');
    expect(run.lines.find((l) => l.kind === 'response')).toMatchObject({
      status: 101,
      protocol: 'graphql-transport-ws',
    });
  });

  it('--reconnect reconnects after a server close (1 s backoff) and counts frames across connections', async () => {
    let n = 0;
    server = await startWsServer((ws) => {
      ws.send(`conn ${++n}`);
      ws.close(1000, 'again');
    });
    const started = Date.now();
    const run = await runCli(['tail', server.url, '--json', '--reconnect', '--max-events', '2']);
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(
      frames(run, 'in')
        .filter((f) => f.opcode === 'text')
        .map((f) => f.data),
    ).toEqual(['conn 1', 'conn 2']);
    const waiting = run.lines.find((l) => l.kind === 'state' && l.reason === 'waiting-retry');
    expect(waiting).toMatchObject({ readyState: 0 });
    expect(server.upgrades).toHaveLength(2);
  });

  it('tails the demo /ws route: greeting and numbered messages, then the demo echoes a --send', async () => {
    const url = `${demo.url.replace(/^http/, 'ws')}/ws?interval=50&statusInterval=200&duration=2`;
    const run = await runCli(['tail', url, '--json', '--send', 'ping from cli', '--max-events', '6']);
    expect(run.code).toBe(0);
    const texts = frames(run, 'in')
      .filter((f) => f.opcode === 'text')
      .map((f) => JSON.parse(f.data as string) as { message?: string; echo?: string });
    expect(texts).toHaveLength(6);
    expect(texts[0]!.message).toBe('SSE connection established');
    expect(texts.some((m) => m.echo === 'ping from cli')).toBe(true);
    expect(texts.some((m) => m.message === 'SSE Message 1')).toBe(true);
  });
});
