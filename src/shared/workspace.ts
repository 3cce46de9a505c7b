/**
 * Workspaces: saved requests in named collections (folders nest), and environments whose
 * variables (`{{baseUrl}}`, `{{token}}`) are substituted into a request when it connects. Pure
 * data and the operations on it; the UI keeps it in its own storage. Secrets are stored only as
 * secret variables: a saved request's secret header values and URL credentials are redacted
 * unless they are `{{variable}}` references, and exports leave secret variables' values out.
 */
import { FRAMINGS, type Framing } from './records';
import { REDACTED } from './recording-format';
import { isSecretHeader, redactUrl } from './redact';

export type ReconnectPolicy = 'auto' | 'on' | 'off';

/** What the request bar edits and a saved request keeps. Headers keep empty rows for the editor. */
export interface RequestDraft {
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string;
  reconnect: ReconnectPolicy;
  /** How to read an HTTP body; absent: from its Content-Type. */
  format?: Framing;
  /** MCP Streamable HTTP: initialize a session first; the body is the JSON-RPC message. */
  mcp?: boolean;
}

export const EMPTY_DRAFT: RequestDraft = { url: '', method: 'GET', headers: [], body: '', reconnect: 'auto' };

export interface SavedRequest {
  kind: 'request';
  id: string;
  name: string;
  draft: RequestDraft;
}

/** A collection is a top-level folder. */
export interface Folder {
  kind: 'folder';
  id: string;
  name: string;
  items: WorkspaceItem[];
}

export type WorkspaceItem = SavedRequest | Folder;

export interface Variable {
  name: string;
  value: string;
  /** Kept out of exports, and out of recordings and HARs when substituted into a request. */
  secret: boolean;
}

export interface Environment {
  id: string;
  name: string;
  variables: Variable[];
}

/** Format marker of an exported workspace file. */
export const WORKSPACE_FORMAT = 'streamscope-workspace';

export interface WorkspaceFile {
  format: typeof WORKSPACE_FORMAT;
  version: 1;
  collections: Folder[];
  environments: Environment[];
}

/** Bounds on what is kept, so an imported file cannot grow storage without end. */
export const WORKSPACE_LIMITS = { items: 5000, depth: 16, variables: 500, environments: 100 } as const;

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isDraft(v: unknown): v is RequestDraft {
  if (!isRecord(v)) return false;
  return (
    isString(v.url) &&
    isString(v.method) &&
    isString(v.body) &&
    (v.reconnect === 'auto' || v.reconnect === 'on' || v.reconnect === 'off') &&
    (v.format === undefined || FRAMINGS.includes(v.format as Framing)) &&
    (v.mcp === undefined || typeof v.mcp === 'boolean') &&
    Array.isArray(v.headers) &&
    v.headers.every((h) => Array.isArray(h) && h.length === 2 && isString(h[0]) && isString(h[1]))
  );
}

function isItem(v: unknown, depth: number): v is WorkspaceItem {
  if (!isRecord(v) || !isString(v.id) || !isString(v.name)) return false;
  if (v.kind === 'request') return isDraft(v.draft);
  return v.kind === 'folder' && depth < WORKSPACE_LIMITS.depth && isItemList(v.items, depth + 1);
}

function isItemList(v: unknown, depth: number): v is WorkspaceItem[] {
  return Array.isArray(v) && v.every((x) => isItem(x, depth));
}

export function isCollectionList(v: unknown): v is Folder[] {
  return Array.isArray(v) && v.every((x) => isItem(x, 0) && x.kind === 'folder');
}

function isVariable(v: unknown): v is Variable {
  return isRecord(v) && isString(v.name) && isString(v.value) && typeof v.secret === 'boolean';
}

export function isEnvironmentList(v: unknown): v is Environment[] {
  return (
    Array.isArray(v) &&
    v.every(
      (e) =>
        isRecord(e) &&
        isString(e.id) &&
        isString(e.name) &&
        Array.isArray(e.variables) &&
        e.variables.every(isVariable),
    )
  );
}

/** A fresh id; unique enough for items the user creates one at a time or imports by the thousand. */
export function newId(): string {
  return globalThis.crypto.randomUUID();
}

// --- Variables ------------------------------------------------------------------------------

const REFERENCE = /\{\{\s*([A-Za-z_$][\w.$-]*)\s*\}\}/g;

/** True when the text holds at least one `{{variable}}` reference. */
export function hasReference(text: string): boolean {
  REFERENCE.lastIndex = 0;
  return REFERENCE.test(text);
}

/**
 * The draft with every `{{name}}` replaced by its variable's value, and the values of the secret
 * variables it used (to keep out of recordings). An undefined variable is an error naming it.
 */
