// recording.exportHar: a live SSE session, a live WebSocket session and a replay, as HAR files with
// their events and messages, secrets redacted; the desktop writes where the save dialog says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInspectorService, type InspectorService } from '../../../src/core/service/inspector-service';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { importHar } from '../../../src/core/recording';
import { beginStream, startServer, startSseServer, writeParts, type SseServer } from '../../support/servers';
import { APP_VERSION } from '../../../src/shared/version';
import { until } from '../../support/wait';

let dir: string;
let sse: SseServer;
let demo: DemoServer;
let browser: InspectorService;
let desktop: InspectorService;
const proposed: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamscope-har-'));
  sse = await startSseServer(3, 5);
  demo = await startDemoServer({ port: 0 });
  browser = createInspectorService({ demo: null, recordingsDir: join(dir, 'rec'), settingsPath: null });
  desktop = createInspectorService({
    demo: null,
    recordingsDir: join(dir, 'rec2'),
    settingsPath: null,
    dialogs: {
      saveRecording: async () => null,
      saveHar: async (name) => {
        proposed.push(name);
        return join(dir, name);
      },
      openRecording: async () => null,
    },
  });
});

afterAll(async () => {
  await browser.close();
  await desktop.close();
  await demo.close();
  await sse.close();
  await rm(dir, { recursive: true, force: true });
});

interface HarLog {
  log: {
    comment?: string;
    entries: Array<{
      request: {
        url: string;
        headers: Array<{ name: string; value: string }>;
        queryString: Array<{ name: string; value: string }>;
        postData?: { mimeType: string; text: string };
      };
      response: { status: number; content: { text?: string; mimeType: string } };
      _webSocketMessages?: Array<{ type: string; opcode: number; data: string }>;
    }>;
  };
}

async function harOf(service: InspectorService, id: string): Promise<{ text: string; har: HarLog }> {
  const r = await service.recording.exportHar(id);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.path).toBeNull();
  return { text: r.value.text!, har: JSON.parse(r.value.text!) as HarLog };
}

