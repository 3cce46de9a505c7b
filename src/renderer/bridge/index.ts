/**
 * The only code in the renderer that knows where the InspectorApi comes from: the Electron
 * preload's `window.streamscope` when present, else the browser host's WebSocket, authenticated
 * with the token the page was opened with. Everything else calls getApi() and does not care.
 */
import type { InspectorApi } from '#shared/api';
import { HOST_SOCKET_PATH } from '#shared/channels';
import { createHostClient } from './host-client';

let api: InspectorApi | null = null;

/** Where the token waits for a reload: per tab and per origin (port), never in a cookie. */
const TOKEN_KEY = 'streamscope.hostToken';

type TokenStore = Pick<Storage, 'getItem' | 'setItem'> | undefined;

/** The host token: from the page's `?token=` (kept for reloads), else from a previous load of this tab. */
export function hostToken(search: string, store: TokenStore): string {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    try {
      store?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage disabled: a reload will need the tokened URL again.
    }
    return fromUrl;
  }
  try {
    return store?.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The host's socket URL for this page: same host and port, with the token. */
export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${HOST_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
}

/** The page's address without `?token=`: what the address bar, history and bookmarks keep. */
export function addressWithoutToken(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string {
  const params = new URLSearchParams(location.search);
  params.delete('token');
  const query = params.toString();
  return `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
}

/** The app's InspectorApi (created once). */
export function getApi(): InspectorApi {
  if (api) return api;
  if (window.streamscope) {
    api = window.streamscope;
    return api;
  }
  const store = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return undefined;
    }
  })();
  api = createHostClient({ url: hostSocketUrl(window.location, hostToken(window.location.search, store)) });
  // The token has been read: it leaves the address bar (screenshots, shoulder-surfing, history).
  if (new URLSearchParams(window.location.search).has('token'))
    window.history.replaceState(window.history.state, '', addressWithoutToken(window.location));
  return api;
}
