import { useLayoutEffect, useState, type RefObject } from 'react';

export interface RowWindowItem {
  index: number;
  /** Top of the row in the scrolled body, px. */
  start: number;
}

export interface RowWindow {
  items: RowWindowItem[];
  /** Height of the scrolled body, px. */
  totalSize: number;
}

/** The rows in view: the first one's index and how many fit, as last read from the element. */
interface Viewport {
  first: number;
  fits: number;
}

/**
 * The rows of a fixed-row-height list worth rendering: those in view plus `overscan` on each
 * side. Computed from the scroll offset alone, so a render costs O(rows in view) however many
 * rows the list has (a general virtualiser measures every row whenever the count changes: O(all
 * rows) per batch). With `atBottom`, the window is the last rows, where the list is about to
 * scroll to, so following the tail renders once per change, not once more after the scroll.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  atBottom: boolean,
): RowWindow {
  const [viewport, setViewport] = useState<Viewport>({ first: 0, fits: 0 });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // Only a change of the first row or of the rows that fit renders again, not every pixel.
    const read = () =>
      setViewport((v) => {
        const first = Math.floor(el.scrollTop / rowHeight);
        const fits = Math.ceil(el.clientHeight / rowHeight) + 1;
        return v.first === first && v.fits === fits ? v : { first, fits };
      });
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const first = atBottom ? Math.max(0, count - viewport.fits) : viewport.first;
  const from = Math.max(0, first - overscan);
  const to = Math.min(count, first + viewport.fits + overscan);
  const items: RowWindowItem[] = [];
  for (let index = from; index < to; index++) items.push({ index, start: index * rowHeight });
  return { items, totalSize: count * rowHeight };
}
