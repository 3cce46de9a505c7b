import { useState } from 'react';
import { Menu, menuBelow } from '../../components/Menu';
import { saveRecording, setRecording } from '../../lib/session-actions';
import { useSessions } from '../../stores/sessions';

/**
 * A live session's Record toggle and Save (download in the browser, a file in Electron). Record
 * asks where the recording starts: from now, or with the records the session's buffer still holds
 * (their count follows the buffer while the menu is open).
 */
export function RecordControls({ sessionId }: { sessionId: string }) {
  const recording = useSessions((s) => s.sessions[sessionId]?.recording ?? false);
  const buffered = useSessions((s) => s.sessions[sessionId]?.buffered ?? 0);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div className="record-controls" role="group" aria-label="Recording">
      <button
        type="button"
        aria-pressed={recording}
        aria-haspopup={recording ? undefined : 'menu'}
        aria-expanded={recording ? undefined : menuAt !== null}
        className={recording ? 'rec-on' : ''}
        onClick={(e) => {
          if (recording) {
            void setRecording(sessionId, false);
            return;
          }
          setMenuAt(menuAt ? null : menuBelow(e.currentTarget));
        }}
      >
        {recording ? '● Recording' : 'Record'}
      </button>
      {menuAt && (
        <Menu
          label="Start recording"
          at={menuAt}
          onClose={() => setMenuAt(null)}
          items={[
            { label: 'Record from now', onSelect: () => void setRecording(sessionId, true) },
            {
              id: 'include-buffered',
              label: `Include ${buffered.toLocaleString('en-US')} buffered ${buffered === 1 ? 'record' : 'records'}`,
              disabled: buffered === 0,
              onSelect: () => void setRecording(sessionId, true, true),
            },
          ]}
        />
      )}
      <button
        type="button"
        onClick={async () => {
          const where = await saveRecording(sessionId);
          setSaved(where);
        }}
      >
        Save
      </button>
      {saved && <span className="muted saved-to">saved {saved}</span>}
    </div>
  );
}
