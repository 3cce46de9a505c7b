import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { build } from 'vite';
import { until } from '../../support/wait';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../src/core/demo/server';
import type { DemoMetrics } from '../../../src/shared/api';
import { collectSse, collectWs, ofKind } from './helpers';

const root = resolve(__dirname, '../../..');

/** Count active handles by type (timers, sockets, servers) in this process. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

describe('connection lifecycle', () => {
  it('connection counts return to 0 after many connect/disconnect cycles', async () => {
    const server = await startDemoServer();
    const timersBefore = resources().Timeout ?? 0;
    try {
      for (let i = 0; i < 15; i++) {
        await Promise.all([
          collectSse(
            { url: `${server.url}/sse?interval=5&statusInterval=7&duration=30`, reconnect: false },
            { until: (r) => ofKind(r, 'event').length >= 2 },
          ),
          collectSse(
            { url: `${server.url}/scenarios/heartbeat?interval=5&duration=30`, reconnect: false },
            { until: (r) => ofKind(r, 'comment').length >= 2 },
          ),
          collectWs(`${server.url.replace('http', 'ws')}/ws?interval=5&statusInterval=7&duration=30`, {
            until: (m) => m.length >= 2,
          }),
        ]);
      }
      await until(
        'connection counts to return to 0',
        () => {
          const m = server.metrics();
          return m.sseConnections === 0 && m.wsConnections === 0;
        },
        3000,
      );
      const body = (await (await fetch(`${server.url}/metrics`)).json()) as DemoMetrics;
      expect(body).toMatchObject({ sseConnections: 0, wsConnections: 0 });
      expect(body.messagesSent).toBeGreaterThanOrEqual(15 * 4);
      // Each stream ran two or three timers; clients leaving must have cleared all of them.
      await until(`timers to return to ${timersBefore}`, () => (resources().Timeout ?? 0) <= timersBefore, 3000);
    } finally {
      await server.close();
    }
  });

  it('close() ends open SSE streams and WebSockets quickly and leaves no timer or socket', async () => {
    const baseline = resources();
    const server = await startDemoServer();
    const sse = [0, 1, 2].map(() =>
      collectSse({ url: `${server.url}/sse?interval=20&duration=60`, reconnect: false }, { timeoutMs: 5000 }),
    );
    const ws = collectWs(`${server.url.replace('http', 'ws')}/ws?interval=20&duration=60`, { timeoutMs: 5000 });
    await until(
      'all connections open',
      () => server.metrics().sseConnections === 3 && server.metrics().wsConnections === 1,
      3000,
    );
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1500);
    const [records, socket] = await Promise.all([Promise.all(sse), ws]);
    for (const r of records) expect(ofKind(r, 'state').at(-1)).toMatchObject({ readyState: 2 });
    expect(socket.closeCode).toBe(1001);
    expect(server.metrics()).toMatchObject({ sseConnections: 0, wsConnections: 0 });
    await server.close(); // idempotent
    // Clients' own sockets take a moment to go; then nothing of the server's may remain.
    await until(
      `handles to return to baseline ${JSON.stringify(baseline)}`,
      () => {
        const now = resources();
        return (['Timeout', 'TCPServerWrap', 'TCPSocketWrap'] as const).every(
          (k) => (now[k] ?? 0) <= (baseline[k] ?? 0),
        );
      },
      3000,
    );
  });

  it('a stalled request (headers only) does not keep close() waiting', async () => {
    const server = await startDemoServer();
    const req = request(`${server.url}/sse`, { method: 'GET', agent: false });
    req.on('error', () => undefined);
    req.flushHeaders();
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1500);
    req.destroy();
  });
});

describe('no handles left (child process)', () => {
  const outDir = mkdtempSync(join(root, 'node_modules', '.demo-lifecycle-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('a process that ran many cycles exits on its own after close()', async () => {
    // Bundle the child script (it imports the fixtures with ?raw), leaving `ws` external; the
    // output sits under node_modules so Node resolves `ws` from the repo.
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: join(__dirname, 'cycles-child.ts'),
        outDir,
        emptyOutDir: true,
        target: 'node20',
        rollupOptions: { output: { format: 'es', entryFileNames: 'child.mjs' } },
      },
    });
    const child = spawn(process.execPath, [join(outDir, 'child.mjs')], {
      env: { ...process.env, CYCLES: '20' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | string>((resolve) => {
      const deadline = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('did not exit within 10 s');
      }, 10_000);
      child.on('exit', (c) => {
        clearTimeout(deadline);
        resolve(c ?? -1);
      });
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(stdout) as { during: DemoMetrics; after: DemoMetrics; closeMs: number };
    expect(summary.during.sseConnections).toBe(3);
    expect(summary.during.wsConnections).toBe(1);
    expect(summary.after).toMatchObject({ sseConnections: 0, wsConnections: 0 });
    expect(summary.closeMs).toBeLessThan(1500);
  });
});
