/**
 * The MCP preset and JSON-RPC decoding through the CLI, against a server built with the official
 * MCP SDK: tail --mcp prints decoded records; check filters on decoded fields.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMcpServer, type TestMcpServer } from '../core/jsonrpc/mcp-server';
import { runCli, ensureBuilt } from '../support/cli';

beforeAll(ensureBuilt, 120_000);

let server: TestMcpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SLOW = { timeoutMs: 30_000 };
const CALL = JSON.stringify({
  jsonrpc: '2.0',
  id: 3,
  method: 'tools/call',
  params: { name: 'count', arguments: { steps: 4 }, _meta: { progressToken: 'job' } },
});

describe('MCP in the CLI', { timeout: 60_000 }, () => {
  it('tail --mcp --json: progress tied to the call, the answer paired with it, exit 0', async () => {
    server = await startMcpServer();
    const run = await runCli(['tail', server.url, '--mcp', '-d', CALL, '--json'], SLOW);
    expect(run.code).toBe(0);
    const events = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; decoded?: Record<string, unknown> })
      .filter((l) => l.kind === 'event');
    expect(events.map((e) => e.decoded?.method)).toEqual([
      ...Array<string>(4).fill('notifications/progress'),
      'tools/call',
    ]);
    expect(events.slice(0, 4).every((e) => e.decoded?.forId === 3)).toBe(true);
    expect(events[4]!.decoded).toMatchObject({ kind: 'response', id: 3, latencyMs: expect.any(Number) });
  });

  it('check filters on decoded fields', async () => {
    server = await startMcpServer();
    const run = await runCli(
      [
        'check',
        server.url,
        '--mcp',
        '-d',
        CALL,
        '--json',
        '--expect',
        'count(decoded.method=notifications/progress) >= 3',
        '--expect',
        'event(decoded.kind=response) within 5s',
        '--expect',
        'count(decoded.kind=error) = 0',
        '--expect',
        'event(decoded.method=tools/list)',
      ],
      SLOW,
    );
    const report = JSON.parse(run.stdout) as { assertions: Array<{ spec: string; ok: boolean; observed: string }> };
    expect(report.assertions.map((a) => [a.ok, a.observed])).toEqual([
      [true, '4'],
      [true, expect.stringMatching(/^seen at /)],
      [true, '0'],
      [false, 'not seen (5 events)'],
    ]);
    expect(run.code).toBe(1);
  });
});
