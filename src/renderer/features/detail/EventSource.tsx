import { useMemo, useState } from 'react';
import type { EventRecord } from '#shared/records';
import { HexView } from '../../components/HexView';
import { RawText } from '../../components/RawText';
import { formatBytes } from '#shared/byte-size';
import { formatClock, formatDelta } from '../../lib/format';
import { getRecords } from '../../stores/sessions';
import { eventSourceBytes } from './detail-model';

/** Rows of the chunk table; the heading and a line below it give the rest. */
const MAX_LISTED_CHUNKS = 64;

/** The chunk(s) an event's block arrived in: when, how big, and their bytes with the block marked. */
export function EventSource({ sessionId, event }: { sessionId: string; event: EventRecord }) {
  const [hex, setHex] = useState(false);
  const found = useMemo(() => eventSourceBytes(getRecords(sessionId), event, MAX_LISTED_CHUNKS), [sessionId, event]);

  if (!found) {
    return (
      <section>
        <h4>Raw bytes</h4>
        <p className="muted">
          Chunks #{event.chunks[0]}–#{event.chunks[1]} are no longer in the buffer.
        </p>
      </section>
    );
  }
  const unlisted = found.count - found.listed.length;
  return (
    <section className="event-source">
      <h4>
        Arrived in {found.count} chunk{found.count === 1 ? '' : 's'}
        {unlisted > 0 ? ` (first ${found.listed.length} listed)` : ''}
      </h4>
      <table className="chunk-table" aria-label="Chunks">
        <thead>
          <tr>
            <th>chunk</th>
            <th>arrived</th>
            <th>before event</th>
            <th>size</th>
          </tr>
        </thead>
        <tbody>
          {found.listed.map((c) => (
            <tr key={c.seq}>
              <td>#{c.seq}</td>
              <td>{formatClock(c.t)}</td>
              <td>{formatDelta(c.t - event.t)}</td>
              <td>{formatBytes(c.bytes.byteLength)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {unlisted > 0 && (
        <p className="muted cut-note">
          … and {unlisted} more, up to #{event.chunks[1]} (their bytes are in the raw view below).
        </p>
      )}
      <div className="raw-head">
        <h4>
          Raw bytes ({formatBytes(found.bytes.byteLength)}){' '}
          {found.block ? <span className="muted">(this event's block highlighted)</span> : null}
        </h4>
        <button type="button" aria-pressed={hex} onClick={() => setHex(!hex)}>
          {hex ? 'Text' : 'Hex'}
        </button>
      </div>
      {hex ? (
        <HexView bytes={found.bytes} highlight={found.block} />
      ) : (
        <RawText bytes={found.bytes} highlight={found.block} />
      )}
    </section>
  );
}
