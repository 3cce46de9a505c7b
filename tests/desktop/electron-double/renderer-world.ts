/**
 * One page load's renderer side: the sandboxed preload (run with Electron's sandboxed `require`,
 * which offers 'electron' and nothing else that the app uses), its ipcRenderer and contextBridge,
 * and the ordering of what it does. A renderer is one thread: what the preload does in one task
 * (call into the page, send IPC) happens in that order, and the next message waits for it.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';
import type { Frame, Page } from 'playwright-core';
import { encodeForPage, isFnRef, type BridgeShape, type FnRef } from './page-bridge';

export interface MainSide {
  /** ipcRenderer.invoke → the handler registered with ipcMain.handle. */
  invoke(frame: Frame, channel: string, args: unknown[]): Promise<unknown>;
  /** ipcRenderer.send → ipcMain listeners. */
  send(frame: Frame, channel: string, args: unknown[]): void;
}

type Listener = (event: unknown, ...args: unknown[]) => void;

export class RendererWorld {
  readonly shape: BridgeShape;
  private exposed: Record<string, unknown> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly fns = new Map<number, (...args: unknown[]) => unknown>();
  private nextFn = 1;
  private queue: Promise<void> = Promise.resolve();
  private effects: Array<() => Promise<void> | void> = [];
  private inTask = false;
  private closed = false;

  constructor(
    private readonly page: Page,
    preloadPath: string,
    private readonly main: MainSide,
    binding: string,
  ) {
    const ipcRenderer = {
      invoke: (channel: string, ...args: unknown[]) =>
        new Promise((resolve, reject) => {
          this.effect(() => {
            this.main.invoke(this.page.mainFrame(), channel, structuredClone(args)).then(resolve, reject);
          });
        }),
      send: (channel: string, ...args: unknown[]) => {
        const copy = structuredClone(args);
        this.effect(() => this.main.send(this.page.mainFrame(), channel, copy));
      },
      on: (channel: string, listener: Listener) => {
        let set = this.listeners.get(channel);
        if (!set) this.listeners.set(channel, (set = new Set()));
        set.add(listener);
        return ipcRenderer;
      },
      removeListener: (channel: string, listener: Listener) => {
        this.listeners.get(channel)?.delete(listener);
        return ipcRenderer;
      },
    };
    const contextBridge = {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
        if (this.exposed) throw new Error('the double supports one exposed key');
        this.exposed = api;
        this.shape.key = key;
      },
    };
    this.shape = { key: '', functions: [], binding };
    // Electron's sandboxed preload: a CommonJS wrapper whose require knows only a few modules.
    const source = readFileSync(preloadPath, 'utf8');
    const run = compileFunction(source, ['require', 'module', 'exports', '__filename', '__dirname'], {
      filename: preloadPath,
    });
    const sandboxedRequire = (id: string): unknown => {
      if (id === 'electron') return { contextBridge, ipcRenderer };
      throw new Error(`module not found: ${id}`);
    };
    const module = { exports: {} };
    this.task(() => run(sandboxedRequire, module, module.exports, preloadPath, dirname(preloadPath)));
    if (this.effects.length > 0) void this.enqueue(() => {});
    if (this.exposed) this.shape.functions = functionPaths(this.exposed);
  }

  /** webContents.send → this page's ipcRenderer listeners, as one renderer task. */
  deliver(channel: string, args: unknown[]): void {
    const copy = structuredClone(args);
    void this.enqueue(() => {
      for (const listener of [...(this.listeners.get(channel) ?? [])]) listener({ sender: null }, ...copy);
    });
  }

  /** A call from the page through the bridge: runs as a renderer task; a promise result is awaited after. */
  async callFromPage(path: string, args: unknown[]): Promise<string | undefined> {
    let fn: unknown;
    if (path === '#fn') fn = this.fns.get(args.shift() as number);
    else fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], this.exposed);
    if (typeof fn !== 'function') throw new Error(`not exposed: ${path}`);
    const decoded = args.map((a) => (isFnRef(a) ? this.pageFunction(a) : a));
    let result: unknown;
    await this.enqueue(() => {
      result = (fn as (...a: unknown[]) => unknown)(...decoded);
    });
    if (typeof result === 'function') {
      const id = this.nextFn++;
      this.fns.set(id, result as (...args: unknown[]) => unknown);
      return encodeForPage({ __electronDoubleFn: id } satisfies FnRef);
    }
    const value = await result;
    return value === undefined ? undefined : encodeForPage(value);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.effects = [];
  }

  /** A function of the page, callable from the preload: the call reaches the page in task order. */
  private pageFunction(ref: FnRef): (...args: unknown[]) => void {
    return (...args: unknown[]) => {
      const copy = encodeForPage(args);
      this.effect(() =>
        this.page
          .evaluate(
            ([id, a]) =>
              (
                globalThis as unknown as { __electronDoubleCallback(id: number, a: string): void }
              ).__electronDoubleCallback(id, a),
            [ref.__electronDoubleFn, copy] as const,
          )
          .then(
            () => undefined,
            () => undefined, // The page went away: like a message to a closed renderer.
          ),
      );
    };
  }

  private effect(run: () => Promise<void> | void): void {
    if (this.closed) return;
    this.effects.push(run);
    // Outside a task (a promise settled later): the effects get a task of their own.
    if (!this.inTask) void this.enqueue(() => {});
  }

  private task(run: () => void): void {
    this.inTask = true;
    try {
      run();
    } finally {
      this.inTask = false;
    }
  }

  /** Runs `run` after every earlier task and its effects; then its own effects, in order. */
  private enqueue(run: () => void): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.closed) return;
      this.task(run);
      const effects = this.effects;
      this.effects = [];
      for (const e of effects) await e();
    });
    this.queue = next.catch(() => {});
    return next;
  }
}

function functionPaths(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'function'
      ? [`${prefix}${k}`]
      : typeof v === 'object' && v !== null
        ? functionPaths(v as Record<string, unknown>, `${prefix}${k}.`)
        : [],
  );
}
