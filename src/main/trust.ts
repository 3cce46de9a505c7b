/**
 * Which URLs count as "the app's own renderer" (pure; no Electron import, so it is tested in
 * Node). IPC handlers refuse any other sender frame; navigation to anything else is blocked.
 */
import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** file:// URL of out/renderer/index.html (production). */
  indexUrl: string;
  /** The dev server's origin when running under `electron-vite dev`, else null. */
  devOrigin: string | null;
}

export function rendererLocation(indexPath: string, devUrl: string | undefined): RendererLocation {
  let devOrigin: string | null = null;
  if (devUrl) {
    try {
      const u = new URL(devUrl);
      // Only a loopback dev server is trusted.
      if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) devOrigin = u.origin;
    } catch {
      devOrigin = null;
    }
  }
  return { indexUrl: pathToFileURL(indexPath).href, devOrigin };
}

/** True when `url` is the app's renderer page (query and hash ignored). */
export function isAppUrl(url: string, location: RendererLocation): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (location.devOrigin !== null) return u.origin === location.devOrigin;
  if (u.protocol !== 'file:') return false;
  return `${u.protocol}//${u.host}${u.pathname}` === location.indexUrl;
}

/** Links the app may hand to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
