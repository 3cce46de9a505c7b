import { useEffect, useRef } from 'react';

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/**
 * For a popover dialog: when it opens, the focus moves to its first control, so a keyboard user
 * types into it at once instead of tabbing from the button that opened it (or, opened from a menu
 * that closed, from <body>). Returns the ref for the dialog's root.
 */
export function useFocusOnOpen<T extends HTMLElement>(open: boolean) {
  const root = useRef<T>(null);
  useEffect(() => {
    if (open) root.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [open]);
  return root;
}
