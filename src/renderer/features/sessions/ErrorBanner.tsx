import { useMemo } from 'react';
import type { ErrorRecord, ResponseRecord } from '../../../shared/records';
import { getRecords, useSessionVersion } from '../../stores/sessions';

/**
 * The latest fatal error of a session, inline: its message, the HTTP status and the response body
 * the server sent with it (from the response record), so "401 invalid key" reads as such.
 */
export function ErrorBanner({ sessionId }: { sessionId: string }) {
  const version = useSessionVersion(sessionId);
  const found = useMemo(() => {
    const ring = getRecords(sessionId);
    let error: ErrorRecord | null = null;
    let response: ResponseRecord | null = null;
    // Scan backwards, bounded: errors sit near the end of a session that failed.
    for (let i = ring.length - 1, n = 0; i >= 0 && n < 5000; i--, n++) {
      const r = ring.get(i);
      if (!r) continue;
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
        <span>{error.message}</span>
        {!error.fatal && <span className="muted"> (will retry)</span>}
      </div>
      {response?.body && (
        <pre className="error-body" aria-label="Response body">
          {response.body}
        </pre>
      )}
    </div>
  );
}
