import { showBidiControls } from '#shared/control-chars';
import type { StreamRecord } from '#shared/records';
import type { MatchFinder } from '../../lib/record-filter';
import { HexView } from '../../components/HexView';
import { RawText } from '../../components/RawText';
import { formatBytes } from '#shared/byte-size';
import { formatClock } from '../../lib/format';
import { recordText } from '../../lib/record-filter';
import { DataView } from './DataView';
import { EventFields } from './EventFields';
import { EventSource } from './EventSource';
import { FrameFields } from './FrameFields';

/** Everything about one record: fields, data (tree or text), and for events where its bytes came from. */
export function RecordDetail({
  sessionId,
  record,
  find,
}: {
  sessionId: string;
  record: StreamRecord;
  /** Marks the list's text filter matches in the data. */
  find?: MatchFinder | null;
}) {
  return (
    <div className="record-detail" aria-label="Detail">
      <h3>
        #{record.seq} <span className="muted">{record.kind}</span>{' '}
        <span className="muted">{formatClock(record.t)}</span>
      </h3>
      {record.kind === 'event' && <EventFields sessionId={sessionId} event={record} />}
      {record.kind === 'frame' && <FrameFields frame={record} />}
      {record.kind === 'event' || record.kind === 'frame' ? (
        <DataView data={record.data} find={find ?? null} />
      ) : record.kind === 'chunk' ? null : (
        <OtherFields record={record} />
      )}
      {record.kind === 'event' && <EventSource sessionId={sessionId} event={record} />}
      {record.kind === 'chunk' && (
        <section>
          <h4>Bytes ({formatBytes(record.bytes.byteLength)})</h4>
          <RawText bytes={record.bytes} highlight={null} />
          <HexView bytes={record.bytes} />
        </section>
      )}
      {record.kind === 'frame' && record.bytes && (
        <section>
          <h4>Payload bytes</h4>
          <HexView bytes={record.bytes} />
        </section>
      )}
    </div>
  );
}

function OtherFields({ record }: { record: StreamRecord }) {
  const entries = Object.entries(record).filter(([k]) => k !== 'sessionId' && k !== 'bytes');
  return (
    <section>
      <h4>Fields</h4>
      <dl className="fields">
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{showBidiControls(typeof v === 'string' ? v : JSON.stringify(v))}</dd>
          </div>
        ))}
      </dl>
      {record.kind !== 'response' && <pre className="data-text">{showBidiControls(recordText(record))}</pre>}
    </section>
  );
}
