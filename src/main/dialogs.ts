/** Native open/save dialogs for recordings and HARs: the only way a file path enters the app. */
import { dialog, type BrowserWindow } from 'electron';
import { basename } from 'node:path';
import { RECORDING_EXTENSION } from '#shared/recording-format';
import type { ServiceDialogs } from '../core/service/inspector-service';

const FILTERS = [
  // Older names stay openable; a recording is saved as .ssrec.
  { name: 'Streamscope recordings', extensions: [RECORDING_EXTENSION.slice(1), 'streamscope', 'ndjson', 'jsonl'] },
  { name: 'SSE bodies and HAR', extensions: ['sse', 'txt', 'har'] },
  { name: 'All files', extensions: ['*'] },
];

export function createDialogs(window: () => BrowserWindow | null): ServiceDialogs {
  return {
    async saveRecording(defaultName) {
      const win = window();
      const options = { title: 'Save recording', defaultPath: defaultName, filters: FILTERS.slice(0, 1) };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async saveHar(defaultName) {
      const win = window();
      const options = {
        title: 'Export HAR',
        defaultPath: defaultName,
        filters: [{ name: 'HAR', extensions: ['har'] }],
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async openRecording() {
      const win = window();
      const options = { title: 'Open recording', properties: ['openFile' as const], filters: FILTERS };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const path = r.canceled ? undefined : r.filePaths[0];
      // The service reads the file itself, as it plays: a recording of any size opens.
      return path ? { name: basename(path), path } : null;
    },
  };
}
