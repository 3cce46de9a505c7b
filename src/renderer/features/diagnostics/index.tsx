import './diagnostics.css';
import { useMemo, useRef, useState } from 'react';
import type { DiagnosticRecord, Severity } from '#shared/records';
import { getRecords, useSessions, useSessionVersion } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import {
  createDiagnosticsCollector,
  previewText,
  primaryRef,
  recordLabel,
  visibleText,
  type DiagnosticsCollector,
} from './diagnostics-model';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * What the stream diagnostics found in this session (src/core/diagnostics runs the rules and
 * puts 'diagnostic' records into the session): counts by severity, then one item per finding.
 * Clicking an item selects the record it points at (its event if it has one), the #n buttons
 * select each referenced record, and the selected one is previewed in place, raw bytes with
 * CR, LF, BOM and NUL made visible.
 */
export function DiagnosticsPanel({ sessionId }: { sessionId: string }) {
  const transport = useSessions((s) => s.sessions[sessionId]?.transport ?? 'sse');
  const version = useSessionVersion(sessionId);
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const [only, setOnly] = useState<Severity | null>(null);

  // One collector per session, fed only the records that are new since the last version.
  const collector = useRef<{ id: string; c: DiagnosticsCollector } | null>(null);
  if (collector.current?.id !== sessionId) collector.current = { id: sessionId, c: createDiagnosticsCollector() };
  const c = collector.current.c;
  const { items, counts, dropped } = useMemo(() => {
    c.update(getRecords(sessionId));
    return { items: c.items, counts: c.counts, dropped: c.dropped };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says when the ring, mutated in place, changed
  }, [c, sessionId, version]);

  const shown = only === null ? items : items.filter((d) => d.severity === only);
  const lookup = (seq: number) => {
    const ring = getRecords(sessionId);
    return ring.get(ring.indexOfSeq(seq));
  };
  const select = (seq: number) => patchView(sessionId, transport, { selectedSeq: seq });

  return (
    <section className="diag-panel" aria-label="Diagnostics">
      <div className="diag-counts" role="group" aria-label="Diagnostics by severity">
        {SEVERITIES.map((sev) => (
          <button
            key={sev}
            type="button"
            className={`diag-count sev-${sev}`}
            aria-pressed={only === sev}
            data-testid={`diag-count-${sev}`}
            title={only === sev ? 'Show all severities' : `Show only ${sev} diagnostics`}
            onClick={() => setOnly(only === sev ? null : sev)}
          >
            <span className="diag-count-n">{counts[sev]}</span>{' '}
            {sev === 'info' ? 'info' : plural(counts[sev], sev).replace(/^\d+ /, '')}
          </button>
        ))}
      </div>
      {items.length === 0 ? (
        <p className="diag-empty">No diagnostics so far: nothing breaks the SSE spec or suggests a delivery problem.</p>
      ) : (
        <ul className="diag-list" aria-label="Diagnostics list">
          {shown.map((d) => (
            <DiagnosticItem
              key={d.seq}
              d={d}
              selectedSeq={view.selectedSeq}
              lookup={lookup}
              onSelect={select}
              onShowDetail={(seq) => patchView(sessionId, transport, { selectedSeq: seq, sideTab: 'detail' })}
            />
          ))}
        </ul>
      )}
      {dropped > 0 && <p className="diag-empty">{plural(dropped, 'more diagnostic')} not shown.</p>}
    </section>
  );
}

interface ItemProps {
  d: DiagnosticRecord;
  selectedSeq: number | null;
  lookup: (seq: number) => ReturnType<ReturnType<typeof getRecords>['get']>;
  onSelect: (seq: number) => void;
  onShowDetail: (seq: number) => void;
}

function DiagnosticItem({ d, selectedSeq, lookup, onSelect, onShowDetail }: ItemProps) {
  const selectedHere = selectedSeq !== null && d.refs.includes(selectedSeq) ? selectedSeq : null;
  const selectedRecord = selectedHere === null ? undefined : lookup(selectedHere);
  return (
    <li className={`diag-item sev-${d.severity}${selectedHere !== null ? ' selected' : ''}`} data-rule={d.rule}>
      <button
        type="button"
        className="diag-main"
        onClick={() => {
          const seq = primaryRef(d, lookup);
          if (seq !== null) onSelect(seq);
        }}
      >
        <span className="diag-sev">{d.severity}</span>
        <code className="diag-rule">{d.rule}</code>
        {d.connection > 1 && <span className="diag-conn">connection {d.connection}</span>}
        <span className="diag-msg">{d.message}</span>
      </button>
      <div className="diag-refs">
        <span className="diag-refs-label">records</span>
        {d.refs.map((seq) => {
          const r = lookup(seq);
          return (
            <button
              key={seq}
              type="button"
              className="diag-ref"
              aria-pressed={selectedSeq === seq}
              aria-label={r ? `Select ${recordLabel(r)}` : `Select record #${seq}`}
              onClick={() => onSelect(seq)}
            >
              #{seq}
            </button>
          );
        })}
        <a className="diag-link" href={d.link} target="_blank" rel="noreferrer noopener">
          why?
        </a>
      </div>
      {selectedHere !== null && (
        <div className="diag-preview" aria-label="Referenced record">
          {selectedRecord ? (
            <>
              <div className="diag-preview-head">
                <span>{recordLabel(selectedRecord)}</span>
                <button type="button" className="diag-detail" onClick={() => onShowDetail(selectedHere)}>
                  Open in Detail
                </button>
              </div>
              <pre className="diag-preview-body">
                {selectedRecord.kind === 'chunk'
                  ? visibleText(previewText(selectedRecord)).map((seg, i) =>
                      seg.ctrl ? (
                        <span key={i} className="diag-ctrl">
                          {seg.text}
                        </span>
                      ) : (
                        seg.text
                      ),
                    )
                  : previewText(selectedRecord).slice(0, 600)}
              </pre>
            </>
          ) : (
            <p className="diag-empty">Record #{selectedHere} is no longer in the buffer.</p>
          )}
        </div>
      )}
    </li>
  );
}
