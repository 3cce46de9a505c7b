import { describe, expect, it } from 'vitest';
import { DEV_SWITCH, devRendererUrl, isAppUrl, isExternalLink, rendererLocation } from '../../src/main/trust';

describe('which frames count as the app renderer', () => {
  const prod = rendererLocation(undefined);

  it('is the page served from app://streamscope/index.html (with a query or hash) and nothing else', () => {
    expect(prod.indexUrl).toBe('app://streamscope/index.html');
    expect(isAppUrl('app://streamscope/index.html', prod)).toBe(true);
    expect(isAppUrl('app://streamscope/index.html?x=1#y', prod)).toBe(true);
    expect(isAppUrl('app://streamscope/other.html', prod)).toBe(false);
    expect(isAppUrl('app://evil/index.html', prod)).toBe(false);
    // The built file itself, opened as a file, is not the app: it gets no API.
    expect(isAppUrl('file:///opt/streamscope/out/renderer/index.html', prod)).toBe(false);
    expect(isAppUrl('https://example.com/', prod)).toBe(false);
    expect(isAppUrl('about:blank', prod)).toBe(false);
    expect(isAppUrl('not a url', prod)).toBe(false);
  });

  it('trusts only a loopback dev server, and only its origin', () => {
    const dev = rendererLocation('http://localhost:5173/');
    expect(dev.indexUrl).toBe('http://localhost:5173/');
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('app://streamscope/index.html', dev)).toBe(false);
    const remote = rendererLocation('http://evil.example:5173/');
    expect(remote.devOrigin).toBeNull();
    expect(remote.indexUrl).toBe('app://streamscope/index.html');
    expect(isAppUrl('http://evil.example:5173/', remote)).toBe(false);
  });

  it('takes ELECTRON_RENDERER_URL only from `npm run dev` (its switch), never in a packaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(devRendererUrl(false, ['electron', '.', DEV_SWITCH], env)).toBe('http://localhost:5173/');
    // Inherited by `npm start` (no switch): ignored.
    expect(devRendererUrl(false, ['electron', '/app'], env)).toBeUndefined();
    expect(devRendererUrl(true, ['streamscope', DEV_SWITCH], env)).toBeUndefined();
    expect(devRendererUrl(false, ['electron', '.', DEV_SWITCH], {})).toBeUndefined();
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalLink('https://html.spec.whatwg.org/')).toBe(true);
    expect(isExternalLink('http://127.0.0.1:1234/')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('smb://host/share')).toBe(false);
  });
});
