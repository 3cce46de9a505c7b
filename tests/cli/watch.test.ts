// `streamscope watch` as a black box: the built CLI in a child process following the demo server,
// scraped by a real Prometheus, reloaded with SIGHUP and stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { runCli, ensureBuilt, firstLine, startCli } from '../support/cli';
import { until } from '../support/wait';

let dir: string;
let demo: DemoServer;
beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'streamscope-watch-'));
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, streams: unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ streams }));
  return path;
}

/** Polls a probe that may throw while the service starts (a refused connection is "not yet"). */
function untilServed<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  return until(what, () => probe().catch(() => undefined), ms);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => child.on('close', (code) => r(code)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('streamscope watch', () => {
  it('refuses a bad config with one line naming the stream and the field (exit 2), an unreadable one with exit 1', async () => {
    const bad = configFile('bad.json', [{ name: 'feed', url: 'gopher://x/' }]);
    const run = await runCli(['watch', bad, '--listen', '127.0.0.1:0']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/stream "feed": url: expected an http/)]);
    const missing = await runCli(['watch', join(dir, 'nope.yaml'), '--listen', '127.0.0.1:0']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml: ENOENT/);
    const usage = await runCli(['watch', bad, '--listen', 'nowhere']);
    expect(usage.code).toBe(2);
  });

  it('exits 2 with one line when its port is taken, and leaves nothing running', async () => {
    const config = configFile('busy.json', [{ name: 'classic', url: `${demo.url}/sse?interval=100` }]);
    // The demo server's port is taken. The streams and the tick used to outlive the failed start.
    const run = await runCli(['watch', config, '--listen', `127.0.0.1:${new URL(demo.url).port}`], {
      timeoutMs: 10_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^streamscope: port \d+ on 127\.0\.0\.1 is already in use\n$/);
  });

  it('is scraped by a real Prometheus, reloads on SIGHUP without dropping unchanged streams, stops on SIGTERM', async () => {
    const config = configFile('watch.json', [
      { name: 'classic', url: `${demo.url}/sse?interval=100&statusInterval=500`, headers: { 'X-Token': '${TOKEN}' } },
    ]);
    const child = startCli(['watch', config, '--listen', '127.0.0.1:0'], { TOKEN: 'super-secret-token' });
    const done = exited(child);
    let stdout = '';
    let stderr = '';
    const line = await firstLine(child, 10_000);
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    expect(line).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metricsUrl = new URL(line.slice('listening '.length));

    const promPort = await freePort();
    const promDir = mkdtempSync(join(dir, 'prometheus-'));
    // Prometheus starts scraping ~5 s after it starts (its discovery updates are throttled); a
    // short scrape interval keeps the wait for the first sample and the next one short.
    writeFileSync(
      join(promDir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 200ms',
        'scrape_configs:',
        '  - job_name: streamscope',
        `    static_configs: [{ targets: ['${metricsUrl.host}'] }]`,
      ].join('\n'),
    );
    const prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(promDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(promDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=error',
      ],
      { stdio: 'ignore' },
    );
    const prometheusExited = exited(prometheus);
    try {
      const query = async (): Promise<number | undefined> => {
        const res = await fetch(
          `http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent('sum(streamscope_events_total{stream="classic"})')}`,
        );
        const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
        const value = body.data.result[0]?.value[1];
        return value === undefined ? undefined : Number(value);
      };
      const first = await untilServed('Prometheus to have a sample', query, 20_000);
      await untilServed('the counter to rise in Prometheus', async () => {
        const now = await query();
        return now !== undefined && now > first ? now : undefined;
      });
      const up = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=streamscope_stream_up`);
      expect(JSON.stringify(await up.json())).toContain('"classic"');
    } finally {
      prometheus.kill('SIGTERM');
      await prometheusExited;
    }

    // SIGHUP with one more stream: the running one keeps its connection.
    writeFileSync(
      config,
      JSON.stringify({
        streams: [
          {
            name: 'classic',
            url: `${demo.url}/sse?interval=100&statusInterval=500`,
            headers: { 'X-Token': '${TOKEN}' },
          },
          { name: 'second', url: `${demo.url}/sse?interval=100` },
        ],
      }),
    );
    child.kill('SIGHUP');
    await untilServed('the reload line', async () => (stdout.includes('reloaded:') ? true : undefined));
    expect(stdout).toContain('reloaded: 1 kept, 1 started, 0 stopped');
    const streams = (await (await fetch(new URL('/streams', metricsUrl))).json()) as {
      streams: Array<{ name: string; connections: number }>;
    };
    expect(streams.streams.map((s) => [s.name, s.connections])).toEqual([
      ['classic', 1],
      ['second', 1],
    ]);

    // A broken config on SIGHUP keeps the running streams.
    writeFileSync(config, '{"streams": [');
    child.kill('SIGHUP');
    await untilServed('the refusal', async () => (stderr.includes('config not reloaded') ? true : undefined));

    child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(stdout + stderr).not.toContain('super-secret-token');
  });
});
