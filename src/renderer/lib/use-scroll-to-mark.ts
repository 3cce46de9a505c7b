import { useLayoutEffect, type RefObject } from 'react';

/**
 * Scrolls the box `ref` so that its first `.raw-hl` element (the event's block) is in view, a few
 * lines below the top, whenever `key` changes. Only the box scrolls, never the page around it.
 */
export function useScrollToMark(ref: RefObject<HTMLElement | null>, key: unknown): void {
  useLayoutEffect(() => {
    const box = ref.current;
    const mark = box?.querySelector<HTMLElement>('.raw-hl');
    if (!box || !mark) return;
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, offset - 2 * parseFloat(getComputedStyle(box).lineHeight || '16'));
  }, [ref, key]);
}
