import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startDemoServer, type DemoServer } from '../../src/core/demo/server';
import { runCli, ensureBuilt } from '../support/cli';

let demo: DemoServer;
beforeAll(async () => {
  ensureBuilt();
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});

describe('tail --json across reconnects', () => {
  it('prints a state line only when readyState changes, and resumes with Last-Event-ID', async () => {
    // Ends the response after every 2 events; retry 50 ms; the client resumes with Last-Event-ID.
    const url = `${demo.url}/scenarios/disconnect?after=2&count=6&interval=10&retry=50`;
    const run = await runCli(['tail', url, '--json', '--max-events', '6'], { timeoutMs: 15_000 });
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; readyState?: number; data?: string; lastEventId?: string });
    const states = lines.filter((l) => l.kind === 'state').map((l) => l.readyState);
    // CONNECTING, OPEN, then one CONNECTING per reconnect (never two in a row), OPEN again, ...
    expect(states.slice(0, 6)).toEqual([0, 1, 0, 1, 0, 1]);
    for (let i = 1; i < states.length; i++) expect(states[i]).not.toBe(states[i - 1]);
    const events = lines.filter((l) => l.kind === 'event');
    expect(events.map((e) => e.lastEventId)).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('tail on a server that drops the first connection', () => {
  it('retries a connection reset before any response (the server is there), then streams', async () => {
    const { createServer } = await import('node:http');
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      if (requests === 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('retry: 50\n\n');
      res.end('data: after the reset\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      // The first reconnect waits the default 3000 ms (no retry field yet).
      const run = await runCli(['tail', `http://127.0.0.1:${port}/`, '--json', '--max-events', '1'], {
        timeoutMs: 15_000,
      });
      expect(run.code).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; fatal?: boolean; data?: string });
      expect(lines.find((l) => l.kind === 'error')?.fatal).toBe(false);
      expect(lines.filter((l) => l.kind === 'event').map((l) => l.data)).toEqual(['after the reset']);
      expect(requests).toBe(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('record on an unreachable host', () => {
  it('fails at once with exit 1, like tail', async () => {
    const { createServer } = await import('node:net');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    // A port that was just free: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dir = mkdtempSync(join(tmpdir(), 'streamscope-record-'));
    try {
      const run = await runCli(['record', `http://127.0.0.1:${port}/`, '-o', join(dir, 'r.ssrec')], {
        timeoutMs: 10_000,
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/connection failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
