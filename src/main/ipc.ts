/**
 * The IPC layer: one handler per InspectorApi method (named channels, no generic "send"), each
 * refusing frames other than the app's own renderer and validating the payload before the
 * service sees it. Batches go to the window on one channel, one message per flush.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { BATCH_CHANNEL, INVOKE_METHODS, invokeChannel } from '../shared/channels';
import { fail, type Result } from '../shared/result';
import { dispatchCall } from '../core/service/dispatch';
import type { InspectorService } from '../core/service/inspector-service';
import { isAppUrl, type RendererLocation } from './trust';

function senderTrusted(event: IpcMainInvokeEvent, location: RendererLocation): boolean {
  const frame = event.senderFrame;
  // Only the top frame of our page: no iframes, no other origin, no frame that already navigated away.
  return frame !== null && frame.parent === null && isAppUrl(frame.url, location);
}

/** Registers every handler; returns a function that removes them. */
export function registerIpc(service: InspectorService, location: RendererLocation): () => void {
  for (const method of INVOKE_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, ...params: unknown[]): Promise<Result<unknown>> => {
      if (!senderTrusted(event, location)) {
        console.warn(`streamscope: refused ${method} from ${event.senderFrame?.url ?? 'an unknown frame'}`);
        return fail('unsupported', `${method}: not allowed from this frame`);
      }
      return dispatchCall(service, method, params);
    });
  }
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}

/**
 * Pushes batches to `contents` from now on (called after each page load, so a reload gets a fresh
 * subscription). IPC is never "busy": Electron queues the message.
 */
export function pushBatches(service: InspectorService, contents: WebContents): () => void {
  const unsubscribe = service.subscribe((batch) => {
    if (!contents.isDestroyed()) contents.send(BATCH_CHANNEL, batch);
  });
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
