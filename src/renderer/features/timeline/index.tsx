import { useMemo, useRef, useState } from 'react';
import './timeline.css';
import { READY_STATE_NAMES, type Transport } from '#shared/records';
import { getRecords, useSessions } from '../../stores/sessions';
import { createRingCursor, readNew } from '../../lib/ring-cursor';
import { useRecordsOnFrame } from '../../lib/use-records-on-frame';
import {
  createTimelineModel,
  describeReason,
  formatDuration,
  formatOffset,
  isFailure,
  sentRequest,
  stateName,
  type ConnectionSummary,
  type SentRequest,
  type TimelineModel,
} from './timeline-model';

const REFRESH_MS = 250;

/**
 * The connection's story: a strip of readyState over time with the reason of each change, every
 * attempt's response head and timings, and the reconnects with the Last-Event-ID they sent.
 */
export function TimelinePanel({ sessionId }: { sessionId: string }) {
  const transport = useSessions((s) => s.sessions[sessionId]?.transport ?? 'sse');
  const model = useRef<TimelineModel>(createTimelineModel());
  const cursor = useRef(createRingCursor());
  const [view, setView] = useState({ revision: -1, lastT: 0 });

  useRecordsOnFrame(
    sessionId,
    () => {
      const m = model.current;
      const read = readNew(getRecords(sessionId), cursor.current, m.consume, m.reset, 50_000);
      const lastT = m.lastT ?? 0;
      setView((v) => (v.revision === m.revision && v.lastT === lastT ? v : { revision: m.revision, lastT }));
      return read.remaining > 0;
    },
    REFRESH_MS,
  );

  const m = model.current;
  if (m.firstT === null) {
    return (
      <section className="timeline-panel" aria-label="Timeline">
        <p className="timeline-empty">
          No connection yet: connect to see readyState changes, the response head and timings.
        </p>
      </section>
    );
  }
  return (
    <section className="timeline-panel" aria-label="Timeline">
      <Strip model={m} transport={transport} endT={view.lastT} />
      <Transitions model={m} transport={transport} />
      <RequestSent sessionId={sessionId} />
      <Connections connections={m.connections()} origin={m.firstT} />
    </section>
  );
}

function Strip({ model, transport, endT }: { model: TimelineModel; transport: Transport; endT: number }) {
  const origin = model.transitions[0]?.t ?? model.firstT ?? 0;
  const end = Math.max(endT, origin);
  const segments = model.segments(transport, end);
  // A final state (CLOSED) starts at the last record and would have no width: give the strip a
  // short tail so the state the session ended in stays visible.
  const last = segments[segments.length - 1];
  const tail = last && last.end - last.start < (end - origin) * 0.04 ? Math.max((end - origin) * 0.06, 1) : 0;
  if (last && tail) last.end += tail;
  const span = Math.max(end + tail - origin, 1);
  return (
    <div className="timeline-strip-wrap">
      <h3>readyState</h3>
      <div className="timeline-strip" role="list" aria-label="readyState timeline">
        {segments.map((s, i) => (
          <div
            key={i}
            role="listitem"
            className={`timeline-seg state-${s.state.toLowerCase()}${s.failure ? ' failure' : ''}`}
            style={{ left: `${((s.start - origin) / span) * 100}%`, width: `${((s.end - s.start) / span) * 100}%` }}
            title={`${s.state} ${formatOffset(s.start - origin)} for ${formatDuration(s.end - s.start)} — ${s.label}`}
            aria-label={`${s.state}: ${s.label}`}
          />
        ))}
      </div>
      <div className="timeline-axis">
        <span>0</span>
        <span>{formatDuration(end - origin)}</span>
      </div>
      <div className="timeline-legend">
        {READY_STATE_NAMES[transport].map((name) => (
          <span key={name}>
            <i className={`timeline-swatch state-${name.toLowerCase()}`} /> {name}
          </span>
        ))}
        <span>
          <i className="timeline-swatch state-closed failure" /> failed
        </span>
      </div>
    </div>
  );
}

