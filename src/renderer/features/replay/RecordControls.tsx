import { useState } from 'react';
import { saveRecording, setRecording } from '../../lib/session-actions';
import { useSessions } from '../../stores/sessions';

/** A live session's Record toggle and Save (download in the browser, a file in Electron). */
export function RecordControls({ sessionId }: { sessionId: string }) {
  const recording = useSessions((s) => s.sessions[sessionId]?.recording ?? false);
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <div className="record-controls" role="group" aria-label="Recording">
      <button
        type="button"
        aria-pressed={recording}
        className={recording ? 'rec-on' : ''}
        onClick={() => void setRecording(sessionId, !recording)}
      >
        {recording ? '● Recording' : 'Record'}
      </button>
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
