/**
 * Small typed wrappers over localStorage for what the UI remembers between launches. Every read
 * validates the shape, so a corrupt or foreign value is ignored rather than crashing the app.
 */
import { isUiStateKey } from '#shared/ui-state';

export function loadJson<T>(key: string, valid: (v: unknown) => v is T, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    if (raw == null) return fallback;
    const parsed: unknown = JSON.parse(raw);
    return valid(parsed) ? parsed : fallback;
  } catch {
    return fallback;
  }
}

/** Where saves go besides localStorage (lib/ui-state-sync.ts: the back end's settings file). */
let sink: ((key: string, text: string) => void) | null = null;

export function setStorageSink(next: ((key: string, text: string) => void) | null): void {
  sink = next;
}

export function saveJson(key: string, value: unknown): void {
  const text = JSON.stringify(value);
  try {
    globalThis.localStorage?.setItem(key, text);
  } catch {
    // Storage full or disabled (private mode): the back end's copy below still keeps it.
  }
  if (sink && isUiStateKey(key)) sink(key, text);
}

/** Most recent first, without duplicates, at most `max` entries. */
export function pushRecent(list: readonly string[], item: string, max = 20): string[] {
  return [item, ...list.filter((x) => x !== item)].slice(0, max);
}
