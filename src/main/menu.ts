/** The application menu: the usual roles and shortcuts, nothing that reaches the renderer. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(isDev: boolean): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        // Developer tools only in development builds.
        ...(isDev ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Server-Sent Events specification',
          click: () => void shell.openExternal('https://html.spec.whatwg.org/multipage/server-sent-events.html'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
