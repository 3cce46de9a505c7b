import { useEffect } from 'react';

/**
 * Calls `close` when Esc is pressed while `open` is true, wherever the focus is (a popover opened
 * by a button keeps the focus on that button).
 */
export function useEscape(open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);
}
