/**
 * A race finder for E2E tests: with `STREAMSCOPE_E2E_SLOW_BRIDGE=1` every message the page sends
 * the host waits 300–700 ms and every message it receives 0–300 ms, each direction in order (one
 * FIFO per socket, drained by one timer), as over a slow, busy host. A test that clicks before
 * the app has answered (a tab not yet open, history not yet back) then fails every time instead
 * of once in a while on a loaded CI machine. Not used by CI: timing-budget files cannot pass
 * with it.
 */
import type { Page } from 'playwright-core';

export const slowBridgeWanted = (): boolean => process.env.STREAMSCOPE_E2E_SLOW_BRIDGE === '1';

/** Delays the page's WebSocket traffic (to the host) from its next navigation on. */
export async function slowDownBridge(page: Page): Promise<void> {
  await page.addInitScript(() => {
    function fifo(minMs: number, spreadMs: number): (run: () => void) => void {
      const queue: Array<{ at: number; run: () => void }> = [];
      let timer: ReturnType<typeof setTimeout> | null = null;
      const pump = (): void => {
        timer = null;
        while (queue.length > 0 && queue[0]!.at <= performance.now()) queue.shift()!.run();
        if (queue.length > 0) timer = setTimeout(pump, queue[0]!.at - performance.now());
      };
      return (run) => {
        const last = queue.length > 0 ? queue[queue.length - 1]!.at : 0;
        queue.push({ at: Math.max(performance.now() + minMs + Math.random() * spreadMs, last), run });
        timer ??= setTimeout(pump, queue[0]!.at - performance.now());
      };
    }
    const send = WebSocket.prototype.send;
    const outbound = new WeakMap<WebSocket, (run: () => void) => void>();
    WebSocket.prototype.send = function (this: WebSocket, data: Parameters<typeof send>[0]) {
      let queue = outbound.get(this);
      if (!queue) outbound.set(this, (queue = fifo(300, 400)));
      queue(() => {
        if (this.readyState === WebSocket.OPEN) send.call(this, data);
      });
    };
    const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      configurable: true,
      get(this: WebSocket) {
        return onmessage.get!.call(this) as unknown;
      },
      set(this: WebSocket, handler: ((event: MessageEvent) => void) | null) {
        if (!handler) return onmessage.set!.call(this, handler);
        const inbound = fifo(0, 300);
        onmessage.set!.call(this, (event: MessageEvent) => inbound(() => handler.call(this, event)));
      },
    });
  });
}
