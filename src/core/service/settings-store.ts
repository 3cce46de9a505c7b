/**
 * User settings in one JSON file (or in memory when no path is given). Writes go to a temporary
 * file first so a crash never leaves half a file, and are readable by the owner only.
 *
 * The file may have been edited by hand: what can be used is used, and what cannot costs only
 * itself, said in one line (`warn`). A file that is not JSON at all means defaults, and a copy of
 * it is kept beside it (`settings.json.bad-<time>`) before the next save replaces it; keys this
 * version does not know (a newer version's) are written back as they were.
 */
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Settings } from '#shared/api';
import { errorMessage } from '#shared/error-message';
import { isUiStateKey, type UiStateKey } from '#shared/ui-state';
import { makeDirectory } from '../make-directory';
import { settingsPatch, DEFAULT_CAPACITY } from '#shared/validate';

export const DEFAULT_SETTINGS: Settings = { theme: 'system', defaultCapacity: DEFAULT_CAPACITY, redactSecrets: true };

const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SettingsStore {
  get(): Settings;
  /** Merges a validated patch and persists it. Rejects only on a disk error. */
  set(patch: Partial<Settings>): Promise<Settings>;
  /** The page's remembered state (shared/ui-state.ts), each key's value as JSON text. */
  uiState(): Record<string, string>;
  /** Keeps one key of the page's remembered state (a validated key, parsed JSON) and persists it. */
  putUiState(key: UiStateKey, value: unknown): Promise<void>;
}

/** Where a settings problem is said: one line, no trailing newline. */
export type SettingsWarn = (line: string) => void;

const stderrWarn: SettingsWarn = (line) => process.stderr.write(`streamscope: ${line}\n`);

/** The file's key holding the page's remembered state, by UI_STATE_KEYS key. */
const UI_KEY = 'ui';

interface Loaded {
  settings: Settings;
  ui: Record<string, unknown>;
  /** Keys of the file this version does not know, kept for the next write. */
  others: Record<string, unknown>;
}

function load(path: string, warn: SettingsWarn): Loaded {
  const loaded: Loaded = { settings: { ...DEFAULT_SETTINGS }, ui: {}, others: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return loaded; // Missing (the first run) or unreadable: defaults; the next save creates it.
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not a JSON object');
  } catch (err) {
    warn(
      `${path} is not valid JSON (${errorMessage(err).split('\n')[0]}): using default settings; ${keepCopy(path, text)}`,
    );
    return loaded;
  }
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === UI_KEY) {
      if (isRecord(value)) loaded.ui = value;
      else problems.push(`settings.${UI_KEY} must be an object (the app's saved requests, environments and layout)`);
      continue;
    }
    if (!(SETTING_KEYS as string[]).includes(key)) {
      loaded.others[key] = value;
      continue;
    }
    // Each known key on its own: one bad value must not take the others with it.
    const checked = settingsPatch({ [key]: value }, 'settings');
    if (checked.ok) Object.assign(loaded.settings, checked.value);
    else problems.push(checked.error.message);
  }
  if (problems.length > 0) {
    warn(
      `${path}: ${problems.join('; ')}: using the default for ${problems.length > 1 ? 'these' : 'it'}; ${keepCopy(path, text)}`,
    );
  }
  return loaded;
}

/**
 * Copies the file the user will want back before a save replaces it; says where (or why not). A
 * copy of the same text from an earlier start is reused, so restarts do not pile copies up.
 */
function keepCopy(path: string, text: string): string {
  try {
    const prefix = `${basename(path)}.bad-`;
    const same = readdirSync(dirname(path)).find(
      (n) => n.startsWith(prefix) && readFileSync(join(dirname(path), n), 'utf8') === text,
    );
    if (same) return `the file as it was is kept as ${same}`;
    const copy = `${path}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    copyFileSync(path, copy);
    return `the file as it was is kept as ${basename(copy)}`;
  } catch (err) {
    return `its copy failed (${errorMessage(err)})`;
  }
}

export function createSettingsStore(path: string | null, warn: SettingsWarn = stderrWarn): SettingsStore {
  const loaded: Loaded = path ? load(path, warn) : { settings: { ...DEFAULT_SETTINGS }, ui: {}, others: {} };
  let current = loaded.settings;
  const ui = loaded.ui;
  // One write at a time, in call order: two at once would share the temporary file.
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    if (!path) return Promise.resolve();
    const state = Object.keys(ui).length > 0 ? { [UI_KEY]: ui } : {};
    const text = JSON.stringify({ ...loaded.others, ...current, ...state }, null, 2) + '\n';
    const write = async (): Promise<void> => {
      await makeDirectory(dirname(path));
      const tmp = `${path}.${process.pid}.tmp`;
      // Owner only: environments may hold secret variables.
      await writeFile(tmp, text, { mode: 0o600 });
      // writeFile's mode applies to a new file only; a temp file left by a crash keeps its own.
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    };
    const next = writing.then(write, write);
    writing = next.catch(() => {});
    return next;
  };
  return {
    get: () => ({ ...current }),
    async set(patch) {
      current = { ...current, ...patch };
      await persist();
      return { ...current };
    },
    uiState() {
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(ui)) if (isUiStateKey(key)) out[key] = JSON.stringify(value);
      return out;
    },
    async putUiState(key, value) {
      ui[key] = value;
      await persist();
    },
  };
}
