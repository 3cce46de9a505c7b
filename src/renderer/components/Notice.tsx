import { useView } from '../stores/view';

/** The last failed action's message, inline under the request bar, dismissible. */
export function Notice() {
  const notice = useView((s) => s.notice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert">
      <span>{notice}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => useView.getState().setNotice(null)}>
        ×
      </button>
    </div>
  );
}
