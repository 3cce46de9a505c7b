/**
 * The demo's /mcp endpoint: spoken to by the official MCP SDK client (so it is a real MCP server)
 * and by Streamscope's MCP preset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';
import { openStream } from '../../../src/core/open-stream';
import { createSequencedSink } from '../../../src/core/stream';
import type { StreamRecord } from '../../../src/shared/records';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

describe('demo /mcp', () => {
  it('the SDK client initializes, lists the tool and gets progress and the result of count', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['count']);
      const progress: number[] = [];
      const result = await client.callTool({ name: 'count', arguments: { steps: 3, delayMs: 1 } }, undefined, {
        onprogress: (p) => progress.push(p.progress),
      });
      expect(progress).toEqual([1, 2, 3]);
      expect(result.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
      await expect(client.callTool({ name: 'nope', arguments: {} })).rejects.toThrow(/unknown tool/);
    } finally {
      await transport.terminateSession();
      await client.close();
    }
  });

  it('the MCP preset streams the call: progress tied to it, the answer paired, a JSON answer read whole', async () => {
    const records: StreamRecord[] = [];
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'count', arguments: { steps: 2, delayMs: 1 }, _meta: { progressToken: 't' } },
    });
    await openStream(
      { request: { url: `${server.url}/mcp`, preset: 'mcp', body: call } },
      createSequencedSink('s', (r) => records.push(r)),
    ).done;
    const decoded = records.flatMap((r) =>
      r.kind === 'event' && r.decoded?.protocol === 'json-rpc' ? [r.decoded] : [],
    );
    expect(decoded.map((d) => [d.kind, d.method, d.forId ?? d.id])).toEqual([
      ['notification', 'notifications/progress', 1],
      ['notification', 'notifications/progress', 1],
      ['response', 'tools/call', 1],
    ]);
    const list: StreamRecord[] = [];
    await openStream(
      { request: { url: `${server.url}/mcp`, preset: 'mcp', body: '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' } },
      createSequencedSink('s', (r) => list.push(r)),
    ).done;
    expect(list.find((r) => r.kind === 'response')).toMatchObject({ framing: 'json-seq' });
    expect(list.filter((r) => r.kind === 'event').map((r) => (r as { decoded?: unknown }).decoded)).toEqual([
      expect.objectContaining({ kind: 'response', id: 2, method: 'tools/list' }),
    ]);
  });
});
