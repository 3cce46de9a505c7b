/**
 * A small Electron test double: the modules the app's main process uses (app, BrowserWindow,
 * ipcMain, webContents, dialog, Menu, session, protocol, shell), imitating Electron's documented
 * behaviour for exactly those calls. Each window is a Chromium page driven by playwright-core; the
 * built preload runs in a RendererWorld and its exposed API is bridged into the page.
 *
 * Chromium here cannot register the app's scheme, so the double serves a registered protocol's
 * handler from a loopback origin and translates URLs at its edge: main sees app://…, the page is
 * on http://127.0.0.1:<port>/…. Everything main decides (which frame to trust, what to serve with
 * which headers) runs unchanged.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { isAbsolute } from 'node:path';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { installBridge } from './page-bridge';
import { RendererWorld, type MainSide } from './renderer-world';

export interface DialogCall {
  kind: 'save' | 'open';
  options: Record<string, unknown>;
  /** True when main passed the window (a modal sheet), as the app should. */
  withWindow: boolean;
}

export interface DoubleOptions {
  browser: Browser;
  paths: { temp: string; userData: string };
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export type ElectronDouble = ReturnType<typeof createElectronDouble>;

export function createElectronDouble(options: DoubleOptions) {
  const handlers = new Map<string, IpcHandler>();
  const ipcMain = Object.assign(new EventEmitter(), {
    handle(channel: string, handler: IpcHandler) {
      // Electron: "Attempted to register a second handler for '<channel>'".
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  });

  let ready = false;
  let quitting = false;
  let quitted: () => void = () => {};
  const quitDone = new Promise<void>((r) => (quitted = r));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    sandboxEnabled: false,
    enableSandbox() {
      if (ready) throw new Error('app.enableSandbox() must be called before the app is ready');
      app.sandboxEnabled = true;
    },
    requestSingleInstanceLock: () => true,
    whenReady: () => readyPromise,
    isReady: () => ready,
    getPath(name: string) {
      if (name === 'temp') return options.paths.temp;
      if (name === 'userData') return options.paths.userData;
      throw new Error(`the double knows no path named ${name}`);
    },
    /** before-quit, windows closed, will-quit (preventable), quit: Electron's order. */
    quit() {
      void quitApp();
    },
  });
  const readyPromise = new Promise<void>((resolve) =>
    setImmediate(() => {
      ready = true;
      app.emit('ready');
      resolve();
    }),
  );

  async function quitApp(): Promise<void> {
    if (quitting) return;
    quitting = true;
    const before = preventable();
    app.emit('before-quit', before.event);
    if (before.prevented()) return void (quitting = false);
    for (const win of [...windows]) await win.close();
    const will = preventable();
    app.emit('will-quit', will.event);
    quitting = false;
    if (will.prevented()) return;
    app.emit('quit');
    await server.close();
    quitted();
  }

