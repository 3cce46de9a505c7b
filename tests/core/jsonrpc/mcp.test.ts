import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink } from '../../../src/core/stream';
import type { StreamRecord } from '../../../src/shared/records';
import type { StreamRequest } from '../../../src/shared/request';
import { startMcpServer, type TestMcpServer } from './mcp-server';

let server: TestMcpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function collect(request: StreamRequest): Promise<StreamRecord[]> {
  const out: StreamRecord[] = [];
  const connection = openStream(
    { request },
    createSequencedSink('t', (r) => out.push(r)),
  );
  await connection.done;
  return out;
}

const callCount = (steps: number) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 7,
    method: 'tools/call',
    params: { name: 'count', arguments: { steps }, _meta: { progressToken: 'p-1' } },
  });

describe('MCP Streamable HTTP preset, against the official SDK server', () => {
  it('initializes a session, sends the call in it and pairs the answer and the progress with the call', async () => {
    server = await startMcpServer();
    const records = await collect({ url: server.url, preset: 'mcp', body: callCount(3) });
    const first = records[0]!;
    expect(first).toMatchObject({ kind: 'state', readyState: 0, reason: 'connecting' });
    expect((first as { message: string }).message).toMatch(
      /\(MCP session [0-9a-f-]{36}, protocol 2025-06-18, streamscope-test 1\.0\.0\)$/,
    );
    expect(records.find((r) => r.kind === 'response')).toMatchObject({ status: 200, framing: 'sse' });
    const decoded = records.flatMap((r) =>
      r.kind === 'event' && r.decoded?.protocol === 'json-rpc' ? [r.decoded] : [],
    );
    expect(decoded.filter((d) => d.method === 'notifications/progress')).toEqual(
      [1, 2, 3].map((progress) => ({
        protocol: 'json-rpc',
        kind: 'notification',
        method: 'notifications/progress',
        progressToken: 'p-1',
        progress,
        total: 3,
        forId: 7,
      })),
    );
    const answer = decoded.at(-1)!;
    expect(answer).toMatchObject({ protocol: 'json-rpc', kind: 'response', id: 7, method: 'tools/call' });
    expect(answer.requestSeq).toBeUndefined();
    expect(answer.latencyMs).toBeGreaterThan(10);
    expect(answer.latencyMs).toBeLessThan(5000);
    expect(records.at(-1)).toMatchObject({ kind: 'state', readyState: 2, reason: 'stream-ended' });
    // The session is ended politely.
    await expect.poll(() => server!.deleted.length).toBe(1);
  });

  it('a JSON-RPC error answer is decoded as an error with its code', async () => {
    server = await startMcpServer();
    const records = await collect({
      url: server.url,
      preset: 'mcp',
      body: JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 'no/such/method' }),
    });
    const decoded = records.flatMap((r) =>
      r.kind === 'event' && r.decoded?.protocol === 'json-rpc' ? [r.decoded] : [],
    );
    expect(decoded).toEqual([
      expect.objectContaining({ kind: 'error', id: 'x', method: 'no/such/method', errorCode: -32601 }),
    ]);
  });

  it('a server that refuses the handshake fails with one error and CLOSED', async () => {
    server = await startMcpServer();
    const records = await collect({
      url: server.url.replace('/mcp', '/nothing'),
      preset: 'mcp',
      method: 'POST',
      headers: [['accept', 'text/plain']],
    });
    expect(records.map((r) => r.kind)).toEqual(['state', 'error', 'state']);
    expect(records[1]).toMatchObject({ fatal: true, message: expect.stringMatching(/^MCP initialize: HTTP 4\d\d/) });
  });
});
