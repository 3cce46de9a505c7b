import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { Host } from '../../src/host/server';
import { startTestHost, type TestHost } from '../support/host';

let testHost: TestHost;
let host: Host;

beforeAll(async () => {
  testHost = await startTestHost();
  host = testHost.host;
});

afterAll(async () => {
  await testHost.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET, so the Host header can be anything (fetch would refuse to fake it). */
function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket handshake; resolves with 'open' or the HTTP status it was refused with. */
/** `name=value` of the cookie the tokened page sets. */
async function assetCookie(): Promise<string> {
  const page = await get(`/?token=${host.token}`);
  return String(page.headers['set-cookie']).split(';')[0]!;
}

function handshake(
  path: string,
  options: { origin?: string; host?: string; cookie?: string } = {},
): Promise<'open' | number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    if (options.host) headers.host = options.host;
    if (options.cookie) headers.cookie = options.cookie;
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, { origin: options.origin, headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(-1));
  });
}

const origin = () => `http://127.0.0.1:${host.port}`;

describe('browser host security', () => {
  it('uses a token of at least 128 bits', () => {
    expect(Buffer.from(host.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  });

  it('serves the page with the right token, sets a strict HttpOnly asset-key cookie and security headers', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Streamscope test page');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^streamscope_${host.port}=[A-Za-z0-9_-]{43};`));
    // Cookies reach every port of 127.0.0.1: the token itself must never be one.
    expect(cookie).not.toContain(host.token);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets (and the page, for a reload) with the asset-key cookie, and refuses them without', async () => {
    const cookie = await assetCookie();
    const withCookie = await get('/assets/app.js', { cookie });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers['content-type']).toContain('text/javascript');
    expect((await get('/', { cookie })).status).toBe(200);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/assets/app.js', { cookie: `streamscope_${host.port}=nope` })).status).toBe(403);
    // The token as a cookie opens nothing: only the asset key is a cookie.
    expect((await get('/assets/app.js', { cookie: `streamscope_${host.port}=${host.token}` })).status).toBe(403);
  });

  it('never opens the socket with the asset key, as a query token or as a cookie', async () => {
    const cookie = await assetCookie();
    const assetKey = cookie.split('=')[1]!;
    expect(await handshake(`/api?token=${assetKey}`, { origin: origin() })).toBe(401);
    expect(await handshake('/api', { origin: origin(), cookie })).toBe(401);
    expect(await handshake(`/api?token=${host.token}`, { origin: origin(), cookie })).toBe('open');
  });

  it('refuses the page without a token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${host.token.slice(0, -1)}`)).status).toBe(403);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
  });

  it('does not serve files outside the renderer directory', async () => {
    const cookie = { cookie: await assetCookie() };
    expect((await get('/..%2f..%2fetc%2fpasswd', cookie)).status).toBe(404);
    expect((await get('/assets/../../etc/passwd', cookie)).status).toBe(404);
  });

  it('opens the socket only with the right token, Origin and Host', async () => {
    const path = `/api?token=${host.token}`;
    expect(await handshake(path, { origin: origin() })).toBe('open');
    expect(await handshake('/api', { origin: origin() })).toBe(401);
    expect(await handshake('/api?token=wrong', { origin: origin() })).toBe(401);
    expect(await handshake(path, { origin: 'http://evil.example' })).toBe(403);
    expect(await handshake(path, { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await handshake(path)).toBe(403);
    expect(await handshake(path, { origin: origin(), host: `evil.example:${host.port}` })).toBe(403);
  });
});
