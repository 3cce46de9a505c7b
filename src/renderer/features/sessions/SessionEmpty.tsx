import { readyStateLabel } from '../../lib/format';
import { useSessions } from '../../stores/sessions';
import type { FilteredRows } from '../events';

/** What an empty list means, and what to do about it. */
export function SessionEmpty({
  sessionId,
  rows,
  narrowed,
}: {
  sessionId: string;
  rows: FilteredRows;
  narrowed: boolean;
}) {
  const state = useSessions((s) => {
    const i = s.sessions[sessionId];
    return i ? readyStateLabel(i.transport, i.readyState) : 'CLOSED';
  });
  const source = useSessions((s) => s.sessions[sessionId]?.source);
  const failed = useSessions((s) => (s.sessions[sessionId]?.stats.errors ?? 0) > 0);
  let text: string;
  if (rows.compiled.textError || rows.compiled.pathError) text = 'Fix the filter above to see records.';
  else if (rows.total > 0 && narrowed)
    text = 'Nothing matches the filter. Clear the text, JSON path or type chips, or show more record kinds.';
  else if (rows.total > 0 && state === 'CLOSED' && failed)
    text =
      'No events: the stream closed. See the error above, or show the state and errors kinds to see what happened.';
  // A body that was no event stream (a proxied JSON answer, a 204) ended without failing.
  else if (rows.total > 0 && state === 'CLOSED')
    text = 'No events: the response ended without any. Show the chunk kind to see the body it carried.';
  else if (source === 'replay') text = 'Press Play to replay the recording, or Step to emit one record.';
  else if (state === 'CONNECTING') text = 'Waiting for the server to answer…';
  else if (state === 'OPEN') text = 'Connected. Waiting for the first event…';
  else text = 'No records. Press Connect to open the stream again.';
  return (
    <div className="empty-state list-empty">
      <p>{text}</p>
    </div>
  );
}
