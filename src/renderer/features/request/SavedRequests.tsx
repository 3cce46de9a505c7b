import { useCallback, useState } from 'react';
import { useEscape } from '../../lib/use-escape';
import { useRequest } from '../../stores/request';

/** Save the current request under a name, or load / delete a saved one (kept in localStorage). */
export function SavedRequests() {
  const saved = useRequest((s) => s.saved);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
  );
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Saved{saved.length ? ` (${saved.length})` : ''}
      </button>
      {open && (
        <div className="popover saved-requests" role="dialog" aria-label="Saved requests">
          <div className="row">
            <input
              aria-label="Name for this request"
              placeholder="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button
              type="button"
              disabled={!name.trim()}
              onClick={() => {
                useRequest.getState().save(name.trim());
                setName('');
              }}
            >
              Save current
            </button>
          </div>
          {saved.length === 0 && <p className="muted">Nothing saved yet: name the current request and save it.</p>}
          <ul>
            {saved.map((s) => (
              <li key={s.name}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    useRequest.getState().replace(s.draft);
                    setOpen(false);
                  }}
                >
                  <strong>{s.name}</strong>{' '}
                  <span className="muted">
                    {s.draft.method} {s.draft.url}
                  </span>
                </button>
                <button
                  type="button"
                  aria-label={`Delete ${s.name}`}
                  onClick={() => useRequest.getState().forget(s.name)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
