/** Where a Socket.IO server's Engine.IO WebSocket transport lives, given the URL a user typed. */

/** socket.io's default path. */
export const DEFAULT_SOCKETIO_PATH = '/socket.io/';

/**
 * The Engine.IO 4 WebSocket URL: ws(s) for http(s), the path `/socket.io/` unless the URL names
 * another one, the URL's own query kept (socket.io's `query` option) plus `EIO=4` and
 * `transport=websocket`. Returns the input unchanged when it is not a URL (the WebSocket engine
 * then reports it).
 */
export function engineIoUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.pathname === '' || parsed.pathname === '/') parsed.pathname = DEFAULT_SOCKETIO_PATH;
  parsed.searchParams.set('EIO', '4');
  parsed.searchParams.set('transport', 'websocket');
  parsed.hash = '';
  return parsed.href;
}
