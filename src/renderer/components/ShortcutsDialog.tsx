import { useView } from '../stores/view';

export const SHORTCUTS: Array<[string, string]> = [
  ['Ctrl+Enter', 'Connect / Disconnect'],
  ['Ctrl+K', 'Focus the URL field'],
  ['Ctrl+L', 'Clear the current session'],
  ['Space', 'Pause / resume the list (when the list has focus)'],
  ['↑ / ↓', 'Move the selection in the list'],
  ['?', 'Show this list'],
  ['Esc', 'Close this list'],
];

/** The keyboard shortcut list, opened with "?". */
export function ShortcutsDialog() {
  const open = useView((s) => s.shortcutsOpen);
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
        <button type="button" onClick={close} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
