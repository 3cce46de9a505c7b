import { useEffect, useRef } from 'react';
import { useSessions } from '../stores/sessions';

/**
 * Calls `onFrame` inside requestAnimationFrame after a session's records changed, at most once
 * per frame and at most every `minIntervalMs`, without re-rendering the calling component. It
 * also runs once on mount and whenever `sessionId` or `resetKey` changes; when `onFrame` returns
 * true (it has more to read) it runs again on a later frame. This is how panels follow a 5,000
 * events/s stream: they read the ring themselves, never one render per record.
 */
export function useRecordsOnFrame(
  sessionId: string,
  onFrame: () => boolean | void,
  minIntervalMs = 0,
  resetKey: unknown = null,
): void {
  const callback = useRef(onFrame);
  callback.current = onFrame;
  useEffect(() => {
    let raf = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastRun = -Infinity;
    const run = () => {
      raf = 0;
      lastRun = performance.now();
      if (callback.current() === true) schedule();
    };
    const schedule = () => {
      if (raf || timer !== undefined) return;
      const wait = lastRun + minIntervalMs - performance.now();
      if (wait > 0) {
        timer = setTimeout(() => {
          timer = undefined;
          if (!raf) raf = requestAnimationFrame(run);
        }, wait);
      } else {
        raf = requestAnimationFrame(run);
      }
    };
    schedule();
    let last = useSessions.getState().versions[sessionId];
    const unsubscribe = useSessions.subscribe((state) => {
      const version = state.versions[sessionId];
      if (version !== last) {
        last = version;
        schedule();
      }
    });
    return () => {
      unsubscribe();
      if (raf) cancelAnimationFrame(raf);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [sessionId, minIntervalMs, resetKey]);
}
