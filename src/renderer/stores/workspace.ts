import { create } from 'zustand';
import {
  addToFolder,
  draftForStorage,
  duplicateItem,
  exportWorkspace,
  isCollectionList,
  isEnvironmentList,
  moveItem,
  newId,
  removeItem,
  renameItem,
  requestsOf,
  type Environment,
  type Folder,
  type RequestDraft,
  type WorkspaceItem,
} from '#shared/workspace';
import { importWorkspace } from '#shared/workspace-import';
import { isDraft, isSavedList, withoutMalformedFields } from '../lib/request-draft';
import { loadJson, saveJson } from '../lib/storage';

const KEYS = {
  collections: 'streamscope.collections',
  environments: 'streamscope.environments',
  active: 'streamscope.activeEnvironment',
  /** Before collections: one flat list of `{name, draft}`, moved into a "Saved" collection. */
  legacySaved: 'streamscope.savedRequests',
} as const;

interface WorkspaceState {
  collections: Folder[];
  environments: Environment[];
  activeEnvironment: string | null;
  /** Saves a request (secrets redacted unless variable references) into a collection or folder. */
  saveRequest(name: string, draft: RequestDraft, folderId?: string): void;
  addCollection(name: string): string;
  addFolder(parentId: string, name: string): void;
  rename(id: string, name: string): void;
  move(id: string, delta: -1 | 1): void;
  duplicate(id: string): void;
  remove(id: string): void;
  /** Adds what a file holds; returns a one-line summary or error. */
  importText(name: string, text: string): { ok: boolean; message: string };
  exportText(): string;
  setActiveEnvironment(id: string | null): void;
  addEnvironment(name: string): string;
  putEnvironment(env: Environment): void;
  removeEnvironment(id: string): void;
}

/** As kept: secrets redacted, and the app's own fields only when well formed (imports are foreign). */
function stored(item: WorkspaceItem): WorkspaceItem {
  return item.kind === 'request'
    ? { ...item, draft: draftForStorage(withoutMalformedFields(item.draft)) }
    : { ...item, items: item.items.map(stored) };
}

function loadCollections(): Folder[] {
  const collections = loadJson<Folder[] | null>(
    KEYS.collections,
    // The renderer's own check too: a saved WebSocket request's messages must be well formed.
    (v): v is Folder[] | null => isCollectionList(v) && requestsOf(v).every((r) => isDraft(r.draft)),
    null,
  );
  if (collections) return collections;
  const legacy = loadJson(KEYS.legacySaved, isSavedList, []);
  if (legacy.length === 0) return [];
  // Moved once, with what the old list kept in clear redacted; the old key goes.
  const moved: Folder[] = [
    {
      kind: 'folder',
      id: newId(),
      name: 'Saved',
      items: legacy.map((s) => ({ kind: 'request', id: newId(), name: s.name, draft: draftForStorage(s.draft) })),
    },
  ];
  saveJson(KEYS.collections, moved);
  globalThis.localStorage?.removeItem(KEYS.legacySaved);
  return moved;
}

/** Collections and environments, kept in localStorage (secrets only as secret variables). */
export const useWorkspace = create<WorkspaceState>((set, get) => {
  const setCollections = (collections: Folder[]): void => {
    set({ collections });
    saveJson(KEYS.collections, collections);
  };
  const setEnvironments = (environments: Environment[], activeEnvironment = get().activeEnvironment): void => {
    const active = environments.some((e) => e.id === activeEnvironment) ? activeEnvironment : null;
    set({ environments, activeEnvironment: active });
    saveJson(KEYS.environments, environments);
    saveJson(KEYS.active, active);
  };
  return {
    collections: loadCollections(),
    environments: loadJson(KEYS.environments, isEnvironmentList, []),
    activeEnvironment: loadJson(KEYS.active, (v): v is string | null => v === null || typeof v === 'string', null),
    saveRequest(name, draft, folderId) {
      let collections = get().collections;
      let target = folderId;
      if (!target) {
        target = collections[0]?.id ?? newId();
        if (!collections[0]) collections = [{ kind: 'folder', id: target, name: 'Saved', items: [] }];
      }
      setCollections(addToFolder(collections, target, stored({ kind: 'request', id: newId(), name, draft })));
    },
    addCollection(name) {
      const id = newId();
      setCollections([...get().collections, { kind: 'folder', id, name, items: [] }]);
      return id;
    },
    addFolder(parentId, name) {
      setCollections(addToFolder(get().collections, parentId, { kind: 'folder', id: newId(), name, items: [] }));
    },
    rename: (id, name) => setCollections(renameItem(get().collections, id, name)),
    move: (id, delta) => setCollections(moveItem(get().collections, id, delta)),
    duplicate: (id) => setCollections(duplicateItem(get().collections, id)),
    remove: (id) => setCollections(removeItem(get().collections, id)),
    importText(name, text) {
      const r = importWorkspace(name, text);
      if (!r.ok) return { ok: false, message: r.error };
      const { kind, collections, environments, warnings } = r.value;
      setCollections([...get().collections, ...collections.map((c) => stored(c) as Folder)]);
      setEnvironments([...get().environments, ...environments]);
      const parts = [`Imported ${kind}: ${collections.length} collection(s), ${environments.length} environment(s)`];
      if (warnings.length) parts.push(`${warnings.length} not imported: ${warnings.join('; ')}`);
      return { ok: true, message: parts.join('. ') };
    },
    exportText: () => exportWorkspace(get().collections, get().environments),
    setActiveEnvironment: (id) => setEnvironments(get().environments, id),
    addEnvironment(name) {
      const id = newId();
      setEnvironments([...get().environments, { id, name, variables: [] }], id);
      return id;
    },
    putEnvironment: (env) => setEnvironments(get().environments.map((e) => (e.id === env.id ? env : e))),
    removeEnvironment: (id) => setEnvironments(get().environments.filter((e) => e.id !== id)),
  };
});

/** The active environment's variables (none without an active environment). */
export function activeVariables(): Environment['variables'] {
  const { environments, activeEnvironment } = useWorkspace.getState();
  return environments.find((e) => e.id === activeEnvironment)?.variables ?? [];
}
