/**
 * Keeps what the page remembers (shared/ui-state.ts) in the back end's settings file as well as in
 * localStorage. The browser host serves the page on a new port, so a new origin with an empty
 * localStorage, at every start of `streamscope ui`: without the back end's copy, saved requests,
 * environments, the draft and the layout were gone after each restart.
 */
import type { InspectorApi } from '#shared/api';
import { UI_STATE_KEYS } from '#shared/ui-state';
import { setStorageSink } from './storage';

/** A write waits this long for the next change of the same key (the draft changes per keystroke). */
const WRITE_DELAY_MS = 300;
/** How long the page waits for the back end's copy before it starts without syncing. */
const RESTORE_TIMEOUT_MS = 5_000;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * Before the stores are created: the back end's copy of each key goes into localStorage (it is the
 * one that outlives the origin); a key only this page has (a page from before this copy existed,
 * or the desktop app's) goes to the back end. Then every later save is written there too. When the
 * back end does not answer, nothing is synced in this page's life: better than overwriting the
 * file's copy with this page's defaults.
 */
export async function restoreUiState(
  api: InspectorApi,
  store: Store | undefined = globalThis.localStorage,
): Promise<void> {
  if (!store) return;
  const answer = await Promise.race([
    api.settings.uiState(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), RESTORE_TIMEOUT_MS)),
  ]).catch(() => null);
  if (!answer?.ok) return;
  for (const key of UI_STATE_KEYS) {
    const kept = answer.value[key];
    try {
      if (kept !== undefined) store.setItem(key, kept);
      else {
        const local = store.getItem(key);
        if (local !== null) void api.settings.putUiState(key, local);
      }
    } catch {
      // Storage disabled: the stores start from their defaults, the back end's copy stays.
    }
  }
  setStorageSink(createWriter(api));
}

/** Writes each key at most once per WRITE_DELAY_MS, and everything pending when the page goes. */
function createWriter(api: InspectorApi): (key: string, text: string) => void {
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
    pending.set(key, text);
    timer ??= setTimeout(flush, WRITE_DELAY_MS);
  };
}
