import { describe, expect, it } from 'vitest';
import { proxiedActivity, requestCounts } from '../../src/renderer/features/intercept/intercept-model';
import type { SessionInfo } from '../../src/shared/api';
import { sessionInfo } from '../support/session-info';

const proxied = (id: string, readyState: number, transport: 'sse' | 'ws' = 'sse'): SessionInfo => ({
  ...sessionInfo(id),
  transport,
  readyState,
  proxy: { proxyId: 'p1', method: 'GET', path: `/${id}`, status: 200 },
});

describe('Intercept model', () => {
  it('says the back end counts in words that fit them', () => {
    expect(requestCounts({ requests: 0, open: 0 })).toBe('0 requests so far, 0 open');
    expect(requestCounts({ requests: 1, open: 1 })).toBe('1 request so far, 1 open');
    expect(requestCounts({ requests: 4, open: 0 })).toBe('4 requests so far, 0 open');
  });

  it('changes when a proxied request starts or ends, not for other sessions', () => {
    const other = sessionInfo('s1');
    const start = proxiedActivity({ s1: other });
    expect(proxiedActivity({ s1: { ...other, readyState: 2 } })).toBe(start);
    const one = proxiedActivity({ s1: other, s2: proxied('s2', 1) });
    expect(one).not.toBe(start);
    const ended = proxiedActivity({ s1: other, s2: proxied('s2', 2) });
    expect(ended).not.toBe(one);
    // A closed tab and a new request at once still reads as a change.
    expect(proxiedActivity({ s1: other, s3: proxied('s3', 2) })).not.toBe(ended);
    // WebSocket sessions end at readyState 3.
    expect(proxiedActivity({ w: proxied('w', 2, 'ws') })).not.toBe(proxiedActivity({ w: proxied('w', 3, 'ws') }));
  });
});
