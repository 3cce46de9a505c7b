/**
 * The demo server refuses foreign Host headers, as the ui host does: a page on another site that
 * rebinds its name to 127.0.0.1 must not read the demo (DNS rebinding).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemoServer, type DemoServer } from '../../../src/core/demo/server';

let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer();
});

afterAll(async () => {
  await demo.close();
});

function status(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: demo.port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function upgrade(host: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${demo.port}/ws?interval=1000`, { headers: { host } });
    ws.on('open', () => {
      ws.terminate();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('demo server Host check', () => {
  it('answers its own names and refuses any other Host, for HTTP and WebSocket', async () => {
    expect((await status('/metrics', `127.0.0.1:${demo.port}`)).status).toBe(200);
    expect((await status('/metrics', `LOCALHOST:${demo.port}`)).status).toBe(200);
    const refused = await status('/scenarios', `evil.example:${demo.port}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toBe('forbidden: unexpected Host header (the demo answers 127.0.0.1 and localhost only)\n');
    expect((await status('/metrics', `127.0.0.1:${demo.port + 1}`)).status).toBe(403);
    expect(await upgrade(`127.0.0.1:${demo.port}`)).toBe('open');
    expect(await upgrade(`evil.example:${demo.port}`)).toBe(403);
  });
});
