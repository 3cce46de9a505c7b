/**
 * The BrowserWindow options, kept pure (type-only import of electron) so a test can assert every
 * security setting without loading Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Options of the app's one window; `preload` is the built preload script's absolute path. */
export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Streamscope',
    // Shown once the first paint is ready: no white flash.
    show: false,
    webPreferences: {
      preload,
      // The renderer and the preload live in separate JavaScript worlds.
      contextIsolation: true,
      // The renderer (and the preload) run in Chromium's OS-level sandbox.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in a new window (denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** The Content-Security-Policy main adds as a response header (the page's meta tag says the same). */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // The renderer talks to main over IPC only; streams are opened by main, never by the page.
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
