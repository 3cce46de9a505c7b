import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { RecordKind, Transport } from '#shared/records';
import { useDebounced } from '../../lib/use-debounced';
import { useEscape } from '../../lib/use-escape';
import { clearSession } from '../../lib/session-actions';
import { recordLoss, useSessions } from '../../stores/sessions';
import { useSessionView, useView } from '../../stores/view';
import { TypeChips } from './TypeChips';
import type { FilteredRows } from './use-filtered-rows';
import { useFilterAnnouncement } from './use-filter-announcement';

const KIND_TOGGLES: Array<{ kind: RecordKind; label: string }> = [
  { kind: 'event', label: 'events' },
  { kind: 'frame', label: 'frames' },
  { kind: 'comment', label: 'comments' },
  { kind: 'retry', label: 'retry' },
  { kind: 'state', label: 'state' },
  { kind: 'error', label: 'errors' },
  { kind: 'chunk', label: 'chunks' },
];

/** Kinds shown, type chips, text/regex and JSON-path filters, match count, pause and clear. */
export function FilterBar({
  sessionId,
  transport,
  rows,
}: {
  sessionId: string;
  transport: Transport;
  rows: FilteredRows;
}) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const spec = view.filter;
  const skipped = useSessions((s) => s.skipped[sessionId] ?? 0);
  // Read on every render: the bar renders once per batch (rows changes), never per record.
  const loss = recordLoss(sessionId, skipped);
  const announcement = useFilterAnnouncement(spec, rows.count, rows.total);
  const setFilter = (p: Partial<typeof spec>) => patchView(sessionId, transport, { filter: { ...spec, ...p } });
  return (
    <div className="filter-bar">
      <div className="filter-row">
        <FilterFields
          sessionId={sessionId}
          transport={transport}
          textError={rows.compiled.textError}
          pathError={rows.compiled.pathError}
        />
        <button
          type="button"
          aria-pressed={view.paused}
          onClick={() => patchView(sessionId, transport, { paused: !view.paused })}
          title="Space (list focused)"
        >
          {view.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={() => void clearSession(sessionId)} title="Ctrl+L">
          Clear
        </button>
      </div>
      {/* Not a live region: its counts change with every batch of a firehose. That records are
          missing is said once, when they start to be (below). */}
      <span className="sr-only" aria-live="polite">
        {loss.held < loss.arrived ? 'Some records are not shown: see the note above the list' : ''}
      </span>
      {loss.held < loss.arrived && (
        <p className="loss-note" data-testid="loss-note">
          showing {loss.held.toLocaleString()} of {loss.arrived.toLocaleString()} records;{' '}
          {loss.skipped.toLocaleString()} skipped at the renderer, {loss.evicted.toLocaleString()} evicted from the
          buffer
        </p>
      )}
      {/* Always one line, so an error appearing in it does not push the list down (a following
          list kept its bottom row, and its top row went under the header). The match count sits
          here too, leaving the fields above the room for their placeholders. */}
      <div className="filter-status">
        <div className="filter-errors" aria-live="polite">
          {rows.compiled.textError && (
            <span className="inline-error" role="alert" title={`Invalid regex: ${rows.compiled.textError}`}>
              Invalid regex: {rows.compiled.textError.replace(/^Invalid regular expression: /, '')}
            </span>
          )}
          {rows.compiled.pathError && (
            <span className="inline-error" role="alert" title={`Invalid JSON path: ${rows.compiled.pathError}`}>
              Invalid JSON path: {rows.compiled.pathError}
            </span>
          )}
        </div>
        <TypeChips counts={rows.index.typeCounts} selected={spec.types} onSelect={(types) => setFilter({ types })} />
        {/* Not live: it changes with every batch. The count is said once per filter change, below. */}
        <span className="match-count" data-testid="match-count">
          {rows.count.toLocaleString()}
          <span className="fold-words"> shown</span> / {rows.total.toLocaleString()}
          <span className="fold-words"> records</span>
          {view.paused && <strong className="paused-flag"> · paused</strong>}
        </span>
        <span className="sr-only" aria-live="polite">
          {announcement}
        </span>
      </div>
    </div>
  );
}

/**
 * The bar's inputs: text (or regex) filter, JSON path, and the kinds menu. Apart from the bar's
 * per-batch parts (counts, chips), so a batch does not re-render the inputs: React re-applies every
 * input's attributes when it renders one, which showed in the page's profile under a stream.
 */