  // The loopback origin that stands for registered schemes.
  const protocols = new Map<string, ProtocolHandler>();
  const privileged: unknown[] = [];
  let schemeHost: { scheme: string; host: string } | null = null;
  const server: { http: Server; origin: Promise<string>; close(): Promise<void> } = (() => {
    const http = createServer((req, res) => {
      const handler = schemeHost && protocols.get(schemeHost.scheme);
      if (!handler || !schemeHost) return void res.writeHead(404).end();
      const request = new Request(`${schemeHost.scheme}://${schemeHost.host}${req.url ?? '/'}`, { method: req.method });
      void Promise.resolve(handler(request)).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    const origin = new Promise<string>((resolve) =>
      http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(http.address() as { port: number }).port}`)),
    );
    const close = () =>
      new Promise<void>((r) => {
        http.close(() => r());
        http.closeAllConnections();
      });
    return { http, origin, close };
  })();

  let loopbackOrigin = '';
  /** The page's real URL → the URL main sees. */
  function toAppUrl(url: string): string {
    if (schemeHost && loopbackOrigin && url.startsWith(loopbackOrigin + '/'))
      return `${schemeHost.scheme}://${schemeHost.host}${url.slice(loopbackOrigin.length)}`;
    return url;
  }

  const protocol = {
    registerSchemesAsPrivileged(schemes: unknown[]) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      privileged.push(...schemes);
    },
    handle(scheme: string, handler: ProtocolHandler) {
      if (!ready) throw new Error('protocol.handle must be called after app is ready');
      protocols.set(scheme, handler);
    },
  };

  const sessionRecord = {
    headersReceived: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
    permissionRequest: null as null | ((...a: unknown[]) => void),
    permissionCheck: null as null | ((...a: unknown[]) => boolean),
    devicePermission: null as null | ((...a: unknown[]) => boolean),
  };
  const session = {
    defaultSession: {
      webRequest: {
        onHeadersReceived(fn: (details: unknown, cb: (r: unknown) => void) => void) {
          sessionRecord.headersReceived = fn;
        },
      },
      setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => void (sessionRecord.permissionRequest = fn),
      setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => void (sessionRecord.permissionCheck = fn),
      setDevicePermissionHandler: (fn: (...a: unknown[]) => boolean) => void (sessionRecord.devicePermission = fn),
    },
  };

  // Dialogs: the test says what the user picks next; every call is recorded.
  const dialogCalls: DialogCall[] = [];
  const dialogAnswers: Array<{ canceled: boolean; filePath?: string; filePaths?: string[] }> = [];
  function nextAnswer(kind: 'save' | 'open', args: unknown[]) {
    const withWindow = args[0] instanceof BrowserWindow;
    dialogCalls.push({ kind, options: (withWindow ? args[1] : args[0]) as Record<string, unknown>, withWindow });
    const answer = dialogAnswers.shift() ?? { canceled: true };
    return kind === 'save'
      ? { canceled: answer.canceled, filePath: answer.filePath ?? '' }
      : { canceled: answer.canceled, filePaths: answer.filePaths ?? [] };
  }
  const dialog = {
    showSaveDialog: async (...args: unknown[]) => nextAnswer('save', args),
    showOpenDialog: async (...args: unknown[]) => nextAnswer('open', args),
  };

  let applicationMenu: { template: unknown[] } | null = null;
  const Menu = {
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu: (menu: { template: unknown[] } | null) => void (applicationMenu = menu),
  };
  const openedExternally: string[] = [];
  const shell = { openExternal: async (url: string) => void openedExternally.push(url) };

  const windows: BrowserWindow[] = [];
  let contentsIds = 0;
  const BINDING = '__electronDoubleBridge';

  class WebContents extends EventEmitter {
    readonly id = ++contentsIds;
    private destroyed = false;
    world: RendererWorld | null = null;
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    private bridged = false;

    constructor(
      readonly page: Promise<{ context: BrowserContext; page: Page }>,
      private readonly preload: string,
    ) {
      super();
    }

    isDestroyed(): boolean {
      return this.destroyed;
    }

    send(channel: string, ...args: unknown[]): void {
      if (this.destroyed) throw new Error('Object has been destroyed');
      this.world?.deliver(channel, args);
    }

    setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
      this.windowOpenHandler = handler;
    }

    async getURL(): Promise<string> {
      return toAppUrl((await this.page).page.url());
    }

    /** Loads `url` (a registered scheme through the loopback origin); resolves at did-finish-load. */
    async loadURL(url: string): Promise<void> {
      const { page } = await this.page;
      let target = url;
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
      if (scheme && protocols.has(scheme)) {
        const u = new URL(url);
        schemeHost = { scheme, host: u.host };
        loopbackOrigin = await server.origin;
        target = `${loopbackOrigin}${u.pathname}${u.search}${u.hash}`;
      }
      this.world?.close();
      const world = new RendererWorld(page, this.preload, mainSide(this), BINDING);
      this.world = world;
      if (!this.bridged) {
        this.bridged = true;
        await page.exposeBinding(BINDING, (source: { frame: Frame }, path: string, args: unknown[]) => {
          if (source.frame !== page.mainFrame()) throw new Error('no preload in sub-frames');
          if (!this.world) throw new Error('no renderer');
          return this.world.callFromPage(path, args);
        });
        await page.addInitScript(installBridge, world.shape);
      }
      await page.goto(target);
      if (this.destroyed) return;
      this.emit('did-finish-load');
    }

    async destroy(): Promise<void> {
      if (this.destroyed) return;
      this.destroyed = true;
      this.world?.close();
      const { context } = await this.page;
      await context.close().catch(() => {});
      this.emit('destroyed');
    }
  }

  function mainSide(contents: WebContents): MainSide {
    const eventFor = (frame: Frame) => ({
      sender: contents,
      processId: 1,
      frameId: 1,
      senderFrame: { url: toAppUrl(frame.url()), parent: frame.parentFrame() === null ? null : {} },
    });
    return {
      async invoke(frame, channel, args) {
        const handler = handlers.get(channel);
        if (!handler)
          throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
        try {
          return structuredClone(await handler(eventFor(frame), ...args));
        } catch (err) {
          throw new Error(`Error invoking remote method '${channel}': ${String(err)}`, { cause: err });
        }
      },
      send(frame, channel, args) {
        ipcMain.emit(channel, eventFor(frame), ...args);
      },
    };
  }

  class BrowserWindow extends EventEmitter {
    static getAllWindows(): BrowserWindow[] {
      return [...windows];
    }
    readonly webContents: WebContents;
    /** What the app passed, for tests: a real BrowserWindow gets exactly this. */
    readonly options: Record<string, unknown>;
    shown = false;
    private closed = false;

    constructor(opts: { webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean } } = {}) {
      super();
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
      this.options = structuredClone(opts);
      const prefs = opts.webPreferences ?? {};
      if (!prefs.preload || !isAbsolute(prefs.preload) || !existsSync(prefs.preload))
        throw new Error(`the double needs an absolute, existing preload path (got ${prefs.preload})`);
      if (prefs.contextIsolation === false || prefs.sandbox === false)
        throw new Error('the double imitates isolated, sandboxed renderers only');
      const page = options.browser.newContext({ viewport: { width: 1280, height: 800 } }).then(async (context) => ({
        context,
        page: await context.newPage(),
      }));
      this.webContents = new WebContents(page, prefs.preload);
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
      this.webContents.once('did-finish-load', () => this.emit('ready-to-show'));
    }

    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
    show(): void {
      this.shown = true;
    }
    isMinimized = (): boolean => false;
    restore(): void {}
    focus(): void {}
    isDestroyed = (): boolean => this.closed;

    /** Closing the window: 'close', the page goes, 'closed'; the last one emits window-all-closed. */
    async close(): Promise<void> {
      if (this.closed) return;
      this.closed = true;
      this.emit('close', preventable().event);
      await this.webContents.destroy();
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
      if (windows.length === 0 && !quitting) app.emit('window-all-closed');
    }
  }

  return {
    /** What `require('electron')` returns in main. */
    electron: { app, BrowserWindow, ipcMain, dialog, Menu, session, protocol, shell },
    windows,
    handlers,
    dialogCalls,
    /** The user's next choice in a dialog. */
    answerNextDialog: (answer: { canceled: boolean; filePath?: string; filePaths?: string[] }) =>
      void dialogAnswers.push(answer),
    get applicationMenu() {
      return applicationMenu;
    },
    privileged,
    protocols,
    session: sessionRecord,
    openedExternally,
    /** Resolves once the app has quit ('quit' emitted). */
    quitDone,
    ready: readyPromise,
  };
}

function preventable(): { event: { preventDefault(): void; defaultPrevented: boolean }; prevented(): boolean } {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return { event, prevented: () => event.defaultPrevented };
}
