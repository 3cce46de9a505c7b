import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';

export interface MenuItem {
  label: string;
  /** Identifies the item when its label changes while the menu is open (a live count). */
  id?: string;
  onSelect(): void;
  disabled?: boolean;
  /** Marks the current choice (e.g. the panel shown) for assistive technology. */
  checked?: boolean;
}

interface Props {
  label: string;
  items: MenuItem[];
  /** Where the menu's top-left corner goes, in viewport pixels (kept inside the window). */
  at: { x: number; y: number };
  /** Called on Esc, Tab, a click outside or after an item ran; focus has been given back already. */
  onClose(): void;
  /** Where focus goes back to; by default the element focused when the menu opened. */
  returnFocus?: HTMLElement | null;
}

const MENU_WIDTH = 200;

/** Where a menu opened from a button goes: just below it, right edges aligned. */
export function menuBelow(button: Element): { x: number; y: number } {
  const r = button.getBoundingClientRect();
  return { x: r.right - MENU_WIDTH, y: r.bottom + 2 };
}

/**
 * A small popup menu (role="menu"): focus moves into it, arrow keys, Home and End move between
 * items, Enter or a click runs one, and Esc, Tab or a click elsewhere close it with the focus put
 * back where it was.
 */
export function Menu({ label, items, at, onClose, returnFocus }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  const close = (refocus: boolean) => {
    const back = opener.current;
    if (refocus && back?.isConnected) back.focus();
    onClose();
  };
  // The latest close, for the document listener installed once below.
  const closeRef = useRef(close);
  useLayoutEffect(() => {
    closeRef.current = close;
  });

  useLayoutEffect(() => {
    const active = document.activeElement;
    opener.current = returnFocus ?? (active instanceof HTMLElement ? active : null);
    ref.current?.querySelector<HTMLElement>('[role^="menuitem"]:not([aria-disabled="true"])')?.focus();
    // Only on open: the opener is whatever had focus then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) closeRef.current(false);
    };
    document.addEventListener('mousedown', onDown, true);
    return () => document.removeEventListener('mousedown', onDown, true);
  }, []);

  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const enabled = all.filter((el) => el.getAttribute('aria-disabled') !== 'true');
    const i = enabled.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowDown') next = enabled[(i + 1) % enabled.length];
    else if (e.key === 'ArrowUp') next = enabled[(i - 1 + enabled.length) % enabled.length];
    else if (e.key === 'Home') next = enabled[0];
    else if (e.key === 'End') next = enabled[enabled.length - 1];
    else if (e.key === 'Escape') {
      e.preventDefault();
      // The popover is closed by this Esc: the app's other Esc handlers have nothing to do.
      e.stopPropagation();
      e.nativeEvent.stopImmediatePropagation();
      close(true);
      return;
    } else if (e.key === 'Tab') {
      e.preventDefault();
      close(true);
      return;
    } else return;
    e.preventDefault();
    next?.focus();
  };

  const left = Math.max(4, Math.min(at.x, window.innerWidth - MENU_WIDTH - 4));
  const top = Math.max(4, Math.min(at.y, window.innerHeight - items.length * 30 - 12));
  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left, top, minWidth: MENU_WIDTH }}
      onKeyDown={move}
    >
      {items.map((item) => (
        <div
          key={item.id ?? item.label}
          role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
          aria-checked={item.checked}
          aria-disabled={item.disabled || undefined}
          tabIndex={-1}
          className="menu-item"
          onClick={() => {
            if (item.disabled) return;
            close(true);
            item.onSelect();
          }}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === ' ') && !item.disabled) {
              e.preventDefault();
              close(true);
              item.onSelect();
            }
          }}
        >
          {item.label}
        </div>
      ))}
    </div>
  );
}
