/**
 * The app's rule for a host it never reached (issue: it retried every 3 s forever and called it
 * "connection lost"): the session fails at once, as the CLI does, unless the request asks to keep
 * retrying; then each wait says the host was never connected.
 */
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import type { StateRecord } from '../../../src/shared/records';
import { until } from '../../support/wait';

let dir: string;
let service: InspectorService;
let deadUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-unreachable-'));
  service = createInspectorService({ demo: null, recordingsDir: join(dir, 'rec'), settingsPath: null });
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  deadUrl = `http://127.0.0.1:${port}/sse`;
});

afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an unreachable host in the app', () => {
  it('fails at once with a fatal network error (no retry loop) by default', async () => {
    const opened = await service.sessions.open({ request: { url: deadUrl } });
    if (!opened.ok) throw new Error(opened.error.message);
    const s = service.manager.get(opened.value.id)!;
    await until('the session to close', () => s.closed);
    const records = s.ring.slice(0, 100);
    const error = records.find((r) => r.kind === 'error');
    expect(error).toMatchObject({ code: 'network', fatal: true });
    expect(records.some((r) => r.kind === 'state' && r.reason === 'waiting-retry')).toBe(false);
    expect(s.readyState).toBe(2);
  });

  it('keeps retrying when the user chose reconnect on, and says "never connected"', async () => {
    const opened = await service.sessions.open({ request: { url: deadUrl, reconnect: true } });
    if (!opened.ok) throw new Error(opened.error.message);
    const s = service.manager.get(opened.value.id)!;
    const waiting = () =>
      s.ring.slice(0, 100).find((r): r is StateRecord => r.kind === 'state' && r.reason === 'waiting-retry');
    await until('a retry wait', () => waiting() !== undefined);
    expect(waiting()!.message).toMatch(/^never connected \(/);
    expect(s.closed).toBe(false);
    await service.sessions.close(s.id);
  });
});
