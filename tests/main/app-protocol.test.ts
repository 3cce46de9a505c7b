/**
 * The app:// handler as Electron calls it (a fetch Request in, a Response out), on the real
 * built renderer: every response carries the CSP header, and nothing outside out/renderer leaks.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../../src/main/app-protocol';
import { ELECTRON_CSP } from '../../src/main/window-options';

const handle = createAppProtocolHandler(join(__dirname, '..', '..', 'out', 'renderer'));

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('serves the built index.html with the CSP (frame-ancestors included) as a response header', async () => {
    const res = await handle(new Request(APP_INDEX_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<div id="root"></div>');
  });

  it('serves the bundle the page names', async () => {
    const html = await (await handle(new Request(APP_INDEX_URL))).text();
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await handle(new Request(`app://streamscope${script}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for escapes, other hosts, other schemes and non-GET', async () => {
    for (const url of [
      'app://streamscope/../../package.json',
      'app://streamscope/%2e%2e/%2e%2e/package.json',
      'app://streamscope/..%2f..%2fpackage.json',
      'app://streamscope/missing.js',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy'), url).toBe(ELECTRON_CSP);
    }
    expect((await handle(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
