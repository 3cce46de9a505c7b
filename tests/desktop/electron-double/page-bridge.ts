/**
 * The page side of the double's contextBridge: what `exposeInMainWorld` makes visible in the
 * Chromium page. Runs as an init script (before the page's own scripts) in the top frame only,
 * as Electron runs preloads only there without nodeIntegrationInSubFrames.
 *
 * One honest difference from Electron: a call crosses to the preload (in Node) and back
 * asynchronously, so a call's result is a promise that is also callable; `subscribe()` style
 * methods that return a function return that, and calling it calls the function once it arrived.
 */
export interface BridgeShape {
  key: string;
  /** Dotted paths of the exposed object's functions, e.g. 'sessions.open'. */
  functions: string[];
  binding: string;
}

/** A marker for a function crossing the bridge, by id. */
export interface FnRef {
  __electronDoubleFn: number;
}

export function isFnRef(v: unknown): v is FnRef {
  return typeof v === 'object' && v !== null && typeof (v as FnRef).__electronDoubleFn === 'number';
}

/**
 * Values cross to the page as JSON text with byte arrays tagged: native JSON is fast for the
 * 10,000-record batches, where Playwright's own argument serialisation is not.
 */
export function encodeForPage(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { __electronDoubleBytes: Buffer.from(v).toString('base64') } : v,
  );
}

/** Serialised into the page by addInitScript: must not refer to anything outside itself. */
export function installBridge(shape: BridgeShape): void {
  // Node's types here have no DOM: the page's window is globalThis.
  const w = globalThis as unknown as Record<string, unknown>;
  if (w.top !== globalThis) return;
  const call = w[shape.binding] as (path: string, args: unknown[]) => Promise<unknown>;
  const callbacks = new Map<number, (...args: unknown[]) => unknown>();
  let nextId = 1;
  // The inverse of encodeForPage.
  const decode = (text: string): unknown =>
    text === undefined
      ? undefined
      : JSON.parse(text, (_key, v: unknown) => {
          const b = (v as { __electronDoubleBytes?: unknown } | null)?.__electronDoubleBytes;
          if (typeof b !== 'string') return v;
          const bin = atob(b);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          return bytes;
        });
  Object.defineProperty(globalThis, '__electronDoubleCallback', {
    value: (id: number, args: string) => callbacks.get(id)?.(...(decode(args) as unknown[])),
  });
  const fromNode = (v: unknown): unknown =>
    typeof v === 'object' && v !== null && typeof (v as FnRef).__electronDoubleFn === 'number'
      ? (...args: unknown[]) => call('#fn', [(v as FnRef).__electronDoubleFn, ...args])
      : v;
  const invoke = (path: string, args: unknown[]): unknown => {
    const encoded = args.map((a) => {
      if (typeof a !== 'function') return a;
      const id = nextId++;
      callbacks.set(id, a as (...args: unknown[]) => unknown);
      return { __electronDoubleFn: id };
    });
    const pending = call(path, encoded).then((text) => fromNode(decode(text as string)));
    const result = (...later: unknown[]) =>
      pending.then((v) => (typeof v === 'function' ? (v as (...a: unknown[]) => unknown)(...later) : undefined));
    return Object.assign(result, {
      then: (ok?: (v: unknown) => unknown, ko?: (e: unknown) => unknown) => pending.then(ok, ko),
      catch: (ko: (e: unknown) => unknown) => pending.catch(ko),
    });
  };
  const root: Record<string, unknown> = {};
  for (const path of shape.functions) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = (...args: unknown[]) => invoke(path, args);
  }
  const freeze = (o: Record<string, unknown>): unknown => {
    for (const v of Object.values(o)) if (typeof v === 'object' && v !== null) freeze(v as Record<string, unknown>);
    return Object.freeze(o);
  };
  Object.defineProperty(globalThis, shape.key, { value: freeze(root), enumerable: true });
}
