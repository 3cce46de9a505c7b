/**
 * GraphQL subscriptions through the built CLI, against the real graphql-ws and graphql-sse servers:
 * tail --graphql prints decoded records and exits 0 once the operation completed (1 when the
 * server refused it), check filters on decoded fields, record then replay --serve answers
 * graphql-ws's own client, and the flags are checked as usage errors.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { startGraphqlServer, type TestGraphqlServer } from '../core/graphql/graphql-servers';
import { parseCommandArgs } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { REQUEST_FLAGS, requestFromFlags } from '../../src/cli/request-flags';
import { runCli, ensureBuilt, firstLine, startCli, withoutTimes } from '../support/cli';
import { tempDir } from '../support/temp';

const TICKS = 'subscription Ticks($count: Int) { ticks(count: $count, delayMs: 5) { n } }';
const SLOW = { timeoutMs: 30_000 };

let server: TestGraphqlServer;
const dir = tempDir('streamscope-graphql-cli-');
beforeAll(async () => {
  ensureBuilt();
  server = await startGraphqlServer();
}, 120_000);
afterAll(async () => {
  await server.close();
});

type Line = { kind: string; decoded?: Record<string, unknown>; dir?: string };
const lines = (stdout: string): Line[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
const decodedTypes = (stdout: string) => lines(stdout).flatMap((l) => (l.decoded ? [l.decoded.type] : []));

describe('GraphQL in the CLI', { timeout: 60_000 }, () => {
  it('tail --graphql over ws --json: the graphql-ws dialogue decoded, exit 0 once complete', async () => {
    const run = await runCli(['tail', server.wsUrl, '--graphql', TICKS, '--variables', '{"count":3}', '--json'], SLOW);
    expect(run.code).toBe(0);
    expect(decodedTypes(run.stdout)).toEqual([
      'connection_init',
      'connection_ack',
      'subscribe',
      'next',
      'next',
      'next',
      'complete',
    ]);
    const next = lines(run.stdout).find((l) => l.decoded?.type === 'next')!;
    expect(next.decoded).toMatchObject({
      protocol: 'graphql-transport-ws',
      id: '1',
      operationName: 'Ticks',
      payload: { data: { ticks: { n: 1 } } },
    });
  });

  it('tail --graphql over http in both graphql-sse modes, readable text naming each message', async () => {
    for (const mode of ['distinct', 'single']) {
      const run = await runCli(
        ['tail', server.httpUrl, '--graphql', TICKS, '--variables', '{"count":2}', '--graphql-mode', mode],
        SLOW,
      );
      expect(run.code).toBe(0);
      const id = mode === 'single' ? ' #1' : '';
      expect(run.stdout).toContain(`next graphql-sse next${id} Ticks`);
      expect(run.stdout).toContain(`complete graphql-sse complete${id} Ticks`);
    }
  });

  it('an operation the server refuses: exit 1 with its GraphQL error on one stderr line', async () => {
    const ws = await runCli(['tail', server.wsUrl, '--graphql', 'subscription { nope }', '--json'], SLOW);
    expect(ws.code).toBe(1);
    expect(ws.stderr).toBe(
      'streamscope: graphql operation 1 failed: Cannot query field "nope" on type "Subscription".\n',
    );
    const sse = await runCli(['tail', server.httpUrl, '--graphql', 'subscription { nope }', '--json'], SLOW);
    expect(sse.code).toBe(1);
    // graphql-sse's refusal is a result with errors and no data: the same failure.
    expect(sse.stderr).toBe(
      'streamscope: graphql operation failed: Cannot query field "nope" on type "Subscription".\n',
    );
  });

  it('check filters on decoded fields', async () => {
    const run = await runCli(
      [
        'check',
        server.wsUrl,
        '--graphql',
        TICKS,
        '--variables',
        '{"count":4}',
        '--json',
        '--expect',
        'count(decoded.type=next) >= 3',
        '--expect',
        'event(decoded.type=complete) within 5s',
        '--expect',
        'count(decoded.type=error) = 0',
        '--expect',
        'json(payload.data.ticks.n)=4',
      ],
      SLOW,
    );
    const report = JSON.parse(run.stdout) as { ok: boolean; assertions: Array<{ ok: boolean; observed: string }> };
    expect(report.assertions.map((a) => [a.ok, a.observed])).toEqual([
      // Decided at 3; the report counts what had come by then (one read may carry more).
      [true, expect.stringMatching(/^[34]$/)],
      [true, expect.stringMatching(/^seen at /)],
      [true, '0'],
      [true, '4'],
    ]);
    expect(run.code).toBe(0);
  });

  it('record, replay --json prints what tail printed; replay --serve answers graphql-ws clients', async () => {
    const file = join(dir, 'ticks.ssrec');
    const rec = await runCli(
      ['record', server.wsUrl, '-o', file, '--graphql', TICKS, '--variables', '{"count":3}'],
      SLOW,
    );
    expect(rec.code).toBe(0);
    const replayed = await runCli(['replay', file, '--json', '--speed', '0'], SLOW);
    expect(replayed.code).toBe(0);
    // Decoded again from the recorded frames, as live.
    expect(decodedTypes(replayed.stdout)).toEqual([
      'connection_init',
      'connection_ack',
      'subscribe',
      'next',
      'next',
      'next',
      'complete',
    ]);
    const nexts = withoutTimes(replayed.stdout).filter(
      (l) => (l.decoded as { type?: string } | undefined)?.type === 'next',
    );
    expect(nexts.map((l) => (l.decoded as { payload: unknown }).payload)).toEqual(
      [1, 2, 3].map((n) => ({ data: { ticks: { n } } })),
    );

    // check judges the recording as it judged the live stream.
    const checked = await runCli([
      'check',
      file,
      '--expect',
      'count(decoded.type=next) = 3',
      '--expect',
      'event(decoded.type=complete)',
    ]);
    expect([checked.code, checked.stdout]).toEqual([0, expect.stringContaining('PASS: 2 of 2 assertions hold')]);

    const serving = startCli(['replay', file, '--serve', '--speed', '0']);
    try {
      const url = (await firstLine(serving)).slice('listening '.length);
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
      try {
        const received: unknown[] = [];
        for await (const r of client.iterate({ query: TICKS })) received.push(r);
        expect(received).toEqual(nexts.map((l) => (l.decoded as { payload: unknown }).payload));
      } finally {
        await client.dispose();
      }
    } finally {
      serving.kill('SIGTERM');
    }
  });

  it('usage errors: one line each; the command exits 2', async () => {
    const cases: Array<[string[], string]> = [
      [['--variables', '{}'], '--variables needs --graphql'],
      [['--graphql', TICKS, '--variables', '[1]'], '--variables must be a JSON object'],
      [['--graphql', TICKS, '--variables', '{'], '--variables is not valid JSON'],
      [['--graphql', TICKS, '--graphql-mode', 'single'], '--graphql-mode applies to graphql-sse (http(s) URLs)'],
      [['--graphql', TICKS, '-d', '{}'], '--graphql sends its own body: drop -d'],
      [['--graphql', ' '], '--graphql: the query is empty'],
    ];
    for (const [flags, message] of cases) {
      expect(() => requestFromFlags(server.wsUrl, parseCommandArgs(flags, REQUEST_FLAGS))).toThrow(
        new UsageError(message),
      );
    }
    const run = await runCli(['tail', server.wsUrl, '--graphql', TICKS, '--variables', '[1]']);
    expect([run.code, run.stderr]).toEqual([2, 'streamscope: --variables must be a JSON object\n']);
  });
});
