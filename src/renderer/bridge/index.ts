/**
 * The only code in the renderer that knows where the InspectorApi comes from: the Electron
 * preload's `window.streamscope` when present, else the browser host's WebSocket, authenticated
 * with the token of the page's own URL. Everything else calls getApi() and does not care.
 */
import type { InspectorApi } from '../../shared/api';
import { HOST_SOCKET_PATH } from '../../shared/channels';
import { createHostClient } from './host-client';

let api: InspectorApi | null = null;

/** The host's socket URL for this page: same host and port, the page's `?token=`. */
export function hostSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${HOST_SOCKET_PATH}?token=${encodeURIComponent(token)}`;
}

/** The app's InspectorApi (created once). */
export function getApi(): InspectorApi {
  if (api) return api;
  api = window.streamscope ?? createHostClient({ url: hostSocketUrl(window.location) });
  return api;
}
