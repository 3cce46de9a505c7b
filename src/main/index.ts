/**
 * Electron main: lifecycle, the one window, and the wiring of core (demo server, service) to
 * IPC. Thin on purpose: behaviour lives in src/core and is tested there.
 */
import { app, BrowserWindow, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { startDemoServer, type DemoServer } from '../core/demo/server';
import { createInspectorService, type InspectorService } from '../core/service/inspector-service';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { createDialogs } from './dialogs';
import { pushBatches, registerIpc } from './ipc';
import { buildMenu } from './menu';
import { guardWebContents, secureSession } from './security';
import { devRendererUrl, rendererLocation } from './trust';
import { windowOptions } from './window-options';
import { errorMessage } from '#shared/error-message';

const rendererDir = join(__dirname, '../renderer');
const location = rendererLocation(devRendererUrl(app.isPackaged, process.argv, process.env));

let mainWindow: BrowserWindow | null = null;
let demo: DemoServer | null = null;
let service: InspectorService | null = null;

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
// Must happen before "ready": app:// becomes a standard, secure origin.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  guardWebContents(location);
  void app.whenReady().then(start);
}

function createWindow(svc: InspectorService): void {
  const win = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.js')));
  mainWindow = win;
  let unsubscribe: (() => void) | null = null;
  // A fresh subscription per page load: a reloaded page starts from the sessions' current end.
  win.webContents.on('did-finish-load', () => {
    unsubscribe?.();
    unsubscribe = pushBatches(svc, win.webContents, location);
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unsubscribe?.();
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(location.indexUrl);
}

async function start(): Promise<void> {
  secureSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
  try {
    demo = await startDemoServer({ port: 0 });
  } catch (err) {
    // The app works without it; the UI shows "demo unavailable" (demo.info is 'unsupported').
    console.error(`streamscope: demo server failed to start: ${errorMessage(err)}`);
  }
  service = createInspectorService({
    demo,
    recordingsDir: join(app.getPath('temp'), `streamscope-recordings-${process.pid}`),
    settingsPath: join(app.getPath('userData'), 'settings.json'),
    dialogs: createDialogs(() => mainWindow),
  });
  registerIpc(service, location);
  Menu.setApplicationMenu(buildMenu(!app.isPackaged));
  createWindow(service);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && service) createWindow(service);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let cleanedUp = false;
app.on('will-quit', (event) => {
  if (cleanedUp) return;
  // Close recordings (end lines written), streams and the demo server before exiting.
  event.preventDefault();
  cleanedUp = true;
  void Promise.allSettled([service?.close(), demo?.close()]).then(() => app.quit());
});
