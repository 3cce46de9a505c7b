import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { dispatchCall } from '../../../src/core/service/dispatch';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import type { Batch } from '../../../src/shared/api';
import type { StreamRecord } from '../../../src/shared/records';
import { startSseServer, type SseServer } from '../../support/servers';
import { until } from '../../support/wait';

let dir: string;
let sse: SseServer;
let demo: DemoServer;
let service: InspectorService;
const batches: Batch[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-service-'));
  sse = await startSseServer(4, 10);
  demo = await startDemoServer({ port: 0 });
  service = createInspectorService({ demo, recordingsDir: join(dir, 'rec'), settingsPath: join(dir, 'settings.json') });
  service.subscribe((b) => batches.push(b));
});

afterAll(async () => {
  await service.close();
  await demo.close();
  await sse.close();
  await rm(dir, { recursive: true, force: true });
});

const eventsOf = (id: string): StreamRecord[] =>
  batches.flatMap((b) => b.records).filter((r) => r.sessionId === id && r.kind === 'event');

describe('inspector service', () => {
  it('records a live session, saves it as text, and replays it as a new session', async () => {
    const opened = await service.sessions.open({ request: { url: sse.url, reconnect: false }, record: true });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id;
    expect(opened.value.recording).toBe(true);
    await until('4 live events', () => eventsOf(id).length === 4);
    await until('the stream to end', () => service.manager.get(id)!.closed);

    const saved = await service.recording.save(id);
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.path).toBeNull();
    const text = saved.value.text!;
    expect(text.split('\n')[0]).toContain('"streamscope-recording"');

    const replay = await service.replay.openText('live.ssrec', text);
    if (!replay.ok) throw new Error(replay.error.message);
    const rid = replay.value.id;
    expect(replay.value.source).toBe('replay');
    expect(replay.value.replay?.playing).toBe(false);
    expect((await service.replay.setSpeed(rid, 0)).ok).toBe(true);
    expect((await service.replay.play(rid)).ok).toBe(true);
    await until('4 replayed events', () => eventsOf(rid).length === 4);
    const live = eventsOf(id).map((e) => (e.kind === 'event' ? e.data : ''));
    expect(eventsOf(rid).map((e) => (e.kind === 'event' ? e.data : ''))).toEqual(live);

    const served = await service.replay.serve(rid);
    if (!served.ok) throw new Error(served.error.message);
    const body = await (await fetch(served.value.url)).text();
    expect(body).toContain('data: {"n":3');
    expect((await service.replay.unserve(rid)).ok).toBe(true);
  });

  it('refuses wrong session kinds and unknown sessions with clear errors', async () => {
    const r1 = await service.replay.play('s999');
    expect(!r1.ok && r1.error.code).toBe('not-found');
    const opened = await service.sessions.open({ request: { url: sse.url, reconnect: false } });
    if (!opened.ok) throw new Error(opened.error.message);
    const r2 = await service.replay.play(opened.value.id);
    expect(!r2.ok && r2.error.code).toBe('unsupported');
    const r3 = await service.recording.save(opened.value.id);
    expect(!r3.ok && r3.error.message).toMatch(/no recording/);
    const r4 = await service.recording.save(opened.value.id, '/etc/passwd');
    expect(!r4.ok && r4.error.code).toBe('invalid-argument');
    const r5 = await service.replay.openText('junk.streamscope', '{"format":"streamscope-recording","version":99}\n');
    expect(!r5.ok && r5.error.code).toBe('format');
    const r6 = await service.replay.openDialog();
    expect(!r6.ok && r6.error.code).toBe('unsupported');
    expect((await service.sessions.remove(opened.value.id)).ok).toBe(true);
    expect((await service.sessions.list()).ok && (await service.sessions.list())).toBeTruthy();
  });

  it('reports the demo server and persists settings to its JSON file', async () => {
    const info = await service.demo.info();
    expect(info.ok && info.value.baseUrl).toBe(demo.url);
    const scenarios = await service.demo.scenarios();
    expect(scenarios.ok && scenarios.value.length).toBeGreaterThan(0);
    const set = await service.settings.set({ defaultCapacity: 500 });
    expect(set.ok && set.value.defaultCapacity).toBe(500);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).defaultCapacity).toBe(500);
  });

  it('dispatch validates before calling and never throws', async () => {
    const bad = await dispatchCall(service, 'sessions.open', [{ request: { url: 'gopher://x' } }]);
    expect(!bad.ok && bad.error.code).toBe('invalid-argument');
    const list = await dispatchCall(service, 'sessions.list', []);
    expect(list.ok).toBe(true);
  });
});
