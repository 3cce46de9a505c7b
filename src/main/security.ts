/**
 * Session- and app-wide guards: the CSP response header on http(s) responses (the dev server;
 * app:// responses carry it from their handler), denied permissions, and no navigation, new
 * windows or webviews (http(s) links open in the system browser instead).
 */
import { app, shell, type Session } from 'electron';
import { ELECTRON_CSP } from './window-options';
import { isAppUrl, isExternalLink, type RendererLocation } from './trust';

export function secureSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } });
  });
  // The app needs no camera, notifications, geolocation...: refuse every request and check.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function guardWebContents(location: RendererLocation): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      // Reloading our own page is fine; anything else would leave the app.
      if (isAppUrl(url, location)) return;
      event.preventDefault();
      if (isExternalLink(url)) void shell.openExternal(url);
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, location)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
