import { useEffect } from 'react';
import { toggleConnection } from './connect-toggle';
import { clearSession } from './session-actions';
import { useSessions } from '../stores/sessions';
import { useView } from '../stores/view';
import { focusUrlField } from './url-field';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** Global shortcuts: Ctrl+Enter, Ctrl+K, Ctrl+L, ? and Esc (Space is handled by the list itself). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === 'Enter') {
        e.preventDefault();
        void toggleConnection();
      } else if (mod && (e.key === 'k' || e.key === 'K')) {
        e.preventDefault();
        focusUrlField();
      } else if (mod && (e.key === 'l' || e.key === 'L')) {
        e.preventDefault();
        const id = useSessions.getState().activeId;
        if (id && !useView.getState().showCompare) void clearSession(id);
      } else if (e.key === '?' && !mod && !typingIn(e.target)) {
        e.preventDefault();
        useView.getState().setShortcutsOpen(true);
      } else if (e.key === 'Escape') {
        useView.getState().setShortcutsOpen(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
