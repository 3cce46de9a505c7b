// Intercept through the service, as both hosts call it (dispatchCall validates first): a proxy for
// a real upstream, a session per request with method, path and status, stop saying how many
// requests were still open.
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { dispatchCall } from '../../../src/core/service/dispatch';
import type { ProxyInfo, SessionInfo } from '../../../src/shared/api';
import { startUpstream, type Upstream } from '../proxy/helpers';
import { until } from '../../support/wait';

let dir: string;
let upstream: Upstream;
let service: InspectorService;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-proxy-area-'));
  upstream = await startUpstream((req, res) => {
    if (req.url?.endsWith('/hang')) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: waiting\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: one\n\ndata: two\n\n');
  });
  service = createInspectorService({ demo: null, recordingsDir: join(dir, 'rec'), settingsPath: null });
});

afterAll(async () => {
  await service.close();
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

describe('proxy.* through dispatch', () => {
  it('starts a proxy whose requests open sessions with method, path and status; stop counts the open ones', async () => {
    const started = await dispatchCall(service, 'proxy.start', [{ upstream: `${upstream.url}/api` }]);
    expect(started.ok).toBe(true);
    const proxy = (started as { value: ProxyInfo }).value;
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const body = await new Promise<string>((resolve, reject) => {
      http
        .get(`${proxy.url}/events?x=1`, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toBe('data: one\n\ndata: two\n\n');
    const session = await until('the session', async () => {
      const list = await service.sessions.list();
      return list.ok
        ? list.value.find((s: SessionInfo) => s.proxy?.path === '/events?x=1' && s.readyState === 2)
        : undefined;
    });
    expect(session).toMatchObject({
      transport: 'sse',
      source: 'live',
      title: 'GET /events?x=1',
      proxy: { proxyId: proxy.id, method: 'GET', path: '/events?x=1', status: 200 },
    });
    expect(session.request.url).toBe(`${upstream.url}/api/events?x=1`);
    const records = await service.sessions.records(session.id, 0, 100);
    expect(
      records.ok && records.value.filter((r) => r.kind === 'event').map((r) => (r.kind === 'event' ? r.data : '')),
    ).toEqual(['one', 'two']);

    // One request left hanging: stopping says so and ends its session.
    const hanging = http.get(`${proxy.url}/hang`, (res) => res.resume());
    hanging.on('error', () => {});
    const hangSession = await until('the open request', async () => {
      const list = await service.sessions.list();
      return list.ok ? list.value.find((s) => s.proxy?.path === '/hang' && s.readyState === 1) : undefined;
    });
    const listed = await dispatchCall(service, 'proxy.list', []);
    expect(listed).toMatchObject({ ok: true, value: [{ id: proxy.id, requests: 2, open: 1 }] });
    expect(await dispatchCall(service, 'proxy.stop', [proxy.id])).toEqual({ ok: true, value: { openRequests: 1 } });
    const ended = await service.sessions.records(hangSession.id, 0, 100);
    expect(ended.ok && ended.value.at(-1)).toMatchObject({
      kind: 'state',
      readyState: 2,
      message: 'the proxy stopped',
    });
    expect(await dispatchCall(service, 'proxy.list', [])).toEqual({ ok: true, value: [] });
  });

  it('closing a proxied session cuts that request', async () => {
    const started = await service.proxy.start({ upstream: upstream.url });
    const proxy = (started as { ok: true; value: ProxyInfo }).value;
    const clientClosed = new Promise<void>((resolve) => {
      http
        .get(`${proxy.url}/hang`, (res) => {
          res.resume();
          res.on('close', resolve);
        })
        .on('error', () => resolve());
    });
    const session = await until('the session', async () => {
      const list = await service.sessions.list();
      return list.ok ? list.value.find((s) => s.proxy?.proxyId === proxy.id && s.readyState === 1) : undefined;
    });
    await service.sessions.close(session.id);
    await clientClosed;
    expect(await service.proxy.stop(proxy.id)).toEqual({ ok: true, value: { openRequests: 0 } });
  });

  it('refuses a non-HTTP upstream, unknown fields and an unknown proxy with one line', async () => {
    const ftp = await dispatchCall(service, 'proxy.start', [{ upstream: 'ftp://127.0.0.1/' }]);
    expect(ftp).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!ftp.ok && ftp.error.message).toMatch(
      /^proxy\.start: options\.upstream must be an http:\/\/ or https:\/\/ URL/,
    );
    const extra = await dispatchCall(service, 'proxy.start', [{ upstream: upstream.url, host: '0.0.0.0' }]);
    expect(!extra.ok && extra.error.message).toMatch(/unknown field "host"/);
    expect(await dispatchCall(service, 'proxy.stop', ['p999'])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
