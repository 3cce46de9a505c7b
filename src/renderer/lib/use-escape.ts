import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Calls `close` when Esc is pressed while `open` is true, wherever the focus is, and puts the
 * focus back where it was: on `returnTo` when given (the button that opened the popover, since
 * the popover may have taken the focus already), else on what had it when `open` became true.
 */
export function useEscape(open: boolean, close: () => void, returnTo?: RefObject<HTMLElement | null>): void {
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement;
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      close();
      const back = returnTo?.current ?? opener.current;
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close, returnTo]);
}
