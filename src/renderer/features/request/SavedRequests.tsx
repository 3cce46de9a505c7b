import { useCallback, useRef, useState } from 'react';
import { requestsOf, type WorkspaceItem } from '#shared/workspace';
import { FileButton } from '../../components/FileButton';
import { noImplicitSubmit } from '../../lib/no-implicit-submit';
import { useEscape } from '../../lib/use-escape';
import { useFocusOnOpen } from '../../lib/use-focus-on-open';
import { composerHistory } from '../../stores/composer';
import { useRequest } from '../../stores/request';
import { useWorkspace } from '../../stores/workspace';

/**
 * Saved requests in collections (folders nest): save the current request, load one, rename,
 * reorder, duplicate, delete; export everything as JSON and import a workspace file, a Postman
 * collection v2.1 or an Insomnia export.
 */
export function SavedRequests() {
  const collections = useWorkspace((s) => s.collections);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const dialog = useFocusOnOpen<HTMLDivElement>(open);
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
  );
  const count = requestsOf(collections).length;
  const folders = foldersOf(collections);

  const onImport = async (file: File) => {
    const r = useWorkspace.getState().importText(file.name, await file.text());
    setMessage({ ok: r.ok, text: r.message });
  };

  const saveCurrent = () => {
    if (!name.trim()) return;
    const folder = folders.some((f) => f.id === target) ? target : undefined;
    const draft = useRequest.getState().draft;
    // A WebSocket request keeps the messages its composer sent.
    const messages = composerHistory(draft.url.trim());
    useWorkspace.getState().saveRequest(name.trim(), messages.length ? { ...draft, messages } : draft, folder);
    setName('');
    // The Save button turns disabled with the name cleared, and a disabled button drops the focus
    // to <body>: the name field is where the next save starts.
    nameField.current?.focus();
  };

  const onExport = () => {
    const url = URL.createObjectURL(new Blob([useWorkspace.getState().exportText()], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'streamscope-workspace.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage({ ok: true, text: 'Exported streamscope-workspace.json (secret values left out)' });
  };

  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Saved{count ? ` (${count})` : ''}
      </button>
      {open && (
        <div
          ref={dialog}
          className="popover saved-requests"
          role="dialog"
          aria-label="Saved requests"
          onKeyDown={noImplicitSubmit}
        >
          <div className="row">
            <input
              ref={nameField}
              aria-label="Name for this request"
              placeholder="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') saveCurrent();
              }}
            />
            {folders.length > 1 && (
              <select aria-label="Save into" value={target} onChange={(e) => setTarget(e.target.value)}>
                {folders.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label}
                  </option>
                ))}
              </select>
            )}
            <button type="button" disabled={!name.trim()} onClick={saveCurrent}>
              Save current
            </button>
          </div>
          {count === 0 && <p className="muted">Nothing saved yet: name the current request and save it.</p>}
          <ul className="workspace-tree" aria-label="Collections">
            {collections.map((c, i) => (
              <TreeItem
                key={c.id}
                item={c}
                first={i === 0}
                last={i === collections.length - 1}
                onLoad={() => setOpen(false)}
              />
            ))}
          </ul>
          <div className="row">
            <button
              type="button"
              onClick={() => useWorkspace.getState().addCollection(`Collection ${collections.length + 1}`)}
            >
              New collection
            </button>
            <button type="button" onClick={onExport} disabled={collections.length === 0}>
              Export…
            </button>
            <FileButton
              fileLabel="Import collections file"
              accept=".json,application/json"
              onFile={(file) => void onImport(file)}
            >
              Import…
            </FileButton>
          </div>
          {message && (
            <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'error-text'}>
              {message.text}
            </p>
          )}
        </div>
      )}
    </>
  );
}

/** Every folder as a choice for "Save into", nested ones labelled with their path. */
function foldersOf(items: readonly WorkspaceItem[], prefix = ''): Array<{ id: string; label: string }> {
  return items.flatMap((x) =>
    x.kind === 'folder' ? [{ id: x.id, label: prefix + x.name }, ...foldersOf(x.items, `${prefix}${x.name} / `)] : [],
  );
}

function TreeItem({
  item,
  first,
  last,
  onLoad,
}: {
  item: WorkspaceItem;
  first: boolean;
  last: boolean;
  onLoad: () => void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const ws = useWorkspace.getState;
  const label =
    renaming !== null ? (
      <input
        aria-label={`New name for ${item.name}`}
        value={renaming}
        autoFocus
        onChange={(e) => setRenaming(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && renaming.trim()) {
            e.preventDefault();
            ws().rename(item.id, renaming.trim());
            setRenaming(null);
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            setRenaming(null);
          }
        }}
        onBlur={() => setRenaming(null)}
      />
    ) : item.kind === 'request' ? (
      <button
        type="button"
        className="link"
        onClick={() => {
          useRequest.getState().replace(item.draft);
          onLoad();
        }}
      >
        <strong>{item.name}</strong>{' '}
        <span className="muted">
          {item.draft.method} {item.draft.url}
        </span>
      </button>
    ) : (
      <strong className="folder-name">{item.name}</strong>
    );
  return (
    <li className={`workspace-item ${item.kind}`}>
      <div className="workspace-row">
        {label}
        <span className="workspace-actions">
          {item.kind === 'folder' && (
            <button
              type="button"
              aria-label={`New folder in ${item.name}`}
              onClick={() => ws().addFolder(item.id, 'New folder')}
            >
              + Folder
            </button>
          )}
          <button
            type="button"
            aria-label={`Move ${item.name} up`}
            disabled={first}
            onClick={() => ws().move(item.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move ${item.name} down`}
            disabled={last}
            onClick={() => ws().move(item.id, 1)}
          >
            ↓
          </button>
          <button type="button" aria-label={`Rename ${item.name}`} onClick={() => setRenaming(item.name)}>
            Rename
          </button>
          <button type="button" aria-label={`Duplicate ${item.name}`} onClick={() => ws().duplicate(item.id)}>
            Duplicate
          </button>
          <button type="button" aria-label={`Delete ${item.name}`} onClick={() => ws().remove(item.id)}>
            ×
          </button>
        </span>
      </div>
      {item.kind === 'folder' && item.items.length > 0 && (
        <ul>
          {item.items.map((x, i) => (
            <TreeItem key={x.id} item={x} first={i === 0} last={i === item.items.length - 1} onLoad={onLoad} />
          ))}
        </ul>
      )}
    </li>
  );
}
