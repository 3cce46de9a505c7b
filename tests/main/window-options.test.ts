import { describe, expect, it } from 'vitest';
import { ELECTRON_CSP, windowOptions } from '../../src/main/window-options';

describe('the BrowserWindow options', () => {
  const prefs = windowOptions('/app/out/preload/index.js').webPreferences!;

  it('isolate and sandbox the renderer with Node off and web security on', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/index.js');
  });

  it('has a CSP without remote or inline script and no framing', () => {
    const directives = new Map(
      ELECTRON_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(ELECTRON_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
