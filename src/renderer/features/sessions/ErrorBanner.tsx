import { useMemo } from 'react';
import type { ErrorRecord, ResponseRecord } from '#shared/records';
import { retrySession } from '../../lib/session-actions';
import { getRecords, useSessions, useSessionVersion } from '../../stores/sessions';

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
  const found = useMemo(() => {
    const ring = getRecords(sessionId);
    let error: ErrorRecord | null = null;
    let response: ResponseRecord | null = null;
    // Scan backwards, bounded: errors sit near the end of a session that failed.
    for (let i = ring.length - 1, n = 0; i >= 0 && n < 5000; i--, n++) {
      const r = ring.get(i);
      if (!r) continue;
      // Reached the moment the connection (re)opened before finding an error: nothing is wrong now.
      if (!error && r.kind === 'state' && r.readyState === 1) break;
      if (!error && r.kind === 'error') error = r;
      if (error && r.kind === 'response' && r.connection === error.connection) {
        response = r;
        break;
      }
      if (error && r.connection < error.connection) break;
    }
    return error ? { error, response } : null;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says when the ring, mutated in place, changed
  }, [sessionId, version]);
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