const FilterFields = memo(function FilterFields({
  sessionId,
  transport,
  textError,
  pathError,
}: {
  sessionId: string;
  transport: Transport;
  textError: string | null;
  pathError: string | null;
}) {
  const view = useSessionView(sessionId, transport);
  const patchView = useView((s) => s.patchView);
  const spec = view.filter;
  const [text, setText] = useState(spec.text);
  const [path, setPath] = useState(spec.jsonPath);
  const debouncedText = useDebounced(text, 150);
  const debouncedPath = useDebounced(path, 150);
  // What the inputs hold now, for the flush when the bar goes away (e.g. a quick tab switch).
  const typed = useRef({ text, path });

  /** Store the typed text and path as the session's filter (read fresh: other fields may have changed). */
  const commit = (t: string, p: string) => {
    const f = useView.getState().views[sessionId]?.filter ?? spec;
    if (f.text !== t || f.jsonPath !== p) patchView(sessionId, transport, { filter: { ...f, text: t, jsonPath: p } });
  };

  useEffect(() => {
    commit(debouncedText, debouncedPath);
    // Only the debounced inputs drive this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedText, debouncedPath]);

  // An edit still inside the debounce window is not lost when the session's view unmounts.
  useEffect(
    () => () => commit(typed.current.text, typed.current.path),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  const typeInto = (field: 'text' | 'path', value: string) => {
    typed.current[field] = value;
    if (field === 'text') setText(value);
    else setPath(value);
  };
  const setFilter = (p: Partial<typeof spec>) => patchView(sessionId, transport, { filter: { ...spec, ...p } });
  const toggleKind = (kind: RecordKind) =>
    setFilter({ kinds: spec.kinds.includes(kind) ? spec.kinds.filter((k) => k !== kind) : [...spec.kinds, kind] });
  const kinds = KIND_TOGGLES.filter((k) =>
    transport === 'ws' ? k.kind !== 'retry' && k.kind !== 'chunk' && k.kind !== 'comment' : k.kind !== 'frame',
  );

  return (
    <>
      <label className="filter-field filter-text">
        <span>Filter</span>
        {/* Short placeholders, so a narrow list pane shows them whole; the title says it all. */}
        <input
          aria-label="Filter data"
          aria-invalid={textError !== null}
          placeholder={spec.regex ? 'regex on data' : 'text in data'}
          title={
            spec.regex
              ? 'Show the records whose data matches this regular expression (case-insensitive)'
              : 'Show the records whose data contains this text (case-insensitive)'
          }
          spellCheck={false}
          value={text}
          onChange={(e) => typeInto('text', e.target.value)}
        />
      </label>
      <label className="check" title="Read the filter as a regular expression">
        <input type="checkbox" checked={spec.regex} onChange={(e) => setFilter({ regex: e.target.checked })} /> regex
      </label>
      <label className="filter-field filter-path">
        <span>JSON path</span>
        <input
          aria-label="JSON path"
          aria-invalid={pathError !== null}
          placeholder="JSON path"
          title="Show the records whose JSON data has a value at this path, e.g. choices[0].delta.content (with col: show that value as a column instead)"
          spellCheck={false}
          value={path}
          onChange={(e) => typeInto('path', e.target.value)}
        />
      </label>
      <label
        className="check"
        title="Show the JSON path's value per event as a column of the list (it then filters nothing)"
      >
        <input
          type="checkbox"
          aria-label="JSON path as a column"
          checked={spec.pathColumn}
          onChange={(e) => setFilter({ pathColumn: e.target.checked })}
        />{' '}
        col<span className="fold-words">umn</span>
      </label>
      <KindsMenu kinds={kinds} shown={spec.kinds} onToggle={toggleKind} />
    </>
  );
});

/**
 * Which record kinds the list shows, folded behind one button so the bar stays one row: the
 * button says how many kinds are on, the popover holds a toggle per kind.
 */
function KindsMenu({
  kinds,
  shown,
  onToggle,
}: {
  kinds: Array<{ kind: RecordKind; label: string }>;
  shown: readonly RecordKind[];
  onToggle(kind: RecordKind): void;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const on = kinds.filter((k) => shown.includes(k.kind)).length;
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
    button,
  );
  return (
    <span className="kinds-menu">
      <button ref={button} type="button" aria-expanded={open} title="Record kinds shown" onClick={() => setOpen(!open)}>
        Kinds {on}/{kinds.length} ▾
      </button>
      {open && (
        <div className="kinds-popover" role="group" aria-label="Record kinds shown">
          {kinds.map(({ kind, label }) => (
            <button
              key={kind}
              type="button"
              aria-pressed={shown.includes(kind)}
              className="chip"
              onClick={() => onToggle(kind)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
