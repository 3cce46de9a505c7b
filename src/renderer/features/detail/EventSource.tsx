import { useMemo, useState } from 'react';
import type { ChunkRecord, EventRecord } from '#shared/records';
import { HexView } from '../../components/HexView';
import { RawText } from '../../components/RawText';
import { formatBytes } from '#shared/byte-size';
import { formatClock, formatDelta } from '../../lib/format';
import { byteRange, concatBytes, findEventBlock } from '../../lib/raw-block';
import { getRecords } from '../../stores/sessions';

const MAX_CHUNKS = 64;

/** The chunk(s) an event's block arrived in: when, how big, and their bytes with the block marked. */
export function EventSource({ sessionId, event }: { sessionId: string; event: EventRecord }) {
  const [hex, setHex] = useState(false);
  const found = useMemo(() => {
    const ring = getRecords(sessionId);
    const [first, last] = event.chunks;
    const start = ring.indexOfSeq(first);
    if (start < 0) return null;
    const chunks: ChunkRecord[] = [];
    for (let i = start; i < ring.length && chunks.length < MAX_CHUNKS; i++) {
      const r = ring.get(i);
      if (!r || r.seq > last) break;
      if (r.kind === 'chunk') chunks.push(r);
    }
    const bytes = concatBytes(chunks.map((c) => c.bytes));
    const text = new TextDecoder().decode(bytes);
    const block = findEventBlock(text, event);
    return { chunks, bytes, text, block, byteBlock: block && byteRange(text, block) };
  }, [sessionId, event]);

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
  return (
    <section className="event-source">
      <h4>
        Arrived in {found.chunks.length} chunk{found.chunks.length === 1 ? '' : 's'}
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
          {found.chunks.map((c) => (
            <tr key={c.seq}>
              <td>#{c.seq}</td>
              <td>{formatClock(c.t)}</td>
              <td>{formatDelta(c.t - event.t)}</td>
              <td>{formatBytes(c.bytes.byteLength)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="raw-head">
        <h4>Raw bytes {found.block ? <span className="muted">(this event's block highlighted)</span> : null}</h4>
        <button type="button" aria-pressed={hex} onClick={() => setHex(!hex)}>
          {hex ? 'Text' : 'Hex'}
        </button>
      </div>
      {hex ? (
        <HexView bytes={found.bytes} highlight={found.byteBlock} />
      ) : (
        <RawText text={found.text} highlight={found.block} />
      )}
    </section>
  );
}
