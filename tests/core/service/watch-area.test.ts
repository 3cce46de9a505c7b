// The app's watch: a config opened through the dispatcher (as both hosts call it), its health
// reports, a live session on one of its streams, and no secret ever crossing to the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { dispatchCall } from '../../../src/core/service/dispatch';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import type { SessionInfo } from '../../../src/shared/api';
import type { Result } from '../../../src/shared/result';
import type { WatchOverview } from '../../../src/shared/watch';
import { until } from '../../support/wait';

let dir: string;
let demo: DemoServer;
let service: InspectorService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-watch-area-'));
  demo = await startDemoServer({ port: 0 });
  service = createInspectorService({ demo, recordingsDir: join(dir, 'rec'), settingsPath: null });
});
afterAll(async () => {
  await service.close();
  await demo.close();
  await rm(dir, { recursive: true, force: true });
});

const call = <T>(method: string, ...params: unknown[]): Promise<Result<T>> =>
  dispatchCall(service, method, params) as Promise<Result<T>>;

describe('watch in the app', () => {
  it('follows a YAML config, reports health, and opens a live session on a stream', async () => {
    vi.stubEnv('STREAMSCOPE_TEST_WATCH_TOKEN', 'never-shown-7f3a');
    const yaml = [
      'streams:',
      '  - name: classic',
      `    url: ${demo.url}/sse?interval=50`,
      '    headers: { X-Token: "${STREAMSCOPE_TEST_WATCH_TOKEN}" }',
      '  - name: broken',
      `    url: ${demo.url}/scenarios/status-500`,
    ].join('\n');
    const opened = await call<WatchOverview>('watch.openText', 'team.yaml', yaml);
    expect(opened.ok).toBe(true);
    const overview = await until('events on classic', async () => {
      const r = await call<WatchOverview>('watch.status');
      return r.ok && r.value.streams[0]!.events > 0 && r.value.streams[1]!.lastError ? r.value : undefined;
    });
    expect(overview.configName).toBe('team.yaml');
    expect(overview.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(overview.streams.map((s) => [s.name, s.up])).toEqual([
      ['classic', true],
      ['broken', false],
    ]);
    expect(overview.streams[1]!.lastError).toMatchObject({ code: 'http-status' });
    expect(JSON.stringify(overview)).not.toContain('never-shown-7f3a');
    // The same numbers a Prometheus would scrape.
    const metrics = await (await fetch(overview.metricsUrl!)).text();
    expect(metrics).toMatch(/^streamscope_stream_up\{stream="classic"\} 1$/m);

    const session = await call<SessionInfo>('watch.openSession', 'classic');
    expect(session.ok).toBe(true);
    if (!session.ok) return;
    expect(session.value.transport).toBe('sse');
    const listed = await call<SessionInfo[]>('sessions.list');
    expect(listed.ok && listed.value.some((s) => s.id === session.value.id)).toBe(true);

    const missing = await call('watch.openSession', 'nope');
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('watch.stop')).toEqual({ ok: true, value: undefined });
    const after = await call<WatchOverview>('watch.status');
    expect(after).toEqual({ ok: true, value: { configName: null, metricsUrl: null, streams: [] } });
    await expect(fetch(overview.metricsUrl!)).rejects.toThrow();
  });

  it('answers a bad config with the one line the CLI prints, and keeps the running watch', async () => {
    const good = await call<WatchOverview>(
      'watch.openText',
      'a.json',
      JSON.stringify({ streams: [{ name: 'a', url: `${demo.url}/sse` }] }),
    );
    expect(good.ok).toBe(true);
    const bad = await call('watch.openText', 'b.json', JSON.stringify({ streams: [{ name: 'b', url: 'mailto:x' }] }));
    expect(bad).toEqual({
      ok: false,
      error: { code: 'format', message: 'stream "b": url: expected an http(s):// or ws(s):// URL' },
    });
    const status = await call<WatchOverview>('watch.status');
    expect(status.ok && status.value.configName).toBe('a.json');
    expect(await call('watch.openText', 'x.json', 42)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
    await call('watch.stop');
  });
});