export function substituteDraft(
  draft: RequestDraft,
  variables: readonly Variable[],
): { ok: true; draft: RequestDraft; secrets: string[] } | { ok: false; error: string } {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const missing = new Set<string>();
  const secrets = new Set<string>();
  const fill = (text: string): string =>
    text.replace(REFERENCE, (whole, name: string) => {
      const v = byName.get(name);
      if (!v) {
        missing.add(name);
        return whole;
      }
      if (v.secret && v.value !== '') secrets.add(v.value);
      return v.value;
    });
  const out: RequestDraft = {
    ...draft,
    url: fill(draft.url),
    headers: draft.headers.map(([n, v]) => [fill(n), fill(v)] as [string, string]),
    body: fill(draft.body),
  };
  if (missing.size > 0) {
    const names = [...missing].map((n) => `{{${n}}}`).join(', ');
    return { ok: false, error: `${names} ${missing.size > 1 ? 'are' : 'is'} not defined in the active environment` };
  }
  return { ok: true, draft: out, secrets: [...secrets] };
}

// --- Secrets at rest ----------------------------------------------------------------------------

/**
 * A draft as it may be stored (localStorage, saved requests, exports): secret header values and
 * URL credentials become "[redacted]" unless they come from a `{{variable}}` reference, whose
 * value lives in an environment (and, when marked secret, never leaves it).
 */
export function draftForStorage(draft: RequestDraft): RequestDraft {
  return {
    ...draft,
    url: redactUrl(draft.url, hasReference),
    headers: draft.headers.map(([n, v]) => [
      n,
      isSecretHeader(n.trim()) && v !== '' && !hasReference(v) ? REDACTED : v,
    ]),
  };
}

// --- Tree operations (each returns new arrays; unchanged branches are shared) -----------------

/** Applies `f` to the list that holds the item `id` (top level or inside a folder). */
function editParentOf(
  list: WorkspaceItem[],
  id: string,
  f: (items: WorkspaceItem[], index: number) => WorkspaceItem[],
): WorkspaceItem[] {
  const i = list.findIndex((x) => x.id === id);
  if (i !== -1) return f(list, i);
  let changed = false;
  const out = list.map((x) => {
    if (changed || x.kind !== 'folder') return x;
    const items = editParentOf(x.items, id, f);
    if (items === x.items) return x;
    changed = true;
    return { ...x, items };
  });
  return changed ? out : list;
}

export function findItem(list: readonly WorkspaceItem[], id: string): WorkspaceItem | null {
  for (const x of list) {
    if (x.id === id) return x;
    if (x.kind === 'folder') {
      const found = findItem(x.items, id);
      if (found) return found;
    }
  }
  return null;
}

export function renameItem<T extends WorkspaceItem>(list: T[], id: string, name: string): T[] {
  return editParentOf(list, id, (items, i) => items.map((x, j) => (j === i ? { ...x, name } : x))) as T[];
}

export function removeItem<T extends WorkspaceItem>(list: T[], id: string): T[] {
  return editParentOf(list, id, (items, i) => items.filter((_, j) => j !== i)) as T[];
}

/** Moves an item one place up (-1) or down (+1) among its siblings. */
export function moveItem<T extends WorkspaceItem>(list: T[], id: string, delta: -1 | 1): T[] {
  return editParentOf(list, id, (items, i) => {
    const j = i + delta;
    if (j < 0 || j >= items.length) return items;
    const out = [...items];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  }) as T[];
}

/** A deep copy with fresh ids. */
export function copyItem<T extends WorkspaceItem>(item: T): T {
  if (item.kind === 'request')
    return { ...item, id: newId(), draft: { ...item.draft, headers: item.draft.headers.map((h) => [...h]) } };
  return { ...item, id: newId(), items: item.items.map(copyItem) };
}

/** Puts a copy ("<name> copy") right after the item. */
export function duplicateItem<T extends WorkspaceItem>(list: T[], id: string): T[] {
  return editParentOf(list, id, (items, i) => {
    const copy = { ...copyItem(items[i]!), name: `${items[i]!.name} copy` };
    return [...items.slice(0, i + 1), copy, ...items.slice(i + 1)];
  }) as T[];
}

/** Appends an item to the folder `parentId`. */
export function addToFolder<T extends WorkspaceItem>(list: T[], parentId: string, item: WorkspaceItem): T[] {
  let changed = false;
  const out = list.map((x) => {
    if (changed || x.kind !== 'folder') return x;
    if (x.id === parentId) {
      changed = true;
      return { ...x, items: [...x.items, item] };
    }
    const items = addToFolder(x.items, parentId, item);
    if (items === x.items) return x;
    changed = true;
    return { ...x, items };
  });
  return changed ? out : list;
}

/** Every saved request, depth first. */
export function requestsOf(list: readonly WorkspaceItem[]): SavedRequest[] {
  return list.flatMap((x) => (x.kind === 'request' ? [x] : requestsOf(x.items)));
}

// --- Export -------------------------------------------------------------------------------------

function storedItem(item: WorkspaceItem): WorkspaceItem {
  return item.kind === 'request'
    ? { ...item, draft: draftForStorage(item.draft) }
    : { ...item, items: item.items.map(storedItem) };
}

/** The workspace as a JSON file: secrets redacted in requests, secret variables without values. */
export function exportWorkspace(collections: readonly Folder[], environments: readonly Environment[]): string {
  const file: WorkspaceFile = {
    format: WORKSPACE_FORMAT,
    version: 1,
    collections: collections.map((c) => storedItem(c) as Folder),
    environments: environments.map((e) => ({
      ...e,
      variables: e.variables.map((v) => (v.secret ? { ...v, value: '' } : v)),
    })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}
