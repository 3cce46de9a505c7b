/**
 * Small typed wrappers over localStorage for what the UI remembers between launches. Every read
 * validates the shape, so a corrupt or foreign value is ignored rather than crashing the app.
 */

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

export function saveJson(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): remembering is a convenience, not a requirement.
  }
}

/** Most recent first, without duplicates, at most `max` entries. */
export function pushRecent(list: readonly string[], item: string, max = 20): string[] {
  return [item, ...list.filter((x) => x !== item)].slice(0, max);
}
