/**
 * Keeps what the page remembers (shared/ui-state.ts) in the back end's settings file as well as in
 * localStorage. The browser host serves the page on a new port, so a new origin with an empty
 * localStorage, at every start of `streamscope ui`: without the back end's copy, saved requests,
 * environments, the draft and the layout were gone after each restart.
 *
 * Each copy carries the time each key was saved, and a restore keeps the newer copy of each key.
 * The page writes localStorage first and the back end a moment later, so after a change and a
 * quick reload the back end's copy is the older one: taking it would lose the change.
 */
import type { InspectorApi } from '#shared/api';
import { savedTimes, UI_SAVED_AT_KEY, UI_STATE_KEYS } from '#shared/ui-state';
import { setStorageSink } from './storage';

/** A write waits this long for the next change of the same key (the draft changes per keystroke). */
const WRITE_DELAY_MS = 300;
/** How long the page waits for the back end's copy before it starts without syncing. */
const RESTORE_TIMEOUT_MS = 5_000;

type Store = Pick<Storage, 'getItem' | 'setItem'>;
type SettingsApi = Pick<InspectorApi, 'settings'>;
type SavedAt = Record<string, number>;

function parseSavedAt(text: string | null | undefined): SavedAt {
  try {
    return savedTimes(text ? JSON.parse(text) : null);
  } catch {
    return {};
  }
}

/**
 * Before the stores are created: for each key, the newer of the back end's copy and this page's
 * goes into localStorage (a key only one side has is taken from it), and the back end is sent
 * what it lacked. Then every later save is written there too. When the back end does not answer,
 * nothing is synced in this page's life: better than overwriting the file's copy with this page's
 * defaults.
 */
export async function restoreUiState(
  api: SettingsApi,
  store: Store | undefined = globalThis.localStorage,
): Promise<void> {
  if (!store) return;
  const answer = await Promise.race([
    api.settings.uiState(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), RESTORE_TIMEOUT_MS)),
  ]).catch(() => null);
  if (!answer?.ok) return;
  const remoteAt = parseSavedAt(answer.value[UI_SAVED_AT_KEY]);
  let localAt: SavedAt = {};
  try {
    localAt = parseSavedAt(store.getItem(UI_SAVED_AT_KEY));
    const savedAt: SavedAt = {};
    for (const key of UI_STATE_KEYS) {
      if (key === UI_SAVED_AT_KEY) continue;
      const remote = answer.value[key];
      const local = store.getItem(key);
      // A local copy with no time (from before times were kept) loses to any back end copy.
      const localWins = local !== null && (remote === undefined || (localAt[key] ?? -1) >= (remoteAt[key] ?? 0));
      if (localWins) {
        if (local !== remote) void api.settings.putUiState(key, local);
        if (localAt[key] !== undefined) savedAt[key] = localAt[key];
      } else if (remote !== undefined) {
        store.setItem(key, remote);
        if (remoteAt[key] !== undefined) savedAt[key] = remoteAt[key];
      }
    }
    localAt = savedAt;
    const text = JSON.stringify(savedAt);
    store.setItem(UI_SAVED_AT_KEY, text);
    void api.settings.putUiState(UI_SAVED_AT_KEY, text);
  } catch {
    // Storage disabled: the stores start from their defaults, the back end's copy stays.
  }
  setStorageSink(createWriter(api, store, localAt));
}

/**
 * Stamps each save's time, and writes each key to the back end at most once per WRITE_DELAY_MS
 * (and everything pending when the page goes).
 */
function createWriter(api: SettingsApi, store: Store, savedAt: SavedAt): (key: string, text: string) => void {
  const pending = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [key, text] of pending) void api.settings.putUiState(key, text);
    pending.clear();
  };
  globalThis.addEventListener?.('pagehide', flush);
  return (key, text) => {
    savedAt[key] = Date.now();
    const times = JSON.stringify(savedAt);
    try {
      store.setItem(UI_SAVED_AT_KEY, times);
    } catch {
      // Storage full or disabled: the back end's copy below still has the time.
    }
    pending.set(key, text);
    // The times go after the values they stamp (a Map sends in first-set order): the back end
    // pairs a value with the times that follow it, and another process sharing its settings file
    // must never read a new time beside the old value (settings-store.ts).
    pending.delete(UI_SAVED_AT_KEY);
    pending.set(UI_SAVED_AT_KEY, times);
    timer ??= setTimeout(flush, WRITE_DELAY_MS);
  };
}
