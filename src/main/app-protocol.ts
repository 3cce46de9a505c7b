/**
 * The app's own scheme, `app://streamscope/…`: the built renderer is served from it instead of
 * file://, so the CSP travels as a response header (which file:// pages never get, leaving only
 * the <meta> policy, where frame-ancestors is ignored) and no other local file shares its origin.
 * Pure (no Electron import): main registers the scheme and passes Electron's requests here.
 */
import { readStaticFile } from '../core/static-files';
import { ELECTRON_CSP } from './window-options';

export const APP_SCHEME = 'app';
export const APP_HOST = 'streamscope';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What protocol.registerSchemesAsPrivileged gets: a standard, secure origin with fetch. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

const HEADERS = {
  'Content-Security-Policy': ELECTRON_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

/** Answers `app://streamscope/<path>` from `rendererDir`; anything else is a 404, never a file outside it. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || request.method !== 'GET') return notFound();
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return notFound();
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...HEADERS, 'Content-Type': file.contentType },
    });
  };
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { ...HEADERS, 'Content-Type': 'text/plain' } });
}
