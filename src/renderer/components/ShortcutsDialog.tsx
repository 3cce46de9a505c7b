import { useLayoutEffect, useRef } from 'react';
import { useView } from '../stores/view';

export const SHORTCUTS: Array<[string, string]> = [
  ['Ctrl+Enter', 'Connect / Disconnect'],
  ['Ctrl+K', 'Focus the URL field'],
  ['Ctrl+L', 'Clear the current session'],
  ['Space', 'Pause / resume the list (when the list has focus)'],
  ['↑ / ↓', 'Move the selection in the list'],
  ['Home / End', 'First / last row of the list'],
  ['PgUp / PgDn', 'Move the selection a page up / down'],
  ['← / →', 'Previous / next session tab (tab strip focused); resize (a resize handle focused)'],
  ['Delete', 'Close the focused session tab'],
  ['Shift+F10', 'Menu of the focused session tab (duplicate, rename, close others)'],
  ['?', 'Show this list'],
  ['Esc', 'Close this list, a menu or a popover (focus goes back where it was)'],
];

/** The keyboard shortcut list, opened with "?". Closing it puts the focus back where it was. */
export function ShortcutsDialog() {
  const open = useView((s) => s.shortcutsOpen);
  const closeButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    if (open) {
      // Still on whatever opened the sheet: nothing in the dialog has taken the focus yet.
      opener.current = document.activeElement;
      closeButton.current?.focus();
      return;
    }
    const back = opener.current;
    opener.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  }, [open]);
  if (!open) return null;
  const close = () => useView.getState().setShortcutsOpen(false);
  return (
    <div className="modal-backdrop" onClick={close}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={closeButton} onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
