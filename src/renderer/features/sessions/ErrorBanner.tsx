import { useMemo } from 'react';
import { retrySession } from '../../lib/session-actions';
import { getRecords, useSessions, useSessionVersion } from '../../stores/sessions';
import { createCurrentErrorTracker } from './current-error';

/**
 * What is wrong with the connection now, inline: the error since the connection was last OPEN
 * (a failure, or the drop it is retrying after), its HTTP status and the response body the server
 * sent with it, so "401 invalid key" reads as such. Once the connection is OPEN again the banner
 * goes: older errors are history, which the list and the timeline keep.
 */
export function ErrorBanner({ sessionId }: { sessionId: string }) {
  const version = useSessionVersion(sessionId);
  // No response head ever arrived: the host was never reached.
  const neverConnected = useSessions((s) => s.sessions[sessionId]?.stats.ttfbMs === null);
  const live = useSessions((s) => s.sessions[sessionId]?.source === 'live');
  // One tracker per session: it remembers how far it read that session's ring.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new session needs a new tracker
  const tracker = useMemo(() => createCurrentErrorTracker(), [sessionId]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version says when the ring, mutated in place, changed
  const found = useMemo(() => tracker.update(getRecords(sessionId)), [tracker, sessionId, version]);
  if (!found) return null;
  const { error, response } = found;
  const status = error.status ?? response?.status;
  return (
    <div className={`error-banner ${error.fatal ? 'fatal' : 'transient'}`} role="alert">
      <div className="error-head">
        {status !== undefined && !error.message.startsWith(`HTTP ${status}`) && (
          <strong className="http-status">
            HTTP {status}
            {response?.statusText ? ` ${response.statusText}` : ''}
          </strong>
        )}
        {neverConnected && error.code === 'network' && <strong>Never connected:</strong>}
        <span>{error.message}</span>
        {!error.fatal && <span className="muted"> (will retry)</span>}
        {error.fatal && error.code === 'network' && live && (
          <button type="button" className="retry" onClick={() => void retrySession(sessionId)}>
            Retry
          </button>
        )}
      </div>
      {response?.body && (
        <pre className="error-body" aria-label="Response body">
          {response.body}
        </pre>
      )}
    </div>
  );
}