describe('HAR export from the app', () => {
  it('exports a live SSE session that was never recorded, events in the body, secrets redacted', async () => {
    const opened = await browser.sessions.open({
      request: {
        url: `${sse.url}?api_key=k-123&x=1`,
        headers: [
          ['Authorization', 'Bearer sekrit-456'],
          ['X-Trace', 'visible'],
        ],
        reconnect: false,
      },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id;
    await until('the stream to end', () => browser.manager.get(id)!.closed);
    const { text, har } = await harOf(browser, id);
    expect(text).not.toContain('sekrit-456');
    expect(text).not.toContain('k-123');
    const [entry] = har.log.entries;
    expect(entry!.request.url).toBe(`${sse.url}?api_key=[redacted]&x=1`);
    expect(entry!.request.headers).toEqual([
      { name: 'Authorization', value: '[redacted]' },
      { name: 'X-Trace', value: 'visible' },
      { name: 'Accept', value: 'text/event-stream' },
      { name: 'Cache-Control', value: 'no-store' },
      { name: 'Accept-Encoding', value: 'identity' },
      { name: 'User-Agent', value: `streamscope/${APP_VERSION}` },
    ]);
    expect(entry!.request.queryString).toEqual([
      { name: 'api_key', value: '[redacted]' },
      { name: 'x', value: '1' },
    ]);
    expect(entry!.response.status).toBe(200);
    expect(entry!.response.content.mimeType).toBe('text/event-stream');
    expect(entry!.response.content.text).toContain('data: {"n":2,');
    // It opens again as a recording with the same three events.
    const back = importHar('x.har', har);
    expect(back.records.filter((r) => r.kind === 'chunk').length).toBeGreaterThan(0);
    const replay = await browser.replay.openText('back.har', text);
    if (!replay.ok) throw new Error(replay.error.message);
    await browser.replay.setSpeed(replay.value.id, 0);
    await browser.replay.play(replay.value.id);
    const s = browser.manager.get(replay.value.id)!;
    await until('3 replayed events', () => s.ring.slice(0, 1000).filter((r) => r.kind === 'event').length === 3);
  });

  it("a POST's entry has the headers the server got, its query and its body, without a type it was not sent with", async () => {
    const echo = await startServer((_req, res) => {
      beginStream(res);
      void writeParts(res, ['data: ok\n\n']);
    });
    try {
      const opened = await browser.sessions.open({
        request: {
          url: echo.url('/echo?q=a%20b&n=2'),
          method: 'POST',
          headers: [['Authorization', 'Bearer sekrit-1']],
          body: '{"a":1}',
        },
      });
      if (!opened.ok) throw new Error(opened.error.message);
      await until('the stream to end', () => browser.manager.get(opened.value.id)!.closed);
      const { har } = await harOf(browser, opened.value.id);
      const request = har.log.entries[0]!.request;
      const received = echo.requests[0]!.headers;
      // What HTTP/1.1 adds itself (host, connection, content-length) aside, the same headers and values.
      const names = Object.keys(received).filter((n) => !['host', 'connection', 'content-length'].includes(n));
      expect(request.headers.map((h) => h.name.toLowerCase()).sort()).toEqual(names.sort());
      for (const h of request.headers)
        expect(h.value).toBe(h.name === 'Authorization' ? '[redacted]' : received[h.name.toLowerCase()]);
      expect(received['content-type']).toBeUndefined();
      expect(request.queryString).toEqual([
        { name: 'q', value: 'a b' },
        { name: 'n', value: '2' },
      ]);
      expect(request.postData).toEqual({ mimeType: '', text: '{"a":1}' });
    } finally {
      await echo.close();
    }
  });

  it('exports a WebSocket session with sent and received messages as _webSocketMessages', async () => {
    const opened = await browser.sessions.open({
      request: { url: `${demo.url.replace(/^http/, 'ws')}/ws?interval=50` },
    });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id;
    const s = browser.manager.get(id)!;
    await until('open', () => s.readyState === 1);
    expect((await browser.sessions.send(id, { type: 'text', data: 'hello from the test' })).ok).toBe(true);
    await until('two inbound frames', () => s.ring.slice(0, 1000).filter((r) => r.kind === 'frame').length >= 3);
    const { har } = await harOf(browser, id);
    const messages = har.log.entries[0]!._webSocketMessages!;
    expect(messages.some((m) => m.type === 'send' && m.data === 'hello from the test' && m.opcode === 1)).toBe(true);
    expect(messages.some((m) => m.type === 'receive')).toBe(true);
    await browser.sessions.close(id);
  });

  it('says in the log comment when older records had left the ring buffer', async () => {
    const many = await startSseServer(20, 2);
    const opened = await browser.sessions.open({ request: { url: many.url, reconnect: false }, capacity: 10 });
    if (!opened.ok) throw new Error(opened.error.message);
    const s = browser.manager.get(opened.value.id)!;
    await until('the stream to end', () => s.closed);
    await many.close();
    const { har } = await harOf(browser, opened.value.id);
    expect(s.ring.firstSeq).toBeGreaterThan(0);
    expect(har.log.comment).toBe(
      `the session's first ${s.ring.firstSeq} records had left its ring buffer and are not included`,
    );
    // Kept whole: records before the first response head in the ring cannot form an entry.
    expect(har.log.entries.length).toBeLessThanOrEqual(1);
  });

  it('desktop: writes the HAR where the save dialog says', async () => {
    const opened = await desktop.sessions.open({ request: { url: sse.url, reconnect: false } });
    if (!opened.ok) throw new Error(opened.error.message);
    await until('the stream to end', () => desktop.manager.get(opened.value.id)!.closed);
    const r = await desktop.recording.exportHar(opened.value.id);
    if (!r.ok) throw new Error(r.error.message);
    expect(proposed).toEqual([`${opened.value.id}.har`]);
    expect(r.value).toEqual({ path: join(dir, proposed[0]!), text: null });
    const written = JSON.parse(await readFile(r.value.path!, 'utf8')) as HarLog;
    expect(written.log.entries[0]!.response.content.text).toContain('data: {"n":0,');
  });

  it('secret variable values are hidden from the recording and the HAR wherever they went, even unredacted', async () => {
    await browser.settings.set({ redactSecrets: false });
    try {
      const secret = 'var-secret-789';
      const opened = await browser.sessions.open({
        request: {
          url: `${sse.url}?tenant=${secret}`,
          headers: [['X-Custom', `pre-${secret}`]],
          reconnect: false,
        },
        record: true,
        secrets: [secret],
      });
      if (!opened.ok) throw new Error(opened.error.message);
      const id = opened.value.id;
      await until('the stream to end', () => browser.manager.get(id)!.closed);
      const { text } = await harOf(browser, id);
      const saved = await browser.recording.save(id);
      if (!saved.ok) throw new Error(saved.error.message);
      for (const out of [text, saved.value.text!]) {
        expect(out).not.toContain(secret);
        expect(out).toContain('pre-[redacted]');
        expect(out).toContain('tenant=[redacted]');
      }
      // The session itself keeps the request as sent.
      expect(browser.manager.get(id)!.request.url).toContain(secret);
    } finally {
      await browser.settings.set({ redactSecrets: true });
    }
  });

  it('an unknown session is an error, not a file', async () => {
    const r = await browser.recording.exportHar('nope');
    expect(r.ok).toBe(false);
  });
});
