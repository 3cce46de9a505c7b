/**
 * The `proxy` area of InspectorApi (Intercept): reverse proxies on 127.0.0.1 whose every request
 * opens a live session of its own, so the app shows what the user's own app receives with the same
 * views, recording, replay and check as any session.
 */
import type { InspectorApi, ProxyInfo } from '#shared/api';
import { fail, ok } from '#shared/result';
import { ProxyListenError, startProxyServer, type ProxyServer } from '../proxy/server';
import type { SessionManager } from '../session/manager';
import { errorMessage } from '#shared/error-message';

export interface ProxyArea {
  api: InspectorApi['proxy'];
  /** Stops every proxy (the app quits). */
  closeAll(): Promise<void>;
}

export function createProxyArea(manager: SessionManager, capacity: () => number): ProxyArea {
  const proxies = new Map<string, ProxyServer>();
  let counter = 0;

  function info(id: string, server: ProxyServer): ProxyInfo {
    return { id, upstream: server.upstream, url: server.url, requests: server.total, open: server.open };
  }

  return {
    api: {
      async start(options) {
        const id = `p${++counter}`;
        try {
          const server = await startProxyServer({
            upstream: options.upstream,
            port: options.port ?? 0,
            observe(exchange) {
              const session = manager.create({
                transport: exchange.transport,
                source: 'live',
                title: `${exchange.method} ${exchange.path}`,
                request: exchange.request,
                capacity: capacity(),
                proxy: { proxyId: id, method: exchange.method, path: exchange.path },
                // Most proxied answers are not event streams: the rules about an SSE response's
                // head would flag every JSON reply.
                diagnostics: { skipHeaderRules: true },
              });
              session.driver = { close: () => exchange.abort('closed in Streamscope') };
              return session.sink;
            },
          });
          proxies.set(id, server);
          return ok(info(id, server));
        } catch (err) {
          const message = errorMessage(err);
          return fail(err instanceof ProxyListenError ? 'io' : 'invalid-argument', message);
        }
      },
      async stop(id) {
        const server = proxies.get(id);
        if (!server) return fail('not-found', `no proxy "${id}"`);
        proxies.delete(id);
        return ok({ openRequests: await server.close() });
      },
      async list() {
        return ok([...proxies].map(([id, server]) => info(id, server)));
      },
    },
    async closeAll() {
      const all = [...proxies.values()];
      proxies.clear();
      await Promise.all(all.map((server) => server.close()));
    },
  };
}
