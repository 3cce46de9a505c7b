/**
 * The rules against the demo server's own scenarios: misbehaving ones trigger exactly the rules
 * they should, clean ones (the classic /sse, the LLM streams, the real-world fixtures) stay quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { run } from './helpers';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(() => demo.close());

const cases: Array<{ path: string; method?: string; reconnect?: boolean; rules: string[]; events?: number }> = [
  { path: '/sse?interval=50&statusInterval=120&duration=1', rules: [] },
  { path: '/scenarios/typed-events?count=3&interval=30', rules: [], events: 3 },
  { path: '/scenarios/resume?count=4&interval=20', rules: [], events: 4 },
  { path: '/scenarios/disconnect?after=2&count=6&interval=20&retry=50', reconnect: true, rules: [], events: 6 },
  { path: '/scenarios/multiline', rules: [] },
  { path: '/scenarios/crlf', rules: [] },
  { path: '/scenarios/bom', rules: [] },
  { path: '/scenarios/slow-drip?delay=2', rules: [], events: 2 },
  { path: '/scenarios/big-event?size=1048576&count=1', rules: [], events: 1 },
  { path: '/scenarios/firehose?rate=0&count=500&duration=5', rules: [], events: 500 },
  { path: '/scenarios/openai-chat?delay=5', method: 'POST', rules: [] },
  { path: '/scenarios/anthropic-messages?delay=5', method: 'POST', rules: [] },
  { path: '/scenarios/fixture/openai-chat-completions', method: 'POST', rules: [] },
  { path: '/scenarios/fixture/anthropic-messages', method: 'POST', rules: [] },
  { path: '/scenarios/fixture/wikimedia-recentchange', rules: [] },
  { path: '/scenarios/fixture/mcp-streamable-http', method: 'POST', rules: [] },
  { path: '/scenarios/fixture/crlf-heartbeats', rules: [] },
  // Misbehaving scenarios.
  { path: '/scenarios/retry?ms=100', rules: ['retry-not-digits'], events: 1 },
  { path: '/scenarios/cr', rules: ['cr-line-endings'] },
  { path: '/scenarios/wrong-content-type', rules: ['content-type'], events: 0 },
  { path: '/scenarios/big-event?size=1048577&count=2', rules: ['large-event'], events: 2 },
];

describe('diagnostics on the demo scenarios', () => {
  for (const c of cases) {
    const label = c.rules.length ? `${c.path} triggers ${c.rules.join(', ')}` : `${c.path} is quiet`;
    it(label, async () => {
      const r = await run(demo.url + c.path, {
        request: { method: c.method ?? 'GET', reconnect: c.reconnect ?? false },
        timeoutMs: 8000,
      });
      const events = r.records.filter((x) => x.kind === 'event').length;
      if (c.events !== undefined) expect(events).toBe(c.events);
      else expect(events).toBeGreaterThan(0);
      expect(r.rules).toEqual(c.rules);
    });
  }
});
