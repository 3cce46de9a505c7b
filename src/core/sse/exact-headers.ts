/**
 * Node's fetch (undici) adds `Accept-Language: *` and `Sec-Fetch-Mode: cors` to every request, as
 * a browser's fetch does; no option turns them off, and `Sec-Fetch-Mode` cannot even be set. A
 * stream request is meant to go out as the user wrote it plus the documented defaults
 * (shared/sent-headers.ts), so these two are taken off where fetch hands the request to its
 * connection pool (its `dispatcher` option), unless the user gave them; everything else (the
 * pool, a global dispatcher someone installed, TLS, redirects) is fetch's own.
 */

/** Where undici keeps the global dispatcher, the same in every undici that Node has bundled. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** Added by fetch itself; absent from what the user asked for unless they set them. */
const ADDED_BY_FETCH = ['accept-language', 'sec-fetch-mode'];

/** What fetch uses of a dispatcher: its one method that sends a request. */
export interface Dispatcher {
  dispatch(options: { headers?: unknown }, handler: unknown): boolean;
}

/**
 * A `dispatcher` for fetch's init that sends `headers` (what the user set) without fetch's own
 * additions. The global dispatcher is looked up per request: undici creates it when it loads,
 * which is the first fetch.
 */
export function exactHeadersDispatcher(headers: Headers): Dispatcher {
  const kept = new Map<string, string>();
  for (const name of ADDED_BY_FETCH) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return {
    dispatch(options, handler) {
      const target = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
      if (!target) throw new Error('fetch has no dispatcher to send the request with');
      return target.dispatch({ ...options, headers: withoutAdded(options.headers, kept) }, handler);
    },
  };
}

/** The headers fetch passes on (an object, or a flat or paired array), with its additions undone. */
function withoutAdded(headers: unknown, kept: ReadonlyMap<string, string>): unknown {
  const drop = (name: unknown) => typeof name === 'string' && ADDED_BY_FETCH.includes(name.toLowerCase());
  const restored = [...kept];
  if (Array.isArray(headers)) {
    if (headers.every((h) => Array.isArray(h))) return [...headers.filter((h) => !drop(h[0])), ...restored];
    const flat: unknown[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) if (!drop(headers[i])) flat.push(headers[i], headers[i + 1]);
    return [...flat, ...restored.flat()];
  }
  if (headers !== null && typeof headers === 'object') {
    const out = Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name)));
    return { ...out, ...Object.fromEntries(restored) };
  }
  return headers;
}
