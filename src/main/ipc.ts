/**
 * The IPC layer: one handler per InspectorApi method (named channels, no generic "send"), each
 * refusing frames other than the app's own renderer and validating the payload before the
 * service sees it. Batches go to the window on one channel, one message per flush, with the same
 * backpressure rule as the browser host: a window that has not taken the last batches is "busy"
 * and gets one coalesced batch (with a skipped count) when it catches up.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { BATCH_ACK_CHANNEL, BATCH_CHANNEL, INVOKE_METHODS, invokeChannel } from '#shared/channels';
import { fail, type Result } from '#shared/result';
import { dispatchCall } from '../core/service/dispatch';
import type { InspectorService } from '../core/service/inspector-service';
import { isAppUrl, type RendererLocation } from './trust';

/** Batches a window may have unanswered before it counts as busy. */
export const MAX_UNACKED_BATCHES = 2;

function senderTrusted(event: IpcMainInvokeEvent | IpcMainEvent, location: RendererLocation): boolean {
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
 * subscription). Electron queues every message it is given without limit, so main counts: each
 * batch carries a sequence number the preload sends back once the page has handled it.
 */
export function pushBatches(service: InspectorService, contents: WebContents, location: RendererLocation): () => void {
  let sent = 0;
  let acked = 0;
  const onAck = (event: IpcMainEvent, seq: unknown): void => {
    if (event.sender !== contents || !senderTrusted(event, location)) return;
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= acked || seq > sent) return;
    acked = seq;
  };
  ipcMain.on(BATCH_ACK_CHANNEL, onAck);
  const unsubscribeBatches = service.subscribe(
    (batch) => {
      if (contents.isDestroyed()) return;
      sent += 1;
      contents.send(BATCH_CHANNEL, sent, batch);
    },
    { isBusy: () => sent - acked >= MAX_UNACKED_BATCHES },
  );
  let done = false;
  const unsubscribe = (): void => {
    if (done) return;
    done = true;
    unsubscribeBatches();
    ipcMain.removeListener(BATCH_ACK_CHANNEL, onAck);
  };
  contents.once('destroyed', unsubscribe);
  return unsubscribe;
}
