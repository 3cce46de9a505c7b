import { useState } from 'react';
import { exportHar } from '../../lib/session-actions';

/** "Export HAR…" for any session, live or replayed (download in the browser, a file in Electron). */
export function ExportHarButton({ sessionId }: { sessionId: string }) {
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        title="Save this session as a HAR file (SSE bodies and WebSocket messages, secrets redacted)"
        onClick={async () => setSaved(await exportHar(sessionId))}
      >
        Export HAR…
      </button>
      {saved && (
        <span className="muted saved-to" title={saved}>
          HAR exported
        </span>
      )}
    </>
  );
}
