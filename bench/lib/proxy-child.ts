/**
 * The proxy in a process of its own, as it runs for real (the app or the CLI is never the user's
 * app's process): out/bench/proxy-child.mjs (entry bench/proxy-child.ts) runs a proxy whose
 * exchanges go into Sessions, prints its URL, and when its stdin closes prints how many events
 * its Sessions got (the proxy parses only what its time allows: see src/core/proxy/inspection.ts)
 * and stops.
 */
import { startProxyServer, type ExchangeObserver } from '../../src/core/proxy/server';
import { createSession } from '../../src/core/session/session';
import { startBareProxy, startPipeProxy } from './bare-proxy';
import { serveUntilStdinEnds, spawnBenchChild } from './bench-child';

/** Events the Sessions of this process got (not the ones the proxy forwarded unparsed). */
export let parsedEvents = 0;

/** Each exchange into a Session of its own, as the app does (dropped when done, as the CLI does). */
export const intoSessions: ExchangeObserver = (exchange) => {
  const session = createSession({
    id: `p${exchange.id}`,
    transport: exchange.transport,
    source: 'live',
    title: `${exchange.method} ${exchange.path}`,
    request: exchange.request,
    diagnostics: { skipHeaderRules: true },
  });
  return (draft) => {
    if (draft.kind === 'event') parsedEvents++;
    return session.sink(draft);
  };
};

/** What sits on the path: the app's proxy, one that only forwards HTTP, or a TCP pipe. */
export type ProxyKind = 'proxy' | 'bare' | 'pipe';

function startKind(kind: ProxyKind, upstream: string): Promise<{ url: string; close(): Promise<unknown> }> {
  if (kind === 'bare') return startBareProxy(upstream);
  if (kind === 'pipe') return startPipeProxy(upstream);
  return startProxyServer({ upstream, observe: intoSessions });
}

/** The child's side: serve until stdin closes. */
export async function runProxyChild(upstream: string, kind: ProxyKind): Promise<void> {
  const proxy = await startKind(kind, upstream);
  serveUntilStdinEnds(proxy.url, () => proxy.close().then(() => String(parsedEvents)));
}

/** The parent's side: starts the child and resolves to its URL; `close()` to its parsed events. */
export async function startProxyChild(
  upstream: string,
  kind: ProxyKind,
): Promise<{ url: string; close(): Promise<number> }> {
  const child = await spawnBenchChild('proxy-child', [upstream, kind]);
  return { url: child.ready, close: () => child.close().then(Number) };
}
