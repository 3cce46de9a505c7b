import { describe, expect, it } from 'vitest';
import { createJsonRpcTracker } from '../../../src/core/jsonrpc/tracker';

const msg = (m: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', ...m });

describe('JSON-RPC tracker', () => {
  it('tells requests, notifications, responses and errors apart, and leaves other JSON alone', () => {
    const rpc = createJsonRpcTracker();
    expect(rpc.decode(msg({ id: 1, method: 'ping' }), 0, 'in')).toEqual({
      protocol: 'json-rpc',
      kind: 'request',
      method: 'ping',
      id: 1,
    });
    expect(rpc.decode(msg({ method: 'notifications/message', params: {} }), 0, 'in')).toEqual({
      protocol: 'json-rpc',
      kind: 'notification',
      method: 'notifications/message',
    });
    expect(rpc.decode(msg({ id: 'a', error: { code: -32600, message: 'bad' } }), 0, 'in')).toEqual({
      protocol: 'json-rpc',
      kind: 'error',
      id: 'a',
      errorCode: -32600,
      errorMessage: 'bad',
    });
    for (const other of ['{"jsonrpc":"1.0","id":1,"method":"x"}', '{"choices":[]}', 'not json "jsonrpc"', '[DONE]']) {
      expect(rpc.decode(other, 0, 'in')).toBeUndefined();
    }
  });

  it('pairs an answer with the request sent the other way: method, request record and latency', () => {
    const rpc = createJsonRpcTracker();
    rpc.decode(msg({ id: 1, method: 'tools/list' }), 100, 'out');
    rpc.recorded(4);
    // The server's own request 1 (the other direction) does not take the answer.
    rpc.decode(msg({ id: 1, method: 'sampling/createMessage' }), 110, 'in');
    expect(rpc.decode(msg({ id: 1, result: {} }), 142.5, 'in')).toEqual({
      protocol: 'json-rpc',
      kind: 'response',
      id: 1,
      method: 'tools/list',
      requestSeq: 4,
      latencyMs: 42.5,
    });
    // Answered once: a repeated answer is not paired again.
    expect(rpc.decode(msg({ id: 1, result: {} }), 150, 'in')).not.toHaveProperty('method');
    // The string id "1" is not the number 1.
    rpc.decode(msg({ id: 2, method: 'a' }), 0, 'out');
    expect(rpc.decode(msg({ id: '2', result: {} }), 1, 'in')).not.toHaveProperty('method');
  });

  it('ties progress notifications to the request that gave the token; HTTP bodies count as sent requests', () => {
    const rpc = createJsonRpcTracker();
    rpc.sent(msg({ id: 9, method: 'tools/call', params: { _meta: { progressToken: 42 } } }), 1000);
    expect(
      rpc.decode(
        msg({ method: 'notifications/progress', params: { progressToken: 42, progress: 1, total: 2 } }),
        1001,
        'in',
      ),
    ).toEqual({
      protocol: 'json-rpc',
      kind: 'notification',
      method: 'notifications/progress',
      progressToken: 42,
      progress: 1,
      total: 2,
      forId: 9,
    });
    expect(rpc.decode(msg({ id: 9, result: {} }), 1250, 'in')).toMatchObject({ method: 'tools/call', latencyMs: 250 });
  });

  it('decodes a batch as its first message and tracks all of them', () => {
    const rpc = createJsonRpcTracker();
    const batch = `[${msg({ id: 1, method: 'a' })},${msg({ id: 2, method: 'b' })}]`;
    expect(rpc.decode(batch, 0, 'out')).toMatchObject({ kind: 'request', method: 'a' });
    expect(rpc.decode(msg({ id: 2, result: 1 }), 5, 'in')).toMatchObject({ method: 'b', latencyMs: 5 });
  });

  it('forgets the oldest unanswered requests beyond 10,000', () => {
    const rpc = createJsonRpcTracker();
    for (let i = 0; i < 10_001; i++) rpc.decode(msg({ id: i, method: 'm' }), 0, 'out');
    expect(rpc.decode(msg({ id: 0, result: 1 }), 1, 'in')).not.toHaveProperty('method');
    expect(rpc.decode(msg({ id: 10_000, result: 1 }), 1, 'in')).toHaveProperty('method', 'm');
  });
});
