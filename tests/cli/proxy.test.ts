// `streamscope proxy` as a black box: the built CLI in a child process, real upstreams on 127.0.0.1.
import http from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRecordingFile } from '../../src/core/recording';
import WebSocket from 'ws';
import { startUpstream, rawRequest, type Upstream } from '../core/proxy/helpers';
import { startWsServer } from '../support/servers';
import { runCli, ensureBuilt, firstLine, startCli } from '../support/cli';
import { until } from '../support/wait';

beforeAll(ensureBuilt);

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** The child's output so far, and its whole output once it has exited. */
function collect(child: ReturnType<typeof startCli>): {
  stdout: () => string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return {
    stdout: () => stdout,
    done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
  };
}

/** The sessions (proxied exchanges) whose closing state line is in this NDJSON output. */
function closedSessions(stdout: string): number[] {
  return stdout
    .split('\n')
    .slice(0, -1) // the last piece is a line still being written
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.kind === 'state' && l.readyState === 2)
    .map((l) => Number(l.session))
    .sort();
}

async function sseUpstream(): Promise<Upstream> {
  const upstream = await startUpstream((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`id: 1\ndata: ${req.method} ${req.url}\n\n`);
    setTimeout(() => res.end('data: bye\r\n\r\n'), 20);
  });
  cleanup.push(() => upstream.close());
  return upstream;
}

