import { useMemo } from 'react';
import { showBidiControls } from '#shared/control-chars';
import type { EventRecord } from '#shared/records';
import { formatBytes } from '#shared/byte-size';
import { DecodedFields } from './DecodedFields';
import { getRecords } from '../../stores/sessions';

/** The WHATWG fields of an event, plus the retry field its block set, if any. */
export function EventFields({ sessionId, event }: { sessionId: string; event: EventRecord }) {
  const retry = useMemo(() => {
    // A retry field in the same block is recorded just before the event; stop at the previous event.
    const ring = getRecords(sessionId);
    for (let i = ring.indexOfSeq(event.seq) - 1, n = 0; i >= 0 && n < 50; i--, n++) {
      const r = ring.get(i);
      if (!r || r.kind === 'event') break;
      if (r.kind === 'retry') return r.ms;
    }
    return null;
  }, [sessionId, event]);
  return (
    <dl className="fields event-fields">
      <div>
        <dt>event</dt>
        <dd>{showBidiControls(event.type)}</dd>
      </div>
      <div>
        <dt>id</dt>
        <dd>{event.id !== null ? showBidiControls(event.id) : <span className="muted">(none in this block)</span>}</dd>
      </div>
      <div>
        <dt>lastEventId</dt>
        <dd>{showBidiControls(event.lastEventId) || <span className="muted">(empty)</span>}</dd>
      </div>
      <div>
        <dt>retry</dt>
        <dd>{retry === null ? <span className="muted">(not set by this block)</span> : `${retry} ms`}</dd>
      </div>
      {event.decoded && <DecodedFields decoded={event.decoded} />}
      <div>
        <dt>data</dt>
        <dd>
          {formatBytes(event.size)} · {event.data.split('\n').length} line(s)
        </dd>
      </div>
      <div>
        <dt>connection</dt>
        <dd>#{event.connection}</dd>
      </div>
    </dl>
  );
}
