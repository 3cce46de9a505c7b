import { useView } from '../stores/view';

/**
 * The last action's outcome, inline under the request bar, dismissible: failures in the error
 * style (announced as an alert), information (e.g. what an imported curl command left out) plainly.
 */
export function Notice() {
  const notice = useView((s) => s.notice);
  if (!notice) return null;
  const error = notice.tone === 'error';
  return (
    <div className={`notice notice-${notice.tone}`} role={error ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="link" aria-label="Dismiss" onClick={() => useView.getState().setNotice(null)}>
        ×
      </button>
    </div>
  );
}
