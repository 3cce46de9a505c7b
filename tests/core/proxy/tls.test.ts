// An https upstream with a self-signed certificate (the throwaway one in tests/core/ws/fixtures):
// refused by default with a 502 naming the certificate problem, accepted with insecure.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startObservedProxy } from './helpers';

const fixtures = join(__dirname, '..', 'ws', 'fixtures');
let server: https.Server;
let url: string;

beforeAll(async () => {
  server = https.createServer(
    {
      cert: readFileSync(join(fixtures, 'localhost-cert.pem')),
      key: readFileSync(join(fixtures, 'localhost-key.pem')),
    },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: over tls\n\n');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('an https upstream', () => {
  it('with a certificate nobody vouches for: 502 with one line, the session shows the TLS error', async () => {
    const observed = await startObservedProxy(url);
    try {
      const res = await rawRequest(`${observed.proxy.url}/events`);
      expect(res.status).toBe(502);
      expect(res.body.toString()).toMatch(
        /^streamscope proxy: cannot reach https:\/\/127\.0\.0\.1:\d+: .*(self[- ]signed|certificate)/i,
      );
      const records = await observed.finished(1);
      expect(records.find((r) => r.kind === 'error')).toMatchObject({ code: 'network', fatal: true });
    } finally {
      await observed.proxy.close();
    }
  });

  it('with insecure: forwarded and parsed like any other', async () => {
    const observed = await startObservedProxy(url, { insecure: true });
    try {
      const res = await rawRequest(`${observed.proxy.url}/events`);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('data: over tls\n\n');
      const records = await observed.finished(1);
      expect(records.filter((r) => r.kind === 'event').map((r) => (r.kind === 'event' ? r.data : ''))).toEqual([
        'over tls',
      ]);
    } finally {
      await observed.proxy.close();
    }
  });
});
