import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The size of a scroll element's viewport (without its scrollbar), px: read once when it mounts,
 * then kept by a ResizeObserver (whose callbacks come after the browser's own layout), so a
 * render never reads the element's geometry and never forces a layout.
 */
export function useViewportSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [width, setWidth] = useState(0);
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () => {
      setWidth(el.clientWidth);
      setHeight(el.clientHeight);
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return { width, height };
}

/** Rows `from` (inclusive) to `to` (exclusive) of a list. */
export interface RowRange {
  from: number;
  to: number;
}

/**
 * The rows of a list of fixed-height rows worth rendering when its viewport's top is at `top`:
 * those in view and `overscan` more on each side. O(1) whatever the list's length (a general
 * virtualiser keeps a measurement per row and rebuilds them all when the count changes).
 */
export function rowWindow(top: number, viewport: number, count: number, rowHeight: number, overscan: number): RowRange {
  const first = Math.floor(Math.max(0, top) / rowHeight);
  const fits = Math.ceil(viewport / rowHeight) + 1;
  return { from: Math.max(0, Math.min(count, first) - overscan), to: Math.min(count, first + fits + overscan) };
}
