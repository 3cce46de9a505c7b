import { describe, expect, it } from 'vitest';
import { hostAndPath, tabLabels } from '../../src/renderer/features/sessions/tab-label';
import type { SessionInfo } from '../../src/shared/api';
import type { Transport } from '../../src/shared/records';

type Source = Pick<SessionInfo, 'title' | 'source' | 'transport' | 'request' | 'proxy'>;
const live = (url: string, method = 'GET', transport: Transport = 'sse'): Source => ({
  title: url,
  source: 'live',
  transport,
  request: { url, method, headers: [] },
});

describe('tab labels', () => {
  it('shows host and path, without scheme, query or a bare slash', () => {
    expect(hostAndPath('https://api.example.com/v1/stream?x=1')).toBe('api.example.com/v1/stream');
    expect(hostAndPath('ws://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
    expect(hostAndPath('not a url')).toBe('not a url');
  });

  it('numbers tabs that would read the same, in order, and gives method and URL as the tooltip', () => {
    const labels = tabLabels(
      [live('http://h/a?x=1'), live('http://h/b', 'POST'), live('http://h/a?x=2'), live('ws://h/a', 'GET', 'ws')],
      [],
    );
    expect(labels.map((l) => l.label)).toEqual(['h/a', 'h/b', 'h/a · 2', 'h/a · 3']);
    expect(labels[1]!.tooltip).toBe('POST http://h/b');
    expect(labels[3]!.tooltip).toBe('WebSocket ws://h/a');
  });

  it('prefers a name the user gave, keeping the URL in the tooltip; a blank name does not count', () => {
    const labels = tabLabels([live('http://h/a'), live('http://h/a')], ['mine', '  ']);
    expect(labels.map((l) => l.label)).toEqual(['mine', 'h/a']);
    expect(labels[0]!.tooltip).toBe('mine\nGET http://h/a');
  });

  it('labels replays by their recording and intercepted requests by their title', () => {
    const replay: Source = { ...live('http://h/a'), source: 'replay', title: 'run.ssrec' };
    const proxied: Source = {
      ...live('http://h/a'),
      title: 'POST /v1/chat',
      proxy: { proxyId: 'p', method: 'POST', path: '/v1/chat', status: 200 },
    };
    const [r, p] = tabLabels([replay, proxied], []);
    expect(r).toEqual({ label: 'run.ssrec', tooltip: 'Replay of run.ssrec\nhttp://h/a' });
    expect(p!.label).toBe('POST /v1/chat');
  });
});
