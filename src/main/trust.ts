/**
 * Which URLs count as "the app's own renderer" (pure; no Electron import, so it is tested in
 * Node). IPC handlers refuse any other sender frame; navigation to anything else is blocked.
 */
import { APP_INDEX_URL } from './app-protocol';

export interface RendererLocation {
  /** The page the window loads: app://streamscope/index.html, or the dev server's URL. */
  indexUrl: string;
  /** The dev server's origin under `npm run dev`, else null. */
  devOrigin: string | null;
}

/** The command-line switch `npm run dev` passes to Electron; environment variables are inherited, switches are not. */
export const DEV_SWITCH = '--streamscope-dev';

/**
 * The dev server URL, taken from ELECTRON_RENDERER_URL (set by electron-vite dev) only when this
 * is an unpackaged run started with {@link DEV_SWITCH}: a variable inherited by `npm start` or a
 * packaged app must not make another origin "the app".
 */
export function devRendererUrl(
  isPackaged: boolean,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (isPackaged || !argv.includes(DEV_SWITCH)) return undefined;
  return env.ELECTRON_RENDERER_URL || undefined;
}

export function rendererLocation(devUrl: string | undefined): RendererLocation {
  if (devUrl) {
    try {
      const u = new URL(devUrl);
      // Only a loopback dev server is trusted.
      if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1'))
        return { indexUrl: u.href, devOrigin: u.origin };
    } catch {
      // Not a URL: fall through to the built app.
    }
  }
  return { indexUrl: APP_INDEX_URL, devOrigin: null };
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
  // app: is not a special scheme to the URL parser (its origin reads "null"): compare the parts.
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
