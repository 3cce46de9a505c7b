/**
 * What Intercept shows of a running proxy, from what the back end says of it (ProxyInfo), and
 * when to ask it again.
 */
import type { ProxyInfo, SessionInfo } from '#shared/api';
import { isClosed } from '../../lib/format';

/** "2 requests so far, 1 open": the back end's counts, closed tabs' requests included. */
export function requestCounts(proxy: Pick<ProxyInfo, 'requests' | 'open'>): string {
  return `${proxy.requests} request${proxy.requests === 1 ? '' : 's'} so far, ${proxy.open} open`;
}

/**
 * Changes whenever a proxied request starts or ends, as the page's sessions show it: the moment
 * the back end's counts have changed too, and the proxies are worth asking for again. (A request
 * is counted by the proxy before its session exists, and finished before its closing record is
 * sent, so an answer asked for on this change is never behind it.)
 */
export function proxiedActivity(sessions: Readonly<Record<string, SessionInfo>>): string {
  let requests = 0;
  let ended = 0;
  let last = '';
  for (const [id, info] of Object.entries(sessions)) {
    if (!info.proxy) continue;
    requests++;
    last = id;
    if (isClosed(info.transport, info.readyState)) ended++;
  }
  return `${requests}/${ended}/${last}`;
}
