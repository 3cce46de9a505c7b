/**
 * What the page remembers between launches (saved requests, environments, the request draft,
 * recent URLs, the layout, the composer's history and templates). The page keeps each in its
 * localStorage under these keys, and the back end keeps a copy in the settings file: the browser
 * host's page lives on a new port, so a new origin with an empty localStorage, at every start of
 * `streamscope ui`, and would otherwise forget all of it.
 */
export const UI_STATE_KEYS = [
  'streamscope.collections',
  'streamscope.environments',
  'streamscope.activeEnvironment',
  'streamscope.draft',
  'streamscope.recentUrls',
  'streamscope.layout',
  'streamscope.composerHistory',
  'streamscope.messageTemplates',
  // When each key above was last saved (ms since the epoch, by key): the newer copy wins a restore.
  'streamscope.uiSavedAt',
] as const;

/** The key of the save times (see UI_STATE_KEYS). */
export const UI_SAVED_AT_KEY = 'streamscope.uiSavedAt';

export type UiStateKey = (typeof UI_STATE_KEYS)[number];

/** The save times in a UI_SAVED_AT_KEY value (parsed JSON): its entries that are finite numbers. */
export function savedTimes(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}

export function isUiStateKey(key: unknown): key is UiStateKey {
  return (UI_STATE_KEYS as readonly unknown[]).includes(key);
}

/** One key's value as JSON text, at most this many UTF-16 code units. */
export const UI_STATE_MAX_CHARS = 4 * 1024 * 1024;
