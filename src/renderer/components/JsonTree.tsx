import { useState } from 'react';
import { showBidiControls } from '#shared/control-chars';
import type { JsonPathSegment } from '#shared/json-path';
import { copyText } from '../lib/clipboard';
import { formatJsonPath } from '../lib/json-path-format';
import type { MatchFinder } from '../lib/record-filter';
import { Marked } from './Marked';

const MAX_CHILDREN = 500;

/** A collapsible JSON tree; each node offers "copy value" and "copy path". Values render as text. */
/** `find`: marks the text filter's matches in string values. */
export function JsonTree({ value, find }: { value: object; find?: MatchFinder | null }) {
  return (
    <div className="json-tree" role="tree" aria-label="JSON data">
      <JsonNode name={null} value={value} path={[]} depth={0} find={find ?? null} />
    </div>
  );
}

function JsonNode({
  name,
  value,
  path,
  depth,
  find,
}: {
  name: string | number | null;
  value: unknown;
  path: JsonPathSegment[];
  depth: number;
  find: MatchFinder | null;
}) {
  const [open, setOpen] = useState(depth < 3);
  const isContainer = value !== null && typeof value === 'object';
  const entries: Array<[string | number, unknown]> = isContainer
    ? Array.isArray(value)
      ? value.map((v, i) => [i, v] as [number, unknown])
      : Object.entries(value as Record<string, unknown>)
    : [];
  const label =
    name === null ? null : (
      <span className="jt-key">{typeof name === 'number' ? `[${name}]` : showBidiControls(name)}</span>
    );
  const actions = (
    <span className="jt-actions">
      <button
        type="button"
        className="link"
        title="Copy value"
        onClick={() => void copyText(typeof value === 'string' ? value : JSON.stringify(value, null, 2))}
      >
        copy value
      </button>
      {path.length > 0 && (
        <button type="button" className="link" title="Copy path" onClick={() => void copyText(formatJsonPath(path))}>
          copy path
        </button>
      )}
    </span>
  );
  if (!isContainer) {
    return (
      <div className="jt-row" role="treeitem" aria-selected={false} data-path={formatJsonPath(path)}>
        {label}
        {label && ': '}
        <span className={`jt-val jt-${value === null ? 'null' : typeof value}`}>
          {typeof value === 'string' ? (
            <Marked text={showBidiControls(JSON.stringify(value))} find={find} />
          ) : (
            String(value)
          )}
        </span>
        {actions}
      </div>
    );
  }
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div
      className="jt-node"
      role="treeitem"
      aria-expanded={open}
      aria-selected={false}
      data-path={formatJsonPath(path)}
    >
      <div className="jt-row">
        <button
          type="button"
          className="jt-toggle"
          aria-label={open ? 'Collapse' : 'Expand'}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        {label}
        {label && ': '}
        <span className="muted">{summary}</span>
        {actions}
      </div>
      {open && (
        <div role="group" className="jt-children">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <JsonNode key={String(k)} name={k} value={v} path={[...path, k]} depth={depth + 1} find={find} />
          ))}
          {entries.length > MAX_CHILDREN && <div className="muted">… {entries.length - MAX_CHILDREN} more</div>}
        </div>
      )}
    </div>
  );
}