function Transitions({ model, transport }: { model: TimelineModel; transport: Transport }) {
  const origin = model.transitions[0]?.t ?? 0;
  return (
    <div>
      <h3>Transitions</h3>
      {model.droppedTransitions > 0 && (
        <p className="timeline-note">{model.droppedTransitions} older transitions not shown.</p>
      )}
      <table className="timeline-table" aria-label="Transitions">
        <thead>
          <tr>
            <th>time</th>
            <th>conn.</th>
            <th>state</th>
            <th>reason</th>
          </tr>
        </thead>
        <tbody>
          {model.transitions.map((s) => (
            <tr key={s.seq} className={isFailure(s.reason) ? 'failure' : undefined}>
              <td className="num">{formatOffset(s.t - origin)}</td>
              <td className="num">#{s.connection}</td>
              <td className="state">
                <i
                  className={`timeline-swatch state-${stateName(transport, s.readyState).toLowerCase()}${isFailure(s.reason) ? ' failure' : ''}`}
                />{' '}
                {stateName(transport, s.readyState)}
              </td>
              <td>
                {describeReason(s)}
                {s.lastEventId ? <span className="timeline-lei"> · Last-Event-ID: {s.lastEventId}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RequestSent({ sessionId }: { sessionId: string }) {
  // As text: a session's info is a new object with every batch, its request the same each time,
  // so the panel re-renders only if the text changes.
  const text = useSessions((s) => {
    const info = s.sessions[sessionId];
    const sent = info ? sentRequest(info) : null;
    return sent && JSON.stringify(sent);
  });
  const request = useMemo(() => (text ? (JSON.parse(text) as SentRequest) : null), [text]);
  if (!request) return null;
  return (
    <div>
      <h3>Request</h3>
      <div className="timeline-conn">
        <div className="timeline-conn-head">
          <strong>{request.method}</strong>
          <span className="timeline-url">{request.url}</span>
        </div>
        <details className="timeline-headers">
          <summary>Request headers as sent ({request.headers.length})</summary>
          <table aria-label="Request headers as sent">
            <tbody>
              {request.headers.map(([name, value], i) => (
                <tr key={i}>
                  <th>{name}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {request.note && <p className="timeline-note">{request.note}</p>}
      </div>
    </div>
  );
}

function Connections({ connections, origin }: { connections: ConnectionSummary[]; origin: number }) {
  const reconnects = connections.filter((c) => c.reconnect);
  return (
    <div>
      <h3>Connections</h3>
      {connections.map((c) => (
        <div className="timeline-conn" key={c.connection} data-testid={`connection-${c.connection}`}>
          <div className="timeline-conn-head">
            <strong>#{c.connection}</strong>
            {c.startedAt !== null && <span>request sent at {formatOffset(c.startedAt - origin)}</span>}
            <span>{c.response ? `${c.response.status} ${c.response.statusText}`.trim() : 'no response'}</span>
            {/* Both measured from the request, not from the session's start as the times above. */}
            <span title="Time to the response's first byte, from the request">TTFB {formatDuration(c.ttfbMs)}</span>
            <span title="From the request">first event {formatDuration(c.firstEventMs)}</span>
            {c.reconnect && <span>Last-Event-ID sent: {c.lastEventId ?? '(none)'}</span>}
          </div>
          {c.response && (
            <details className="timeline-headers">
              <summary>
                Response headers ({Object.keys(c.response.headers).length})
                {c.response.redirected ? ` · redirected to ${c.response.url}` : ''}
                {c.response.protocol ? ` · protocol ${c.response.protocol}` : ''}
              </summary>
              <table aria-label={`Response headers of connection ${c.connection}`}>
                <tbody>
                  {Object.entries(c.response.headers).map(([name, value]) => (
                    <tr key={name}>
                      <th>{name}</th>
                      <td>{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {c.response.body ? <pre className="timeline-body">{c.response.body}</pre> : null}
            </details>
          )}
        </div>
      ))}
      <h3>Reconnect attempts ({reconnects.length})</h3>
      {reconnects.length === 0 ? (
        <p className="timeline-note">None.</p>
      ) : (
        <table className="timeline-table" aria-label="Reconnect attempts">
          <thead>
            <tr>
              <th>conn.</th>
              <th>at</th>
              <th>Last-Event-ID sent</th>
              <th>TTFB</th>
            </tr>
          </thead>
          <tbody>
            {reconnects.map((c) => (
              <tr key={c.connection}>
                <td className="num">#{c.connection}</td>
                <td className="num">{c.startedAt !== null ? formatOffset(c.startedAt - origin) : '–'}</td>
                <td className="mono">{c.lastEventId ?? '(none)'}</td>
                <td className="num">{formatDuration(c.ttfbMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