// Each test starts the built CLI: under 1 s of CPU, but many seconds on a loaded machine.
describe('streamscope proxy', { timeout: 60_000 }, () => {
  it('prints listening first, NDJSON records per request with a session field, and byte-exact recordings', async () => {
    const upstream = await sseUpstream();
    const dir = mkdtempSync(join(tmpdir(), 'streamscope-proxy-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const child = startCli(['proxy', `${upstream.url}/base`, '--json', '-o', dir]);
    cleanup.push(() => void child.kill('SIGKILL'));
    const line = await firstLine(child);
    const output = collect(child);
    expect(line).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    const base = line.slice('listening '.length);
    const first = await rawRequest(`${base}/events?a=1`);
    const second = await rawRequest(`${base}/other`, { method: 'POST', body: '{}' });
    expect(first.body.toString()).toBe('id: 1\ndata: GET /base/events?a=1\n\ndata: bye\r\n\r\n');
    expect(second.body.toString()).toBe('id: 1\ndata: POST /base/other\n\ndata: bye\r\n\r\n');
    // The records reach stdout as they happen: both exchanges have ended at the proxy before it
    // is stopped (one still open would be cut off, and said so).
    await until(
      'both sessions closed on stdout',
      () => closedSessions(output.stdout()),
      (s) => s.length === 2,
    );
    child.kill('SIGTERM');
    const result = await output.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/proxied 2 requests; recordings in /);

    const lines = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const bySession = (n: number): Array<Record<string, unknown>> => lines.filter((l) => l.session === n);
    expect(bySession(1)[0]).toMatchObject({
      kind: 'state',
      readyState: 0,
      method: 'GET',
      path: '/events?a=1',
      url: `${upstream.url}/base/events?a=1`,
    });
    expect(
      bySession(1)
        .filter((l) => l.kind === 'event')
        .map((l) => l.data),
    ).toEqual(['GET /base/events?a=1', 'bye']);
    expect(
      bySession(2)
        .filter((l) => l.kind === 'event')
        .map((l) => l.data),
    ).toEqual(['POST /base/other', 'bye']);
    expect(bySession(2).at(-1)).toMatchObject({ kind: 'state', readyState: 2 });
    expect(lines.every((l) => l.session === 1 || l.session === 2)).toBe(true);

    const files = readdirSync(dir).sort();
    expect(files).toEqual(['1-GET-events.ssrec', '2-POST-other.ssrec']);
    const recording = await loadRecordingFile(join(dir, files[0]!));
    const bytes = Buffer.concat(recording.records.flatMap((r) => (r.kind === 'chunk' ? [Buffer.from(r.bytes)] : [])));
    expect(bytes.equals(first.body)).toBe(true);
    expect(recording.header.request.url).toBe(`${upstream.url}/base/events?a=1`);
  });

  it('a non-HTTP upstream is a usage error: one line, exit 2', async () => {
    const run = await runCli(['proxy', 'ftp://127.0.0.1/']);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^streamscope: the upstream must be an http:\/\/ or https:\/\/ URL/);
    expect(run.stdout).toBe('');
  });

  it('an -o directory that cannot be made fails at once, like record -o: one line naming it and why, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streamscope-proxy-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    symlinkSync(join(dir, 'gone'), join(dir, 'dangling'));
    // Under /proc Node's own recursive mkdir tried for ever: the proxy neither started nor ended.
    const outputs = [...(existsSync('/proc/self') ? ['/proc/x/y.ssrec'] : []), join(dir, 'dangling', 'out')];
    for (const output of outputs) {
      const run = await runCli(['proxy', 'http://127.0.0.1:9/', '-o', output], { timeoutMs: 20_000 });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith(`streamscope: cannot create the -o directory ${output}: E`)).toBe(true);
      expect(run.stderr).toMatch(/^[^\n]+\n$/);
    }
  });

  it('a busy port is a usage error: one line, exit 2', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => busy.close(() => r())));
    const port = (busy.address() as { port: number }).port;
    const run = await runCli(['proxy', 'http://127.0.0.1:9/', '--port', String(port)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`streamscope: port ${port} on 127.0.0.1 is already in use\n`);
  });

  it('--host says loudly that it listens beyond 127.0.0.1', async () => {
    const upstream = await sseUpstream();
    const child = startCli(['proxy', upstream.url, '--host', '0.0.0.0']);
    cleanup.push(() => void child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const line = await firstLine(child);
    expect(line).toMatch(/^listening http:\/\/0\.0\.0\.0:\d+$/);
    expect(stderr).toMatch(
      /WARNING: listening on 0\.0\.0\.0, not only 127\.0\.0\.1: anyone who can reach port \d+ can use/,
    );
    // Reached over loopback only.
    const res = await rawRequest(line.replace('listening http://0.0.0.0', 'http://127.0.0.1') + '/x');
    expect(res.status).toBe(200);
  });

  it('keeps secrets in the query out of its recordings, the request line of each state message included', async () => {
    const upstream = await sseUpstream();
    const wsUpstream = await startWsServer((ws) => ws.send('hi'));
    cleanup.push(() => wsUpstream.close());
    // The HTTP requests go to the SSE upstream; the proxy sends upgrades to the same origin, so a
    // second proxy fronts the WebSocket one.
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'streamscope-proxy-redact-')));
    for (const d of dirs) cleanup.push(() => rmSync(d, { recursive: true, force: true }));
    const http1 = startCli(['proxy', upstream.url, '--json', '-o', dirs[0]!]);
    const ws1 = startCli(['proxy', wsUpstream.url.replace('ws:', 'http:'), '--json', '-o', dirs[1]!]);
    for (const c of [http1, ws1]) cleanup.push(() => void c.kill('SIGKILL'));
    const httpBase = (await firstLine(http1)).slice('listening '.length);
    const wsBase = (await firstLine(ws1)).slice('listening '.length).replace('http:', 'ws:');
    const outputs = [collect(http1), collect(ws1)];

    await rawRequest(`${httpBase}/events?api_key=s3cret-http&model=m`);
    const client = new WebSocket(`${wsBase}/socket?token=s3cret-ws&room=r`);
    await new Promise<void>((resolve, reject) => {
      client.on('message', () => resolve());
      client.on('error', reject);
    });
    client.close();
    await until('both sessions closed', () =>
      outputs.every((o) => closedSessions(o.stdout()).length === 1) ? true : undefined,
    );
    http1.kill('SIGTERM');
    ws1.kill('SIGTERM');
    await Promise.all(outputs.map((o) => o.done));

    for (const [dir, param, kept] of [
      [dirs[0]!, 'api_key', 'model=m'],
      [dirs[1]!, 'token', 'room=r'],
    ] as const) {
      const [file] = readdirSync(dir);
      const text = readFileSync(join(dir, file!), 'utf8');
      expect(text).not.toContain('s3cret');
      const connecting = JSON.parse(text.split('\n')[1]!) as { reason: string; message: string };
      expect(connecting.reason).toBe('connecting');
      expect(connecting.message).toMatch(new RegExp(`^(GET|WebSocket) /\\w+\\?${param}=\\[redacted\\]&${kept} → `));
    }
  });

  it('on SIGTERM, says in words that fit the count how many requests were cut off', async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: open\n\n'); // and never ends
    });
    cleanup.push(() => upstream.close());
    const child = startCli(['proxy', upstream.url, '--json']);
    cleanup.push(() => void child.kill('SIGKILL'));
    const base = (await firstLine(child)).slice('listening '.length);
    const output = collect(child);
    const req = http.get(`${base}/stream`, (res) => res.resume());
    req.on('error', () => {});
    cleanup.push(() => void req.destroy());
    await until('the event on stdout', () => (output.stdout().includes('"data":"open"') ? true : undefined));
    child.kill('SIGTERM');
    const result = await output.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('streamscope: proxied 1 request; 1 still open was cut off\n');
  });
});
