import { describe, expect, it } from 'vitest';
import { isAppUrl, isExternalLink, rendererLocation } from '../../src/main/trust';

describe('which frames count as the app renderer', () => {
  const prod = rendererLocation('/opt/streamscope/out/renderer/index.html', undefined);

  it('accepts the built index.html (with a query or hash) and nothing else', () => {
    expect(isAppUrl('file:///opt/streamscope/out/renderer/index.html', prod)).toBe(true);
    expect(isAppUrl('file:///opt/streamscope/out/renderer/index.html?x=1#y', prod)).toBe(true);
    expect(isAppUrl('file:///tmp/evil/index.html', prod)).toBe(false);
    expect(isAppUrl('file:///opt/streamscope/out/renderer/other.html', prod)).toBe(false);
    expect(isAppUrl('https://example.com/', prod)).toBe(false);
    expect(isAppUrl('about:blank', prod)).toBe(false);
    expect(isAppUrl('not a url', prod)).toBe(false);
  });

  it('trusts only a loopback dev server, and only its origin', () => {
    const dev = rendererLocation('/x/index.html', 'http://localhost:5173/');
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    const remote = rendererLocation('/x/index.html', 'http://evil.example:5173/');
    expect(remote.devOrigin).toBeNull();
    expect(isAppUrl('http://evil.example:5173/', remote)).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalLink('https://html.spec.whatwg.org/')).toBe(true);
    expect(isExternalLink('http://127.0.0.1:1234/')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
    expect(isExternalLink('smb://host/share')).toBe(false);
  });
});
